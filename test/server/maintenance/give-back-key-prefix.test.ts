/**
 * One rule for the give-back's own keys. The merchant API refuses the automatic give-back's own
 * Idempotency-Keys ("duplicate-payment", "setup-verification" and their ":<n>" tries,
 * routes/merchant/transaction-actions.ts): a merchant's operation under such a key was taken for a
 * give-back try. The route refused only `<key>:<digits>`, yet the give-back counted every key that
 * merely started with `<key>:` as one of its tries (maintenance/give-back-key.ts giveBackKey). A
 * merchant's partial refund of a duplicate under "duplicate-payment:manual" — accepted — was read
 * as a give-back try that was done: the duplicate's remaining money was never given back.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';

const PAYID_FIRST = '3014726';
const PAYID_SECOND = '3014727';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  for (const merchantKey of ['merchant-partial-refund', 'duplicate-payment:manual']) {
    describe(`a duplicate partially refunded by the merchant under "${merchantKey}" (${kind})`, () => {
      let second = '';
      let maintenanceCalls = 0;
      let subs = 1;
      const sent: Array<{ operation: string; amount: string }> = [];
      const app = appWithFakePlatform(kind, (path, form) => {
        const base = { orderID: second, PAYID: PAYID_SECOND, ACCEPTANCE: 'test123' };
        if (path.includes('maintenancedirect')) {
          maintenanceCalls++;
          sent.push({ operation: form.OPERATION!, amount: form.AMOUNT! });
          // The give-back's first try is refused by the platform; everything after is done. (Not
          // 50001127 or an overflow: those say the order moved, and a query comes first.)
          if (maintenanceCalls === 1) return platformAnswer({ ...base, NCSTATUS: '5', NCERROR: '50001111', STATUS: '0', amount: '' });
          return platformAnswer({ ...base, PAYIDSUB: String(++subs), STATUS: '8', amount: String(Number(form.AMOUNT) / 100) });
        }
        // The payment as a query by PAYID tells it: partially refunded.
        return platformAnswer({ ...base, STATUS: '8', amount: '19.99' });
      });
      const waitFor = async (check: () => Promise<boolean>, what: string, tries = 100) => {
        for (let i = 0; i < tries; i++) {
          if (await check()) return true;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        if (what) assert.fail(`timed out waiting for ${what}`);
        return false;
      };

      it('the rest of the duplicate is given back by the next review', async () => {
        const created = (await (
          await app.t.api('/api/checkout-sessions', { method: 'POST', json: { amount: 1999, currency: 'EUR' } })
        ).json()) as { id: string };
        const attempt = async () => {
          const response = await app.t.app.request(`/checkout/sessions/${created.id}/attempts`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ saveCard: false }),
          });
          assert.equal(response.status, 201, await response.clone().text());
          return ((await response.json()) as { reference: string }).reference;
        };
        const first = await attempt();
        second = await attempt();
        assert.equal((await app.feedback(feedbackFor(first, 9, { PAYID: PAYID_FIRST }))).status, 200);
        assert.equal((await app.feedback(feedbackFor(second, 9, { PAYID: PAYID_SECOND }))).status, 200);
        // The automatic give-back (RFS 19.99) is tried and refused by the platform.
        await waitFor(
          async () => (await app.t.repository.listOperations(second)).some((op) => op.status === 'failed'),
          'the give-back refused once',
        );

        // The merchant refunds 1.00 of the duplicate by hand, under a key the route accepts.
        const partial = await app.t.api(`/api/transactions/${second}/refund`, {
          method: 'POST',
          json: { amount: 100 },
          headers: { 'idempotency-key': merchantKey },
        });
        assert.equal(partial.status, 200, await partial.clone().text());

        // The next review (a sync, as the reconciler runs it) sends the give-back's next try.
        const sync = await app.t.api(`/api/transactions/${second}/sync`, { method: 'POST' });
        assert.equal(sync.status, 200, await sync.clone().text());
        await waitFor(async () => (await app.t.repository.getTransaction(second))?.state === 'refunded', '', 50);
        const stored = await app.t.repository.getTransaction(second);
        const operations = await app.t.repository.listOperations(second);
        assert.deepEqual(
          { state: stored?.state, refundedAmount: stored?.refundedAmount },
          { state: 'refunded', refundedAmount: 1999 },
          `the duplicate's remaining 18.99 was never given back; platform calls ${JSON.stringify(sent)}; operations ${JSON.stringify(
            operations.map((op) => [op.idempotencyKey, op.operation, op.amount, op.status]),
          )}; syncNeeded ${stored?.syncNeeded}`,
        );
      });
    });
  }
}
