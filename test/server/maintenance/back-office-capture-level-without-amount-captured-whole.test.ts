/**
 * Found by review r750 (finding 5). A capture level stating no AMOUNT on a payment the query's 9
 * captured whole — a draft whose first answer is that 9, or an authorisation counted whole from
 * such a level and synced again: maintenance/sync.ts backOfficeCapture answered 'unstated' for any
 * state but `authorized`, so `awaits_query` stayed set for good — queried every reconciler round
 * (Ogone forbids systematic queries), then flagged for a person at the maximum age — although
 * nothing was left to count.
 * Now 'unstated' is answered only for a payment captured for less than its amount (the case review
 * r740 meant); a payment captured whole, or read as its first answer, leaves nothing awaiting.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { authorisedOnlyPayments } from './back-office-capture.ts';
import { reconcilerRounds } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a draft found captured by the query, its level stating no amount (${kind})`, () => {
    const { platform, app } = authorisedOnlyPayments(kind, PAYID);

    it('is captured whole and nothing is left awaiting a query', async () => {
      const reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '5');
      // The back office captured the order; its level states no AMOUNT.
      platform.backOffice({ status: '9', amount: '' });
      assert.equal((await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' })).status, 200);
      const after = (await app.t.repository.getTransaction(reference))!;
      assert.deepEqual([after.state, after.capturedAmount], ['captured', 1999], 'precondition: paid whole, as documented');
      const queried = await reconcilerRounds(app.t, 3);
      const later = (await app.t.repository.getTransaction(reference))!;
      assert.deepEqual(
        [later.awaitsQuery === true, later.syncNeeded, queried.length],
        [false, false, 0],
        `three rounds later: awaitsQuery ${later.awaitsQuery}, syncNeeded ${later.syncNeeded}, queried ${queried.length} times`,
      );
      assert.deepEqual(
        [after.awaitsQuery === true, after.syncNeeded],
        [false, false],
        `captured ${after.capturedAmount} of ${after.amount}, yet awaitsQuery ${after.awaitsQuery}, syncNeeded ${after.syncNeeded}: ` +
          'the reconciler queries it every round and flags it for a person at the maximum age',
      );
    });

    it('an authorisation counted whole from such a level is not flagged again by a later sync', async () => {
      const reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '5');
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
      platform.backOffice({ status: '9', amount: '' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      await reconcilerRounds(app.t, 3);
      const counted = (await app.t.repository.getTransaction(reference))!;
      assert.deepEqual(
        [counted.state, counted.capturedAmount, counted.awaitsQuery === true],
        ['captured', 1999, false],
        'precondition: read as before, captured whole, flag cleared',
      );
      // The merchant presses "sync" (or any later query of the order): nothing new at the platform.
      assert.equal((await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' })).status, 200);
      const later = (await app.t.repository.getTransaction(reference))!;
      assert.deepEqual(
        [later.capturedAmount, later.awaitsQuery === true, later.syncNeeded],
        [1999, false, false],
        `captured ${later.capturedAmount} of ${later.amount}, yet a plain sync set awaitsQuery ${later.awaitsQuery}, ` +
          `syncNeeded ${later.syncNeeded}: queried every round from now on, then flagged for a person`,
      );
    });
  });
}
