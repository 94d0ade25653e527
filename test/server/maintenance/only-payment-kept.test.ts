/**
 * Found by review r212: "nothing is given back that was the only payment".
 *
 * Two tabs on one session (two hosted-page attempts A and B). A comes back authorised (STATUS 5):
 * the session is marked paid by A. A's authorisation is then cancelled at the platform (STATUS 6:
 * cancelled in the back office / authorisation lapsed) — A holds no money any more. B is paid
 * (STATUS 9, captured): it is now the session's ONLY payment. The duplicate review
 * (maintenance/duplicates.ts reviewPayment → domain/payment-states.ts otherPaidReference) only
 * asks whether the session is `paid` with another `paidReference`, never whether that payment
 * still holds money, so B is flagged duplicateOf A and refunded automatically: the shopper paid,
 * the merchant keeps nothing, the order is unpaid, and the session can never be paid again
 * (409 session_paid).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';

const PAYID_A = '3014726';
const PAYID_B = '3014727';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`the only payment of a session is not given back (${kind})`, () => {
    const maintenance: Record<string, string>[] = [];
    const app = appWithFakePlatform(kind, (path, form) => {
      if (path.includes('maintenancedirect')) {
        maintenance.push(form);
        const status = form.OPERATION === 'DES' ? '6' : '8';
        return platformAnswer({ orderID: '', PAYID: form.PAYID!, PAYIDSUB: '1', STATUS: status, amount: '19.99' });
      }
      throw new Error(`unexpected call ${path}`);
    });

    it('A authorised then cancelled at the platform; B captured is the only payment and must be kept', async () => {
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
      const a = await attempt();
      const b = await attempt();

      assert.equal((await app.feedback(feedbackFor(a, 5, { PAYID: PAYID_A }))).status, 200);
      assert.equal((await app.feedback(feedbackFor(a, 6, { PAYID: PAYID_A }))).status, 200);
      assert.equal((await app.t.repository.getTransaction(a))?.state, 'cancelled', 'precondition: A holds no money');

      assert.equal((await app.feedback(feedbackFor(b, 9, { PAYID: PAYID_B }))).status, 200);
      // The review runs after the answer: B becomes the session's payment.
      for (let waited = 0; waited < 5000; waited += 50) {
        if ((await app.t.repository.getSession(created.id))?.paidReference === b) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal((await app.t.repository.getSession(created.id))?.paidReference, b, "B is the session's payment now");

      const stored = await app.t.repository.getTransaction(b);
      const ops = await app.t.repository.listOperations(b);
      assert.deepEqual(
        maintenance.map((f) => `${f.OPERATION} ${f.PAYID}`),
        [],
        `B (${b}) is the session's only payment (A was cancelled, state ${(await app.t.repository.getTransaction(a))?.state}), ` +
          `yet it was given back: duplicateOf=${stored?.duplicateOf}, state=${stored?.state}, operations=${JSON.stringify(ops.map((o) => [o.kind, o.idempotencyKey, o.status]))}`,
      );
      assert.equal(stored?.duplicateOf ?? null, null);
      assert.equal((await app.t.repository.listEvents({ reference: b, limit: 10, type: 'payment.duplicate' })).items.length, 0);
    });
  });
}
