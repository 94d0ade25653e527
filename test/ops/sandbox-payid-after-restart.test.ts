/**
 * Found by review r1575 (2026-12-07), now fixed.
 *
 * r1575 — a restart of `ogone-checkout serve` in sandbox mode (OGONE_ENVIRONMENT=sandbox, the demo's
 * `npm start`) hands out PAYIDs the database already holds, so a refund of an old payment moves the
 * money of another one.
 *
 * What is wrong: server/sandbox/store.ts `SandboxStore` keeps the platform's payments in memory and
 * starts `nextPayId` at FIRST_PAYID (3000001) in every process, while the server's own records
 * live on in DATA_DIR (README: "delete `data/` to start afresh" — the database is meant to outlive
 * a restart). After a crash (kill -9) or any restart on the same DATA_DIR, the first new payment
 * gets PAYID 3000001 again: two orders of the database now share one PAYID. DirectLink maintenance
 * names the payment by PAYID alone (docs/ogone-protocol.md §8; DirectLink guide §4.1), so a refund
 * the merchant asks for on the OLD payment (dashboard or API) is carried out by the sandbox on the
 * NEW shopper's payment; our server, seeing an answer that names another orderID, records the old
 * payment's refund as "outcome unknown" (§9 "Whose answer it is"), and the new payment is refunded
 * at the "platform" with nothing on our side saying so. The real platform never reuses a PAYID;
 * the sandbox that stands in for it must not either, or every test of refunds, reconciliation and
 * duplicate detection made across a restart of the demo reads wrong results.
 *
 * The test: sandbox mode on a temp DATA_DIR; payment A paid (SAL, captured); kill -9; restart on
 * the same DATA_DIR; payment B paid. Expected: B's PAYID differs from A's, and refunding A leaves
 * B untouched at the sandbox (nothing refunded on B's order).
 *
 * The fix: the sandbox takes a first PAYID (options.ts firstPayId), and start-server.ts gives the
 * one it mounts a first PAYID from the clock, ten a millisecond, past every earlier run's.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SCALE_ACCOUNT, MERCHANT_API_KEY } from '../support/accounts.ts';
import { api, createPayment } from '../support/merchant.ts';
import { payOnHostedPage } from '../support/hosted-page.ts';
import { spawnServer, type ServerProcess } from '../support/processes.ts';

describe('sandbox mode: PAYIDs after a restart on the same DATA_DIR', { timeout: 90_000 }, () => {
  const servers: ServerProcess[] = [];
  let dataDir: string | undefined;
  after(async () => {
    for (const server of servers) await server.kill9();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('never gives a new payment the PAYID of a payment the database already holds', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'r1575-sandbox-'));
    const env = {
      ...SCALE_ACCOUNT,
      OGONE_ENVIRONMENT: 'sandbox',
      OGONE_OPERATION: 'SAL',
      MERCHANT_API_KEYS: MERCHANT_API_KEY,
      DATA_DIR: dataDir,
      RECONCILE_INTERVAL_SECONDS: '0',
    };
    const pay = async (server: ServerProcess, amount: number) => {
      const payment = await createPayment(server.url, { amount, currency: 'EUR' });
      const back = await payOnHostedPage(payment.attempt, '4111111111111111');
      await (await fetch(back, { redirect: 'manual' })).arrayBuffer();
      const view = await api(server.url, `/api/transactions/${payment.reference}`);
      assert.equal(view.body.state, 'captured', JSON.stringify(view.body).slice(0, 300));
      return { reference: payment.reference, payid: view.body.payid as string };
    };

    const first = await spawnServer({ env });
    servers.push(first);
    const a = await pay(first, 4100);
    await first.kill9();

    const second = await spawnServer({ env });
    servers.push(second);
    const b = await pay(second, 4200);

    // The consequence: the merchant refunds A; the sandbox refunds whatever order holds A's PAYID.
    const refund = await api(second.url, `/api/transactions/${a.reference}/refund`, { json: { amount: 1000 } });
    const sandboxB = (await (await fetch(`${second.url}/sandbox/payments?orderId=${encodeURIComponent(b.reference)}`)).json()) as {
      payments: Array<{ refunded: number; refundPending: number }>;
    };
    const bRefunded = sandboxB.payments.reduce((sum, p) => sum + p.refunded + p.refundPending, 0);

    assert.ok(
      a.payid !== b.payid && bRefunded === 0,
      `after a restart the sandbox gave payment B (${b.reference}) PAYID ${b.payid}, the PAYID of payment A (${a.reference}, ${a.payid}); ` +
        `refunding 10.00 of A answered ${refund.status} ${JSON.stringify(refund.body).slice(0, 160)} and refunded ${bRefunded / 100} EUR of B at the sandbox`,
    );
  });
});
