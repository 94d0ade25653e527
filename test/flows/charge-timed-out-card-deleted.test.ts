/**
 * A merchant charge whose DirectLink request timed out while the order in fact never reached the
 * platform (dropped on the way out): the answer lost, the draft flagged for the reconciler, the key
 * freed by the 504. The card is then forgotten and the charge retried with the same key and body.
 *
 * The retry asks the platform, which does not know the order (maintenance/sync.ts orderUnknown
 * clears the flag). It used to be answered as the draft it is, 202 "under way", which the
 * idempotency middleware then kept for the key: a charge that was never made and never can be (the
 * card is gone) announced for good. It is refused now, as the retry of a charge that never left
 * (a refused connection) already was (charge-never-sent-card-deleted.test.ts): whether the first
 * request failed by a refused connection or a timeout changes nothing once the platform says it
 * does not know the order (docs/ogone-protocol.md §9).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../support/databases.ts';
import { saveCard, startFlowServer, type FlowServer } from '../flows/helpers.ts';

let dropNextOrder = false;
/** Times out the next new order WITHOUT forwarding it: the platform never sees it. */
const dropping = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
  if (dropNextOrder && new URL(String(input)).pathname.includes('orderdirect')) {
    dropNextOrder = false;
    throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
  }
  return fetch(input, init);
}) as typeof fetch;

for (const kind of DATABASE_KINDS) {
  describe(`a timed-out charge the platform never got, retried after the card was forgotten (${kind})`, { timeout: 120_000 }, () => {
    let flow: FlowServer;
    let card: string;

    before(async () => {
      flow = await startFlowServer(kind, {
        reconciler: { intervalMs: 0 },
        directLink: { timeoutMs: 1500, rtimeoutSeconds: false, fetch: dropping },
      });
      card = await saveCard(flow, `cust-lost-lost-${kind}`, '4111111111111111');
    });
    after(() => flow?.close());

    const platformCharges = async (amount: number) =>
      ((await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: Array<Record<string, any>> }).payments.filter(
        (p) => Number(p.amount) === amount,
      );

    it('is refused (4xx naming the card), never a 202 "under way" the key then keeps', async () => {
      const body = { amount: 4545, currency: 'EUR' };
      const key = `lost-lost-${kind}`;
      dropNextOrder = true;
      const first = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': key });
      assert.equal(first.status, 504, `precondition: the first answer was lost: ${first.status} ${JSON.stringify(first.body)}`);
      assert.equal((await platformCharges(4545)).length, 0, 'precondition: nothing reached the platform');

      const forgotten = await flow.api(`/api/aliases/${card}`, 'DELETE');
      assert.ok(forgotten.status === 200 || forgotten.status === 202, JSON.stringify(forgotten.body));

      for (let attempt = 0; attempt < 2; attempt++) {
        const retry = await flow.api(`/api/aliases/${card}/charges`, body, { 'idempotency-key': key });
        assert.equal((await platformCharges(4545)).length, 0, 'still nothing charged at the platform');
        assert.ok(
          retry.status >= 400 && retry.status < 500,
          `attempt ${attempt + 1}: the platform does not know the order and the card is deleted — no charge was made and none ` +
            `can be — yet the retry answers ${retry.status} state ${retry.body.state}: ${JSON.stringify(retry.body).slice(0, 300)}`,
        );
      }
    });

    it('with a reference instead of a key: the retry is refused too, not told 202 "under way"', async () => {
      // A second saved card (the first one was forgotten above).
      const second = await saveCard(flow, `cust-lost-lost-ref-${kind}`, '4111111111111111');
      const body = { amount: 4646, currency: 'EUR', reference: `LOST-${kind}` };
      dropNextOrder = true;
      const first = await flow.api(`/api/aliases/${second}/charges`, body);
      assert.equal(first.status, 504, `precondition: the first answer was lost: ${first.status} ${JSON.stringify(first.body)}`);
      const forgotten = await flow.api(`/api/aliases/${second}`, 'DELETE');
      assert.ok(forgotten.status === 200 || forgotten.status === 202, JSON.stringify(forgotten.body));
      const retry = await flow.api(`/api/aliases/${second}/charges`, body);
      assert.equal((await platformCharges(4646)).length, 0, 'nothing charged at the platform');
      assert.ok(
        retry.status >= 400 && retry.status < 500,
        `the platform does not know the order and the card is deleted, yet the retry answers ${retry.status} state ${retry.body.state}`,
      );
    });
  });
}
