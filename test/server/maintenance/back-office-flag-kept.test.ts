/**
 * Found by review r221. A status-change feedback of the back office's capture or refund (one that
 * settles none of ours) flags the payment for the reconciler, whose query reads the level's
 * amount (domain/back-office-operations.ts). But the flag had no reason attached: the answer of
 * our next operation, or our own earlier operation's feedback, recomputed it from our operations
 * (domain/ledger.ts `settle`) and cleared it before the reconciler's round. The back office's
 * amount was then never counted: 3.00 given back there stayed unknown to the ledger, and a
 * "refund everything" after a back-office capture went out short. The reason is now recorded
 * (`awaitsQuery`, migration 0024), and only a query clears it.
 * Since review r750 the API refuses any operation while the flag is set: "our next operation" is
 * one already under way when the back office's feedback arrives, answered after it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a back-office feedback's flag kept through our own operations (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));
    const stored = async () => (await app.t.repository.getTransaction(reference))!;
    const operation = async (what: 'capture' | 'refund', amount?: number) => {
      const response = await app.t.api(`/api/transactions/${reference}/${what}`, {
        method: 'POST',
        json: amount === undefined ? {} : { amount },
      });
      assert.ok(response.status < 300, `${what}: ${response.status} ${await response.clone().text()}`);
    };
    const sync = async () => {
      const response = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.ok(response.status < 300, `sync: ${response.status} ${await response.clone().text()}`);
    };
    const paid = async (status: 5 | 9) => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, String(status));
      platform.maintenanceAnswer = (level, payIdSub) => platform.answer(level.status, payIdSub, level.amount);
      assert.equal((await app.feedback(feedbackFor(reference, status, { PAYID }))).status, 200);
    };
    /**
     * `what` sent before the back office's feedback flags the payment, answered after it: since
     * review r750 the API refuses any operation while the flag is set, so our operation's answer
     * can only meet the flag this way (a request under way when the feedback arrives).
     */
    const answeredAfter = async (what: 'capture' | 'refund', amount: number, status: 8 | 9) => {
      const call = platform.stallNext();
      const sent = operation(what, amount);
      await call.entered.opened;
      await backOfficeFeedback(status);
      call.reach.open();
      call.answer.open();
      await sent;
    };
    const backOfficeFeedback = async (status: 8 | 9) => {
      platform.backOffice({ status: String(status), amount: status === 8 ? '3' : '9.99' });
      assert.equal((await app.feedback(feedbackFor(reference, status, { PAYID }))).status, 200);
      assert.equal((await stored()).syncNeeded, true, 'precondition: the back office feedback flags the payment');
    };

    it('our next refund answered before the round keeps the flag; the sync counts 5.00 + 3.00 + 2.00', async () => {
      await paid(9);
      await operation('refund', 500);
      await answeredAfter('refund', 200, 8);
      assert.equal((await stored()).syncNeeded, true, 'our refund of 2.00 settled: the back office 3.00 is still unread');
      await sync();
      const after = await stored();
      assert.deepEqual([after.refundedAmount, after.syncNeeded], [1000, false], `refunded ${after.refundedAmount}`);
    });

    it("our own refund's late feedback, after the back office's, keeps the flag", async () => {
      await paid(9);
      // Our refund processed offline: answered 81, its level 1.
      platform.maintenanceAnswer = (level, payIdSub) => platform.answer('81', payIdSub, level.amount);
      await operation('refund', 500);
      // The back office's 3.00 on level 2, its feedback naming it.
      platform.backOffice({ status: '8', amount: '3' });
      assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID, PAYIDSUB: '2' }))).status, 200);
      assert.equal((await stored()).refundedAmount, 0, 'precondition: level 2 is not ours');
      // Ours comes through: level 1 done.
      assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID, PAYIDSUB: '1' }))).status, 200);
      const settled = await stored();
      assert.deepEqual([settled.refundedAmount, settled.syncNeeded], [500, true], 'ours counted; the back office level still to read');
      await sync();
      assert.equal((await stored()).refundedAmount, 800);
    });

    it('our refund after a back-office capture keeps the flag, and the sync counts the 9.99', async () => {
      await paid(5);
      await operation('capture', 1000);
      await answeredAfter('refund', 400, 9);
      assert.equal((await stored()).syncNeeded, true, 'the 9.99 captured in the back office is still unread');
      await sync();
      const after = await stored();
      assert.deepEqual([after.capturedAmount, after.refundedAmount, after.syncNeeded], [1999, 400, false]);
    });
  });
}
