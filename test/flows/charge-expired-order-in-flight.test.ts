/**
 * A keyed charge whose answer was lost is retried (the retry claims the send lease and sends the
 * order again, same ORDERID). While that retry's order is on its way, the payment is asked about
 * (a sync by hand or the reconciler): the platform does not know the order yet and the charge's
 * 24-hour session has just expired, so the payment is made `expired`. The order then reaches the
 * platform and is charged, but the retry's answer is lost too: the payment is `expired` and
 * flagged syncNeeded. The merchant's next retry under the key was answered 409 `charge_expired`,
 * "never made … charge again", and the key kept it: the merchant charged again, twice.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../server/clock.ts';
import { chargeOrderIdForKey } from '../../server/payments/reference.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { saveCard, startFlowServer, type FlowServer } from './helpers.ts';

for (const kind of DATABASE_KINDS) {
  describe(`a keyed charge retried while its payment is expired by a sync (${kind})`, { timeout: 120_000 }, () => {
    let flow: FlowServer;
    let card: string;
    let mode: 'pass' | 'drop' | 'hold' = 'pass';
    let entered: () => void = () => {};
    let gate: Promise<void> = Promise.resolve();
    const clock = manualClock(new Date());

    before(async () => {
      flow = await startFlowServer(kind, {
        clock,
        reconciler: { intervalMs: 0 },
        directLink: {
          timeoutMs: 20_000,
          rtimeoutSeconds: false,
          fetch: (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
            if (!String(input).includes('orderdirect')) return fetch(input, init);
            if (mode === 'drop') {
              mode = 'pass';
              throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
            }
            if (mode === 'hold') {
              mode = 'pass';
              entered();
              await gate;
              // The order reaches the platform (charged) but its answer never comes back.
              await fetch(input, init);
              throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
            }
            return fetch(input, init);
          }) as typeof fetch,
        },
      });
      card = await saveCard(flow, `cust-expired-in-flight-${kind}`, '4111111111111111');
    });
    after(() => flow?.close());

    it('is not told "never made, charge again" while an order of it may have been charged', async () => {
      const body = { amount: 2468, currency: 'EUR' };
      const key = `expired-in-flight-${kind}`;
      const reference = chargeOrderIdForKey(key);
      mode = 'drop';
      const first = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': key });
      assert.ok(first.status >= 500, `precondition: the first answer was lost (${first.status} ${JSON.stringify(first.body)})`);

      // Just before the charge's session (24 h) expires, the merchant retries.
      clock.advance(24 * 3600_000 - 60_000);
      let release: () => void = () => {};
      gate = new Promise<void>((resolve) => (release = resolve));
      const inFlight = new Promise<void>((resolve) => (entered = resolve));
      mode = 'hold';
      const retryDone = flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': key });
      await inFlight;

      // Meanwhile the session expires and the payment is asked about: unknown yet, so expired.
      clock.advance(120_000);
      const sync = await flow.api(`/api/transactions/${reference}/sync`, {});
      assert.equal(sync.body.state, 'expired', `precondition: expired by the sync (${JSON.stringify(sync.body)})`);
      release();
      const retry = await retryDone;
      assert.ok(retry.status >= 500, `precondition: the retry's answer was lost (${retry.status} ${JSON.stringify(retry.body)})`);

      const charged = (
        (await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: Array<Record<string, any>> }
      ).payments.filter((p) => p.orderId === reference && [5, 9].includes(Number(p.status)));
      assert.equal(charged.length, 1, 'precondition: the retry’s order was charged at the platform');

      const again = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': key });
      assert.notEqual(
        again.body?.error?.code,
        'charge_expired',
        `the merchant is told the charge was never made (${again.status} ${JSON.stringify(again.body)}) while the platform charged it`,
      );
    });
  });
}
