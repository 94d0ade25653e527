/**
 * Two instances on one PostgreSQL database. A refund whose DirectLink call timed out
 * before reaching the platform (`unknown`) and a second refund of the same amount, sent by the
 * other instance, whose answer has not come back yet (`sending`). A sync meanwhile must not
 * give the unknown refund the history level that belongs to the one in flight: the platform
 * refunded once, our ledger must say so.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { SCALE_SANDBOX_ACCOUNT, serverEnv } from '../support/accounts.ts';
import { api, createPayment } from '../support/merchant.ts';
import { feedbackParams, sendFeedback } from '../support/feedback.ts';
import { payOnHostedPage } from '../support/hosted-page.ts';
import { startSandbox, type RunningSandbox } from '../support/sandbox.ts';

const isMaintenance = (input: unknown) => String(input instanceof Request ? input.url : input).includes('maintenancedirect');

describe('unknown refund on A, same-amount refund in flight on B, sync on A', { timeout: 60_000 }, () => {
  let database: TestDatabase;
  let sandbox: RunningSandbox;
  let a: RunningServer;
  let b: RunningServer;
  /** A: the next maintenance call never reaches the platform and times out. */
  let dropNextOnA = false;
  /** B: the next maintenance call reaches the platform; its answer is held until released. */
  let holdNextOnB: { reached: () => void; release: Promise<void> } | undefined;

  before(async () => {
    database = await createTestDatabase('postgres');
    sandbox = await startSandbox({ ...SCALE_SANDBOX_ACCOUNT, maintenanceDelayMs: 50 });
    const env = serverEnv(sandbox.url, { ...database.env, PUBLIC_URL: 'http://127.0.0.1:1' });
    const common = { port: 0, host: '127.0.0.1', quiet: true, env, reconciler: { intervalMs: 0 } } as const;
    a = await startServer({
      ...common,
      directLink: {
        timeoutMs: 20_000,
        rtimeoutSeconds: false,
        fetch: async (input, init) => {
          if (dropNextOnA && isMaintenance(input)) {
            dropNextOnA = false;
            throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
          }
          return fetch(input, init);
        },
      },
    });
    b = await startServer({
      ...common,
      directLink: {
        timeoutMs: 20_000,
        rtimeoutSeconds: false,
        fetch: async (input, init) => {
          const hold = isMaintenance(input) ? holdNextOnB : undefined;
          if (hold) holdNextOnB = undefined;
          const response = await fetch(input, init);
          if (hold) {
            const text = await response.text();
            hold.reached();
            await hold.release;
            return new Response(text, { status: response.status, headers: response.headers });
          }
          return response;
        },
      },
    });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await sandbox?.close();
    await database?.drop();
  });

  it('records exactly what the platform refunded', async () => {
    const payment = await createPayment(a.url, { amount: 1000, currency: 'EUR' });
    await payOnHostedPage(payment.attempt, '4111111111111111');
    const atPlatform = sandbox.sandbox.payments({ orderId: payment.reference })[0]!;
    const code = await sendFeedback(
      a.url,
      feedbackParams({ reference: payment.reference, amount: 1000, currency: 'EUR', status: atPlatform.status, payId: atPlatform.payId }),
      { channel: 'server', method: 'POST' },
    );
    assert.equal(code, 200);
    const ref = payment.reference;
    if (atPlatform.status === 5) {
      const captured = await api(a.url, `/api/transactions/${ref}/capture`, { json: {} });
      assert.ok(captured.status === 200 || captured.status === 202, JSON.stringify(captured.body));
      await new Promise((r) => setTimeout(r, 200));
      await api(a.url, `/api/transactions/${ref}/sync`, { json: {} });
    }
    const start = await api(a.url, `/api/transactions/${ref}`);
    assert.equal(start.body.capturedAmount, 1000, JSON.stringify(start.body));

    // Refund 300 on A: the call never reaches the platform (timeout, outcome unknown).
    dropNextOnA = true;
    const lost = await api(a.url, `/api/transactions/${ref}/refund`, { json: { amount: 300 } });
    assert.equal(lost.status, 504, JSON.stringify(lost.body));

    // Refund 300 on B: carried out by the platform, its answer still on the way.
    let reached!: () => void;
    const reachedPlatform = new Promise<void>((r) => (reached = r));
    let release!: () => void;
    holdNextOnB = { reached, release: new Promise<void>((r) => (release = r)) };
    const inFlight = api(b.url, `/api/transactions/${ref}/refund`, { json: { amount: 300 } });
    await reachedPlatform;
    await new Promise((r) => setTimeout(r, 150)); // the platform settles it (8)

    // Meanwhile A syncs the payment (the merchant's sync, or A's reconciler).
    const synced = await api(a.url, `/api/transactions/${ref}/sync`, { json: {} });
    assert.equal(synced.status, 200, JSON.stringify(synced.body));

    release();
    const answered = await inFlight;
    assert.ok(answered.status === 200 || answered.status === 202, JSON.stringify(answered.body));
    await new Promise((r) => setTimeout(r, 150));
    const final = await api(b.url, `/api/transactions/${ref}/sync`, { json: {} });
    assert.equal(final.status, 200, JSON.stringify(final.body));

    const platform = sandbox.sandbox.payments({ orderId: ref })[0]!;
    assert.equal(platform.refunded, 300, 'the platform refunded once');
    const view = await api(a.url, `/api/transactions/${ref}`);
    assert.equal(
      view.body.refundedAmount,
      platform.refunded,
      `our ledger says what the platform refunded: ${JSON.stringify(view.body.operations)}`,
    );
  });
});
