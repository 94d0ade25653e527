/**
 * WEBHOOK_URL as an operator writes it: credentials in the URL go as HTTP Basic authentication,
 * percent-decoded (webhooks/endpoint.ts), and a query string may carry a token.
 * - A password with a bare "%" (`50%off`) passed the URL check, then failed every delivery as a
 *   "network error" (decoding it threw before a request left) for 72 hours, and made doctor crash.
 * - doctor printed the URL's query string, token included, although deliveries and the start
 *   log never print more than the origin.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { collectConfigErrors } from '../../../server/config/env.ts';
import { accountEnv, runCli } from './account-env.ts';

const SECRET = 'whsec_webhook_url_0123456789';
const TOKEN = 'tok_live_9f8e7d6c5b4a39281706';

describe('WEBHOOK_URL', () => {
  let receiver: Server;
  let port = 0;
  let dataDir = '';
  const seen: string[] = [];

  before(async () => {
    receiver = createServer((req, res) => {
      // doctor also asks PUBLIC_URL's feedback path, on this same port.
      if (req.url?.startsWith('/hooks')) seen.push(`${req.url} ${req.headers.authorization ?? ''}`);
      req.resume();
      req.on('end', () => res.writeHead(200).end('ok'));
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
    dataDir = await mkdtemp(path.join(tmpdir(), 'oc-webhook-url-'));
  });
  after(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    await rm(dataDir, { recursive: true, force: true });
  });

  const env = (webhookUrl: string) =>
    accountEnv({
      DATA_DIR: dataDir,
      OGONE_ENVIRONMENT: 'sandbox',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      WEBHOOK_URL: webhookUrl,
      WEBHOOK_SECRET: SECRET,
    });

  it('with a bare "%" in its password refuses the start, naming WEBHOOK_URL and not the password', () => {
    const errors = collectConfigErrors(env(`http://hook:50%off@127.0.0.1:${port}/hooks`));
    const named = errors.filter((error) => error.variable === 'WEBHOOK_URL');
    assert.equal(named.length, 1, errors.map((error) => `${error.variable}: ${error.message}`).join('; ') || 'no errors');
    assert.match(named[0]!.message, /%25/);
    assert.ok(!named[0]!.message.includes('50%off'));
  });

  it('with the "%" written as %25 is accepted: doctor pings it with the decoded password', async () => {
    assert.deepEqual(
      collectConfigErrors(env(`http://hook:50%25off@127.0.0.1:${port}/hooks`)).map((error) => error.variable),
      [],
    );
    seen.length = 0;
    const { out } = await runCli(['doctor'], env(`http://hook:50%25off@127.0.0.1:${port}/hooks`));
    assert.deepEqual(seen, [`/hooks Basic ${Buffer.from('hook:50%off').toString('base64')}`], out);
    assert.ok(!out.includes('50%off') && !out.includes('50%25off'), out);
  });

  it('doctor reports the bare "%" as a finding instead of crashing', async () => {
    const { code, out } = await runCli(['doctor'], env(`http://hook:50%off@127.0.0.1:${port}/hooks`));
    assert.notEqual(code, 0);
    assert.match(out, /WEBHOOK_URL/);
    assert.ok(!out.includes('50%off'), out);
  });

  it('doctor never prints a token carried in the query string', async () => {
    seen.length = 0;
    const { out } = await runCli(['doctor'], env(`http://127.0.0.1:${port}/hooks?token=${TOKEN}`));
    assert.deepEqual(seen, [`/hooks?token=${TOKEN} `], 'the ping goes to the URL as written');
    // The path is masked too: it may carry the token as well (printableEndpoint).
    assert.match(out, new RegExp(`127\\.0\\.0\\.1:${port}/…\\?…`));
    assert.ok(!out.includes(TOKEN), out);
  });
});
