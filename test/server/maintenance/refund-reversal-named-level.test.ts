/**
 * Found by review r200 (F4). STATUS 94 ("refund declined by the acquirer") and 96 ("refund
 * reversed") undo a refund (docs/ogone-protocol.md §6). A payment of 19.99 captured by us (level
 * 1), refunded 2.00 (level 2) and 3.00 (level 3) through the API. A status-change feedback 94
 * naming level 2 (PAYIDSUB, signed: on the SHA-OUT list) undid EVERY done refund
 * (feedback/with-operations.ts refundsReversed): both refunds failed, the payment `captured` with
 * nothing refunded — the 3.00 the platform did give back forgotten, and the back office's refunds
 * recorded as operations too. Now the refund on the named level only is undone; a level no refund
 * operation holds is read as no PAYIDSUB: with several refunds done, a query reads the levels
 * and undoes what they say (maintenance/sync.ts takenBackRefunds).
 *
 * The fake platform keeps the order's history levels (DirectLink guide §5.1.2); the 94 is written
 * on the level it names, and the order's STATUS becomes 94 (the guides confirm neither).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { capturedByUs, refundProbe } from './refund-probe.ts';
import { historyLevels } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a 94 naming the level of one refund (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));
    const { money, refunds, api, stored } = refundProbe(app, () => reference);
    /** The payment.refund_reversed events, oldest first. */
    const reversals = async () =>
      (await app.t.repository.listEvents({ reference, limit: 50, type: 'payment.refund_reversed' })).items
        .map((e) => e.data as { state: string; refundedAmount: number; settledOperation?: { payidSub: number; status: string } })
        .reverse();
    /** 19.99 captured by us (level 1), then our refunds of `amounts`, on levels 2, 3… */
    const refunded = async (amounts: number[]) => {
      reference = await capturedByUs(app, platform, PAYID);
      for (const amount of amounts) await api('/refund', { amount });
      const total = amounts.reduce((sum, amount) => sum + amount, 0);
      assert.deepEqual(await money(), ['partially_refunded', 1999, total], 'precondition: our refunds are settled');
    };
    /** The platform writes 94 on `level` (a new one when none is there) and answers 94 for the order. */
    const declined = (level: number) => {
      const existing = platform.levels[level - 1];
      if (existing) existing.status = '94';
      else platform.levels.push({ status: '94', amount: '1.00' });
      platform.head = { ...platform.head, status: '94' };
    };

    it('two refunds of ours, a 94 naming the first: only it is undone, 3.00 still refunded', async () => {
      await refunded([200, 300]);
      declined(2);
      const before = (await reversals()).length;
      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '2' }))).status, 200);
      assert.deepEqual(await refunds(), [
        [2, 200, 'failed', 94],
        [3, 300, 'done', 8],
      ]);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300], 'the 2.00 came back, the 3.00 did not');
      const announced = (await reversals()).slice(before);
      assert.deepEqual(
        announced.map((e) => [e.state, e.refundedAmount, e.settledOperation?.payidSub, e.settledOperation?.status]),
        [['partially_refunded', 300, 2, 'failed']],
        'the refund undone is announced once, by payment.refund_reversed, naming it',
      );

      // The platform's copy of the same feedback, then a query answering the order's 94 (no
      // PAYIDSUB): nothing more is undone.
      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '2' }))).status, 200);
      await api('/sync');
      assert.deepEqual(await refunds(), [
        [2, 200, 'failed', 94],
        [3, 300, 'done', 8],
      ]);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 300]);
      assert.equal((await reversals()).length, before + 1, 'announced once');
    });

    it("a 94 naming the back office's refund recorded as an operation undoes that one only", async () => {
      await refunded([200]);
      // The back office refunds 3.00 (level 3); a sync counts it as an operation of its own.
      platform.backOffice({ status: '8', amount: '3.00' });
      await api('/sync');
      assert.deepEqual(await money(), ['partially_refunded', 1999, 500], 'precondition: the back-office refund is counted');
      declined(3);
      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '3' }))).status, 200);
      assert.deepEqual(await refunds(), [
        [2, 200, 'done', 8],
        [3, 300, 'failed', 94],
      ]);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 200]);
    });

    it('a 94 naming a level no refund of ours holds is read as one without a level: left to the query, which reads that level', async () => {
      await refunded([200, 300]);
      declined(4);
      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '4' }))).status, 200);
      // Two refunds done: which one the acquirer took back, only the levels can say, so the
      // feedback leaves the payment to a query (docs/ogone-protocol.md §6).
      assert.deepEqual(await money(), ['partially_refunded', 1999, 500], 'nothing undone before the query');
      assert.equal((await stored()).syncNeeded, true, 'left to the reconciler');
      // The query reads levels 2 and 3, both still 8, and level 4: 94 for 1.00, the amount of no
      // refund of ours — a refund of the back office's taken back (review r360). Ours stay.
      await api('/sync');
      assert.deepEqual(await refunds(), [
        [2, 200, 'done', 8],
        [3, 300, 'done', 8],
        [4, 100, 'failed', 94],
      ]);
      assert.deepEqual(await money(), ['partially_refunded', 1999, 500]);
      assert.equal((await stored()).syncNeeded, false);
      await api('/sync');
      assert.deepEqual(await money(), ['partially_refunded', 1999, 500], 'a second query changes nothing more');
    });

    it('one refund of ours, a 94 without PAYIDSUB: that refund is undone, back to captured (as before)', async () => {
      await refunded([200]);
      declined(2);
      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID }))).status, 200);
      assert.deepEqual(await refunds(), [[2, 200, 'failed', 94]]);
      assert.deepEqual(await money(), ['captured', 1999, 0]);
      assert.deepEqual(
        (await reversals()).map((e) => [e.state, e.refundedAmount]),
        [['captured', 0]],
        'the move back to captured, once',
      );
    });
  });
}
