/**
 * No secret — SHA-IN and SHA-OUT passphrases, the API password, merchant API keys, the webhook
 * secret — in any log line, response or error, at the most verbose log level, through
 * representative flows: a hosted-page payment with a saved card, feedback genuine, tampered,
 * mismatched and unknown, saved-card payments and maintenance over DirectLink, a platform sync,
 * webhook deliveries failing then succeeding, bad keys, bad configurations. Both in process
 * (a logger capturing every line) and in real processes (`ogone-checkout serve` and
 * `ogone-checkout sandbox`, their stdout and stderr).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ConfigError, parseServerConfig } from '../../server/config/env.ts';
import { createLogger } from '../../server/logger.ts';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { logCollector } from '../support/logs.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import {
  MERCHANT_API_KEY,
  SCALE_ACCOUNT,
  SCALE_SANDBOX_ACCOUNT,
  SECOND_API_KEY,
  secretsIn,
  serverEnv,
  WEBHOOK_SECRET,
} from '../support/accounts.ts';
import { feedbackParams, sendFeedback } from '../support/feedback.ts';
import { createPayment } from '../support/merchant.ts';
import { freePort } from '../support/listen.ts';
import { spawnServer } from '../support/processes.ts';
import { startSandbox, type RunningSandbox } from '../support/sandbox.ts';
import { payOnHostedPage } from '../support/hosted-page.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

/** Records every response body and header it sees, for the same check. */
function recordingFetch(seen: string[]) {
  return async (url: string, init: RequestInit = {}): Promise<{ status: number; body: any }> => {
    const response = await fetch(url, { redirect: 'manual', ...init });
    const text = await response.text();
    seen.push(text, JSON.stringify([...response.headers]));
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // keep the text
    }
    return { status: response.status, body };
  };
}

/** Drives the flows against `base` (a server whose platform is a sandbox posting feedback to it). */
async function representativeFlows(base: string, seen: string[]): Promise<void> {
  const call = recordingFetch(seen);
  const json = (key: string | undefined, body?: unknown, method = 'POST'): RequestInit => ({
    method,
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

  // Bad keys.
  assert.equal((await call(`${base}/api/transactions`, json(undefined, undefined, 'GET'))).status, 401);
  assert.equal((await call(`${base}/api/transactions`, json(`${MERCHANT_API_KEY}x`, undefined, 'GET'))).status, 401);
  assert.equal((await call(`${base}/api/checkout-sessions`, json(SCALE_ACCOUNT.OGONE_SHA_IN, { amount: 1, currency: 'EUR' }))).status, 401);

  // A hosted-page payment saving the card, then the browser's return.
  const first = await createPayment(base, { amount: 4200, currency: 'EUR', customer: { id: 'secret-test' }, saveCard: 'always' });
  seen.push(JSON.stringify(first.attempt));
  const location = await payOnHostedPage(first.attempt, '4111111111111111', { save: true });
  if (location) await call(location, { headers: { accept: 'text/html', 'user-agent': 'Mozilla/5.0', 'sec-fetch-mode': 'navigate' } });

  // Feedback: tampered, wrong passphrase, mismatched amount, unknown order, no signature.
  const genuine = feedbackParams({ reference: first.reference, amount: first.amount, currency: 'EUR', status: 9 });
  const post = (params: Record<string, string>) =>
    call(`${base}/payment/ogone/return`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
  assert.equal((await post({ ...genuine, STATUS: '2' })).status, 403);
  assert.equal(
    (
      await post(
        feedbackParams({ reference: first.reference, amount: first.amount, currency: 'EUR', status: 9 }, SCALE_ACCOUNT.OGONE_SHA_IN),
      )
    ).status,
    403,
  );
  const { SHASIGN: _drop, ...unsigned } = genuine;
  assert.equal((await post(unsigned)).status, 403);
  assert.equal((await post(feedbackParams({ reference: 'OC-NOPE', amount: 1, currency: 'EUR', status: 9 }))).status, 404);
  const second = await createPayment(base, { amount: 1500, currency: 'EUR' });
  assert.equal(
    await sendFeedback(base, feedbackParams({ reference: second.reference, amount: 1, currency: 'EUR', status: 9 }), {
      channel: 'server',
      method: 'GET',
    }),
    200,
  );

  // Saved card over DirectLink (the request carries the API password), refunds and a sync.
  const view = (await call(`${base}/checkout/sessions/${first.sessionId}`)).body as { savedCards: Array<{ id: string }> };
  const aliasId = view.savedCards[0]?.id;
  assert.ok(aliasId, 'the card was saved');
  const next = await call(
    `${base}/api/checkout-sessions`,
    json(SECOND_API_KEY, { amount: 990, currency: 'EUR', customer: { id: 'secret-test' }, saveCard: 'optional' }),
  );
  const byAlias = await call(`${base}/checkout/sessions/${next.body.id}/attempts`, json(undefined, { aliasId }));
  assert.equal(byAlias.status, 201, JSON.stringify(byAlias.body));
  await call(`${base}/api/transactions/${first.reference}/refund`, json(MERCHANT_API_KEY, { amount: 100 }));
  await call(`${base}/api/transactions/${first.reference}/sync`, json(MERCHANT_API_KEY, {}));
  await call(`${base}/api/aliases/${aliasId}/charges`, json(MERCHANT_API_KEY, { amount: 300, currency: 'EUR' }));

  // What the merchant reads back.
  await call(`${base}/api/transactions/${first.reference}`, json(MERCHANT_API_KEY, undefined, 'GET'));
  await call(`${base}/api/events?limit=100`, json(MERCHANT_API_KEY, undefined, 'GET'));
  await call(`${base}/readyz`);
  await call(`${base}/payment/status/${first.reference}`);
}

describe('no secret in logs, responses or errors', { timeout: 120_000 }, () => {
  let sandbox: RunningSandbox | undefined;
  let receiver: WebhookReceiver | undefined;
  let server: RunningServer | undefined;
  const databases: TestDatabase[] = [];

  before(async () => {
    receiver = await startWebhookReceiver(WEBHOOK_SECRET);
  });
  after(async () => {
    await server?.close();
    await sandbox?.close();
    await receiver?.close();
    for (const database of databases) await database.drop();
  });

  it('in process: every log line at trace level, every response', async () => {
    const database = await createTestDatabase('sqlite');
    databases.push(database);
    const lines: string[] = [];
    const seen: string[] = [];
    const port = await freePort();
    const sandboxLines: string[] = [];
    const sandboxLogger = createLogger({ level: 'trace', destination: logCollector(sandboxLines) });
    sandbox = await startSandbox({
      ...SCALE_SANDBOX_ACCOUNT,
      feedbackUrl: `http://127.0.0.1:${port}/payment/ogone/return`,
      logger: sandboxLogger,
    });
    // The webhook endpoint is down at first: failed deliveries are logged too.
    await receiver!.down();
    server = await startServer({
      env: serverEnv(sandbox.url, { ...database.env, WEBHOOK_URL: receiver!.url, LOG_LEVEL: 'trace' }),
      port,
      host: '127.0.0.1',
      logger: createLogger({ level: 'trace', destination: logCollector(lines) }),
      webhooks: { pollIntervalMs: 50, backoff: { baseMs: 50, maxMs: 200 } },
    });
    await representativeFlows(server.url, seen);
    await receiver!.up();
    for (let i = 0; i < 200 && receiver!.deliveries.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(receiver!.deliveries.length >= 3, 'webhooks were delivered after failing');
    await server.close();
    server = undefined;

    assert.ok(lines.length > 30, `${lines.length} log lines`);
    for (const pattern of [/feedback refused/, /webhook delivery failed/, /webhook delivered/, /feedback processed/]) {
      assert.ok(
        lines.some((line) => pattern.test(line)),
        `the flows logged ${pattern}`,
      );
    }
    assert.deepEqual(secretsIn(lines.join('\n')), [], 'server log lines');
    assert.deepEqual(secretsIn(sandboxLines.join('\n')), [], 'sandbox log lines');
    assert.deepEqual(secretsIn(seen.join('\n')), [], 'responses');
    assert.deepEqual(secretsIn(JSON.stringify(receiver!.deliveries)), [], 'webhook bodies');
  });

  it('configuration errors name the setting, never its value', () => {
    const base = serverEnv('http://127.0.0.1:9', { DATA_DIR: '/tmp/none' });
    const cases: Array<Record<string, string>> = [
      { OGONE_SHA_OUT: SCALE_ACCOUNT.OGONE_SHA_IN },
      { OGONE_SHA_IN: `${SCALE_ACCOUNT.OGONE_SHA_IN}${'x'.repeat(20)}` },
      { OGONE_PASSWORD: '' },
      { MERCHANT_API_KEYS: `${MERCHANT_API_KEY},short-${SECOND_API_KEY.slice(0, 8)}` },
      { WEBHOOK_SECRET: WEBHOOK_SECRET.slice(0, 10), WEBHOOK_URL: 'https://hooks.example.com/x' },
      { OGONE_HASH_ALGORITHM: SCALE_ACCOUNT.OGONE_SHA_OUT },
      { DATABASE_URL: `mysql://user:${SCALE_ACCOUNT.OGONE_PASSWORD}@db/x` },
    ];
    for (const change of cases) {
      let message = '';
      try {
        parseServerConfig({ ...base, ...change });
      } catch (error) {
        assert.ok(error instanceof ConfigError, String(error));
        message = error.message;
      }
      assert.ok(message, `${Object.keys(change).join(',')} is refused`);
      assert.deepEqual(secretsIn(message), [], `${Object.keys(change).join(',')}: a secret in the message`);
      for (const [name, value] of Object.entries(change)) {
        if (name !== 'WEBHOOK_URL' && value.length >= 6) assert.ok(!message.includes(value), `${name}: the message repeats the value`);
      }
    }
  });

  it('real processes: `ogone-checkout serve` and `ogone-checkout sandbox` print no secret', async () => {
    const database = await createTestDatabase('sqlite');
    databases.push(database);
    const output: string[] = [];
    const port = await freePort();
    await sandbox?.close();
    sandbox = await startSandbox({ ...SCALE_SANDBOX_ACCOUNT, feedbackUrl: `http://127.0.0.1:${port}/payment/ogone/return` });
    const child = await spawnServer({
      env: serverEnv(sandbox.url, { ...database.env, PORT: String(port), LOG_LEVEL: 'trace', WEBHOOK_URL: receiver!.url }),
      sink: output,
    });
    const seen: string[] = [];
    try {
      await representativeFlows(child.url, seen);
    } finally {
      assert.equal(await child.stop(), 0);
    }
    const text = output.join('');
    assert.match(text, /signer server ready/);
    assert.match(text, /signer server stopped/);
    assert.deepEqual(secretsIn(text), [], 'serve output');
    assert.deepEqual(secretsIn(seen.join('\n')), [], 'responses');

    // The standalone sandbox, configured with the same account from the environment.
    const bin = fileURLToPath(new URL('../../bin/ogone-checkout.js', import.meta.url));
    const standalone = spawn(process.execPath, [bin, 'sandbox', '--port', '0'], {
      env: { PATH: process.env.PATH ?? '', ...SCALE_ACCOUNT },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let printed = '';
    standalone.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    standalone.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => standalone.once('exit', (code) => resolve(code)));
    for (let i = 0; i < 400 && !/listening on (http:\S+)/.test(printed); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    const url = /listening on (http:\S+)/.exec(printed)?.[1];
    assert.ok(url, printed);
    const control = await fetch(`${url}/sandbox`);
    const controlText = await control.text();
    standalone.kill('SIGTERM');
    await exited;
    assert.deepEqual(secretsIn(printed), [], 'sandbox CLI output');
    assert.deepEqual(secretsIn(controlText), [], 'sandbox control API');
  });
});
