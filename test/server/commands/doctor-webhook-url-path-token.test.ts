/**
 * Found in review: a webhook endpoint often authenticates by a secret in its path
 * (`https://shop.example/hooks/3f9a…`, as Slack's, Zapier's or webhook.site's URLs do), not only
 * in its query or user:password. `doctor` named WEBHOOK_URL with its whole path in every webhook
 * finding, and the demo banner did too (test/server/demo/banner-webhook-url.test.ts), so the
 * token reached the terminal, CI logs and whatever support ticket the output was pasted in. They
 * now print the scheme, host and port, and the path and query masked (`https://shop.example/…?…`):
 * no secret reaches any output, and which part of a path is a secret cannot be told from the URL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { printableEndpoint } from '../../../server/webhooks/endpoint.ts';
import { runCli } from '../../support/cli.ts';
import { freePort } from '../../support/listen.ts';

const PATH_TOKEN = '3f9a6c1e0b7d42a8';
const QUERY_TOKEN = 'tok_5e4d3c2b1a';
const PASSWORD = 'Basic-Pw-9921';

describe('the printable form of WEBHOOK_URL', () => {
  it('keeps scheme, host and port; masks a path and a query; never user:password', () => {
    assert.equal(
      printableEndpoint(`https://hook:${PASSWORD}@shop.example:8443/hooks/${PATH_TOKEN}?key=${QUERY_TOKEN}`),
      'https://shop.example:8443/…?…',
    );
    assert.equal(printableEndpoint(`https://shop.example/hooks/${PATH_TOKEN}`), 'https://shop.example/…');
    assert.equal(printableEndpoint(`https://shop.example/?token=${QUERY_TOKEN}`), 'https://shop.example/?…');
    // Nothing hidden, nothing masked: the operator sees the endpoint is the bare origin.
    assert.equal(printableEndpoint('https://shop.example'), 'https://shop.example/');
    assert.equal(printableEndpoint('http://127.0.0.1:8080/#fragment'), 'http://127.0.0.1:8080/');
  });

  it('is what a real doctor process prints, in text and JSON', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'ogone-checkout-'));
    try {
      // A closed port on loopback: the signed ping fails at once, and its finding names the endpoint.
      const port = await freePort();
      const env = {
        OGONE_ENVIRONMENT: 'sandbox',
        DATA_DIR: dataDir,
        WEBHOOK_URL: `http://hook:${PASSWORD}@127.0.0.1:${port}/hooks/${PATH_TOKEN}?key=${QUERY_TOKEN}`,
        WEBHOOK_SECRET: 'whsec_path_token_0123456789',
      };
      for (const args of [['doctor'], ['doctor', '--json']]) {
        const run = await runCli(args, env);
        const output = run.stdout + run.stderr;
        assert.ok(output.includes(`WEBHOOK_URL http://127.0.0.1:${port}/…?…`), output);
        for (const secret of [PATH_TOKEN, QUERY_TOKEN, PASSWORD]) assert.ok(!output.includes(secret), `${secret} printed:\n${output}`);
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
