/**
 * Found by review r740. Commit 2e03139 leaves a back-office capture's 9 on a `partially_refunded` payment to the
 * query. When the query cannot read the capture's amount — a history level that states no AMOUNT,
 * the case sync.ts `backOfficeCapture` names ("the head's STATUS is then read as before, the whole
 * amount captured") — the fallback for a `partially_refunded` payment counts nothing, yet the
 * query clears `awaits_query` and `sync_needed`: the 5.00 the platform captured is dropped for good,
 * silently (no needsAttention, no later query). On an `authorized` payment the same answer counts
 * the capture (whole), so only the new path loses it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { authorisedOnlyPayments } from './back-office-capture.ts';
import { reconcilerRounds } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`back-office capture after our partial refund whose level states no amount (${kind})`, () => {
    const { platform, app, authorised, capturedAndCounted } = authorisedOnlyPayments(kind, PAYID);

    it('is counted, or stays flagged / handed to a person — the flag is not cleared with nothing counted', async () => {
      const reference = await authorised();
      await capturedAndCounted(reference, '3');
      const refund = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 100 } });
      assert.equal(refund.status, 200, await refund.clone().text());

      // From now on the platform's level answers state no AMOUNT.
      const handle = platform.handle;
      platform.handle = async (path, form) => {
        const answer = await handle(path, form);
        if (!path.includes('querydirect') || form.PAYIDSUB === undefined) return answer;
        const { amount: _amount, ...withoutAmount } = answer;
        return withoutAmount;
      };
      platform.backOffice({ status: '9', amount: '5' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      const flagged = (await app.t.repository.getTransaction(reference))!;
      assert.deepEqual(
        [flagged.state, flagged.awaitsQuery, flagged.syncNeeded],
        ['partially_refunded', true, true],
        'precondition: the 9 is left to the query',
      );

      await reconcilerRounds(app.t, 3);
      const after = (await app.t.repository.getTransaction(reference))!;
      assert.ok(
        after.capturedAmount > 300 || after.awaitsQuery === true || after.syncNeeded === true || after.needsAttention === true,
        `the platform captured 5.00 more; after the query the ledger says ${after.capturedAmount} captured, lastStatus ` +
          `${after.lastStatus}, awaitsQuery ${after.awaitsQuery}, syncNeeded ${after.syncNeeded}, needsAttention ` +
          `${after.needsAttention}: the query could not read the capture's amount, counted nothing (the "read as before" ` +
          'fallback does nothing on a partially_refunded payment) and still cleared the flag — the money is lost from the ' +
          'ledger and webhooks with nobody told',
      );
    });
  });
}
