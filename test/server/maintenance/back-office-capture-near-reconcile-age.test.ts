/**
 * Found by review r720. feedback/apply.ts `levelsWillBeRead` leaves a back-office 9 to a query when the payment
 * is younger than RECONCILE_MAX_AGE_DAYS *now*. But the reconciler never queries a payment that changed
 * less than RECONCILE_AFTER_SECONDS ago (default 900 s), and from RECONCILE_MAX_AGE_DAYS on it only flags
 * it for a person. A back-office capture whose 9 arrives in the last 15 minutes before that age is left
 * to a query that never comes: the payment stays `authorized` with `awaitsQuery`, and capture, cancel
 * and refund are refused (domain/ledger.ts planOperation) until a person syncs it — the very case the
 * r710 fix (back-office-capture-past-reconcile-age) meant to count whole.
 * Now a 9 is left to the query only when the reconciler's first query (a round after
 * RECONCILE_AFTER_SECONDS) comes before that age; otherwise it is counted as before.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { reconcilerSettings } from '../../../server/config/reconciler-settings.ts';
import { reconcilerRounds } from './history-levels.ts';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { authorisedOnlyPayments } from './back-office-capture.ts';

const PAYID = '3014726';
const DAY_MS = 86_400_000;

for (const kind of ['sqlite'] as DatabaseKind[]) {
  describe(`a back-office capture flagged minutes before RECONCILE_MAX_AGE_DAYS (${kind})`, () => {
    const { platform, app, authorised } = authorisedOnlyPayments(kind, PAYID);

    it('is counted by the reconciler, not left to a query it never sends', async () => {
      const reference = await authorised();
      assert.equal((await app.t.repository.getTransaction(reference))?.state, 'authorized', 'precondition');

      // 30 days less 10 minutes later, the back office captures the whole 19.99.
      app.t.clock.advance(30 * DAY_MS - 10 * 60_000);
      platform.backOffice({ status: '9', amount: '19.99' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);

      // The reconciler with the server's defaults: RECONCILE_AFTER_SECONDS 900, every 300 s, 30 days.
      const queried = await reconcilerRounds(app.t, 8, reconcilerSettings({}));

      const after = (await app.t.repository.getTransaction(reference))!;
      const refund = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: {} });
      assert.deepEqual(
        { state: after.state, capturedAmount: after.capturedAmount },
        { state: 'captured', capturedAmount: 1999 },
        `the platform captured all 19.99; 40 minutes of reconciler rounds later the ledger says ${after.state} with ` +
          `${after.capturedAmount} captured (awaitsQuery ${after.awaitsQuery}, needsAttention ${after.needsAttention}, queried ` +
          `${JSON.stringify(queried)}, a refund answers ${refund.status}): levelsWillBeRead checks the age at the feedback, ` +
          'but the reconciler waits RECONCILE_AFTER_SECONDS after a change and by then the payment is past its maximum age, so ' +
          'no query ever reads the levels and the API refuses capture, cancel and refund until a person syncs it',
      );
    });
  });
}
