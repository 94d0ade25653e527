/**
 * Two partial captures of one authorisation at once, from two instances on one PostgreSQL: 6.00 at
 * A and 4.00 at B of an authorised 10.00, together exactly what was authorised. B's capture of the
 * rest used to be sent as SAS — "last or full capture, closing the transaction" ([DL] §4.1.2,
 * docs/ogone-protocol.md §8) — while A's was still on its way. Nothing orders two requests on the
 * wire: when the SAS reaches the platform first, the order is closed and A's SAL is refused
 * (50001127), 6.00 the merchant asked for never captured. An SAS goes only when no other capture
 * is in flight, as an RFS only when no other refund is (server/domain/ledger.ts planOperation).
 *
 * Expected: both captures carried out, 10.00 captured at the platform and in the ledger.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox, type Sandbox } from '../../server/sandbox/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { MERCHANT_API_KEY, SCALE_SANDBOX_ACCOUNT, serverEnv } from '../support/accounts.ts';
import { closeServer, freePort, listen } from '../support/listen.ts';
import { spawnServer, type ServerProcess } from '../support/processes.ts';
import { payOnHostedPage } from '../support/hosted-page.ts';
import { createPayment } from '../support/merchant.ts';
import { eventually } from '../support/waiting.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function call(base: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const r = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${MERCHANT_API_KEY}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* keep text */
  }
  return { status: r.status, body: parsed };
}

describe('two partial captures at two instances at once (PostgreSQL)', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let sandbox: Sandbox;
  let sandboxServer: Awaited<ReturnType<typeof listen>>;
  let a: ServerProcess;
  let b: ServerProcess;

  before(async () => {
    database = await createTestDatabase('postgres');
    const port = await freePort();
    sandbox = createSandbox({
      ...SCALE_SANDBOX_ACCOUNT,
      feedbackUrl: `http://127.0.0.1:${port}/payment/ogone/return`,
      maintenanceDelayMs: 50,
    });
    // The network between instance A and the platform is a little slower than B's: A's request,
    // sent first, arrives second. (Any two requests in flight at once may arrive in either order.)
    sandboxServer = await listen(async (request) => {
      if (new URL(request.url).pathname.includes('maintenancedirect')) {
        const body = await request.clone().text();
        if (new URLSearchParams(body).get('OPERATION') === 'SAL') await sleep(800);
      }
      return sandbox.app.fetch(request);
    });
    const env = serverEnv(sandboxServer.url, { ...database.env, OGONE_OPERATION: 'RES' });
    const tuning = { reconciler: { intervalMs: 200, afterMs: 0 } };
    a = await spawnServer({ env: { ...env, PORT: String(port) }, entry: 'tuned', tuning });
    b = await spawnServer({ env, entry: 'tuned', tuning });
  });

  after(async () => {
    await a?.kill9();
    await b?.kill9();
    await sandbox?.close();
    if (sandboxServer) await closeServer(sandboxServer.server).catch(() => {});
    await database?.drop();
  });

  it('6.00 and 4.00 of an authorised 10.00, asked at once: both captured', async () => {
    const payment = await createPayment(a.url, { amount: 1000, currency: 'EUR' });
    await payOnHostedPage(payment.attempt, '4111111111111111');
    const reference = payment.reference;
    await eventually(
      () => call(a.url, `/api/transactions/${reference}`),
      (v) => v.body.state === 'authorized',
      'payment authorised',
    );

    const first = call(a.url, `/api/transactions/${reference}/capture`, { amount: 600 }, { 'idempotency-key': 'cap-600' });
    await sleep(150); // A's capture is recorded and on its way
    const second = await call(b.url, `/api/transactions/${reference}/capture`, { amount: 400 }, { 'idempotency-key': 'cap-400' });
    const firstAnswer = await first;
    await sleep(1000);
    const synced = await call(b.url, `/api/transactions/${reference}/sync`, {});

    const atPlatform = sandbox.payments().find((p: any) => p.orderId === reference)!;
    const ctx = JSON.stringify({
      first: [firstAnswer.status, firstAnswer.body?.operation ?? firstAnswer.body],
      second: [second.status, second.body?.operation ?? second.body],
      history: atPlatform.history,
      ledger: synced.body?.capturedAmount,
    });
    assert.ok(firstAnswer.status < 300, `the 6.00 capture is carried out: ${ctx}`);
    assert.ok(second.status < 300, `the 4.00 capture is carried out: ${ctx}`);
    assert.equal(atPlatform.captured, 1000, `the platform captured the 10.00 asked for: ${ctx}`);
    assert.equal(synced.body.capturedAmount, 1000, ctx);
  });
});
