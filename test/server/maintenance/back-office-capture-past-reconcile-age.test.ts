/**
 * Found by review r710. A payment authorised only (OPERATION RES) is captured in full in Ogone's back office
 * 31 days after it was made (a long authorisation: RECONCILE_MAX_AGE_DAYS is 30 by default). Its
 * status-change 9 — which before that change counted the capture — now only flags the payment
 * for a query, but the reconciler never queries a payment past its maximum age (claimForSync's
 * `createdAfter`): it flags it `needsAttention` instead. Nothing else ever reads the levels: the
 * payment the platform captured in full stays `authorized` for good, no payment.captured is sent,
 * and the API refuses its capture (and the refund of the money it took) until a person syncs it by hand.
 * Now a feedback leaves to a query only what a query will read (feedback/apply.ts): past the
 * maximum age its 9 is counted as before.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { authorisedOnlyPayments } from './back-office-capture.ts';
import { reconcilerRounds } from './history-levels.ts';

const PAYID = '3014726';
const DAY_MS = 86_400_000;

for (const kind of ['sqlite'] as DatabaseKind[]) {
  describe(`a back-office capture of an authorisation older than the reconciler's maximum age (${kind})`, () => {
    const { platform, app, authorised } = authorisedOnlyPayments(kind, PAYID);

    it('is counted, not left to a query the reconciler will never send', async () => {
      const reference = await authorised();
      assert.equal((await app.t.repository.getTransaction(reference))?.state, 'authorized', 'precondition');

      app.t.clock.advance(31 * DAY_MS);
      platform.backOffice({ status: '9', amount: '19.99' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      const queried = await reconcilerRounds(app.t, 3);

      const after = (await app.t.repository.getTransaction(reference))!;
      const captured = await app.t.repository.listEvents({ reference, limit: 50, type: 'payment.captured' });
      assert.deepEqual(
        { state: after.state, capturedAmount: after.capturedAmount },
        { state: 'captured', capturedAmount: 1999 },
        `the platform captured all 19.99; the ledger says ${after.state} with ${after.capturedAmount} captured (awaitsQuery ` +
          `${after.awaitsQuery}, needsAttention ${after.needsAttention}, payment.captured sent ${captured.items.length} times, the ` +
          `reconciler queried ${JSON.stringify(queried)}): the 9 is left to a query the reconciler never sends past ` +
          'RECONCILE_MAX_AGE_DAYS, so the captured payment stays authorised — capture and refund refused — until a person syncs it',
      );
    });
  });
}
