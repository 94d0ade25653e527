/**
 * `npm start` keeps a WEBHOOK_URL the operator set (the demo against Ogone's test platform) and
 * names it in its banner: whole, that printed the endpoint's HTTP Basic password and any query
 * token to the terminal and whatever captures it — and, found in review, a token carried in the
 * path (`/hooks/3f9a…`) too. It prints the origin with path and query masked, as doctor does
 * (webhooks/endpoint.ts printableEndpoint).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { banner } from '../../../server/demo/banner.ts';

describe('the demo banner with WEBHOOK_URL set', () => {
  it('names the endpoint without its password, path or query token', () => {
    const text = banner({
      url: 'http://localhost:8787',
      apiKey: undefined,
      credentialsFile: undefined,
      sandbox: false,
      database: 'SQLite in /tmp/x',
      webhookUrl: 'https://shop:s3cret-Pa55@hooks.example.com/ogone/3f9a6c1e0b7d42a8?token=tok_9f8e7d6c',
    });
    assert.match(text, /delivered to https:\/\/hooks\.example\.com\/…\?…/);
    assert.ok(!text.includes('s3cret-Pa55'), text);
    assert.ok(!text.includes('tok_9f8e7d6c'), text);
    assert.ok(!text.includes('3f9a6c1e0b7d42a8'), text);
  });
});
