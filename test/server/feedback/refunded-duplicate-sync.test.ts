/**
 * A refunded duplicate owes no give-back, so it does not keep syncNeeded. A session's second
 * attempt whose 9 was lost is found refunded by the query (a refund proves the capture); the review
 * flags it `duplicateOf` the paid one with nothing to give back. It was still counted as owing a
 * give-back, so every sync kept the flag and the reconciler would have queried the payment on every
 * pass until its maximum age, which Ogone forbids (DirectLink guide §5.4, docs §9).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform, refundedInFull } from './fake-platform.ts';

const PAYID_FIRST = '3014726';
const PAYID_SECOND = '3014727';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a refunded duplicate and syncNeeded (${kind})`, () => {
    let second = '';
    let queries = 0;
    const app = appWithFakePlatform(kind, (path) => {
      if (!path.includes('querydirect')) throw new Error(`unexpected call ${path}`);
      queries++;
      return refundedInFull(second, PAYID_SECOND);
    });

    const sync = async (reference: string) => {
      const response = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.equal(response.status, 200, await response.clone().text());
    };
    const waitFor = async (check: () => Promise<boolean>, what: string) => {
      for (let i = 0; i < 100; i++) {
        if (await check()) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.fail(`timed out waiting for ${what}`);
    };

    it('second attempt refunded (its 9 lost): once settled, the reconciler is not asked to come back for good', async () => {
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
      assert.equal((await app.feedback(feedbackFor(second, 46, { PAYID: PAYID_SECOND }))).status, 200);
      assert.equal((await app.feedback(feedbackFor(second, 8, { PAYID: PAYID_SECOND }))).status, 200);
      await sync(second);
      await waitFor(async () => (await app.t.repository.getTransaction(second))?.duplicateOf === first, 'the duplicate flag');
      const refunded = await app.t.repository.getTransaction(second);
      assert.equal(refunded?.state, 'refunded', 'precondition: the query found the refund');
      assert.equal(refunded?.refundedAmount, 1999);

      // Nothing is left to give back (the money is refunded) and no operation is open.
      await sync(second);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await sync(second);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const stored = await app.t.repository.getTransaction(second);
      assert.deepEqual(await app.t.repository.listOperations(second), [], 'nothing was sent');
      assert.equal(
        stored?.syncNeeded,
        false,
        `a refunded duplicate owes no give-back, yet syncNeeded stays ${stored?.syncNeeded} after ${queries} queries: the reconciler asks every pass`,
      );
    });
  });
}
