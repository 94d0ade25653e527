/**
 * A duplicate's give-back refund taken back by the acquirer (94), learnt by a query (the merchant's
 * sync reading the history levels, maintenance/sync.ts), or a pending give-back found refused (83)
 * by the reconciler's query; the process dies between the answer's write and the review it brings.
 *
 * docs/ogone-protocol.md §8: "so does the write of the reconciler's answer that brings the review
 * back, so a process killed between either write and the review loses no give-back". The answer's
 * write used to clear `syncNeeded` (apply-answer.ts: the review was owed only to a payment not yet
 * flagged; sync.ts kept the flag only for a give-back owed before the answer), leaving the
 * duplicate captured, its last STATUS final, its give-back owed and never sent. The write now keeps
 * the flag for a give-back the answer leaves owed (give-back-key.ts giveBackOwedAfter).
 *
 * The process killed before the review: the review's first read (reviewPayment →
 * repository.getSession) throws once, after the answer was committed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { attemptsOfOneSession } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, reconcilerRounds } from './history-levels.ts';

const PAYID_KEPT = '3014801';
const PAYID_DUPLICATE = '3014726';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a duplicate's give-back reversed, read by a sync, the process dying before the review (${kind})`, () => {
    const platform = historyLevels(PAYID_DUPLICATE);
    const app = appWithFakePlatform(kind, (path, form) => {
      if (form.PAYID === PAYID_KEPT) throw new Error(`the kept payment must never be touched: ${JSON.stringify(form)}`);
      return platform.handle(path, form);
    });
    let killReview = false;
    let pendingNext = false;
    platform.maintenanceAnswer = (level, payIdSub) => {
      if (pendingNext) {
        pendingNext = false;
        level.status = '81';
        platform.orderSays('81');
      }
      return platform.answer(level.status, payIdSub, level.amount);
    };
    let patched = false;

    it('the reconciler still sends the give-back owed again', async () => {
      await scenario('reversed');
    });

    // Same root cause, the reconciler's own query: the give-back answered 81 (refund pending, an
    // unresolved STATUS the reconciler queries, §9); its level then says 83 (refund refused). The
    // reconciler's answer settles the try failed and brings the review that sends the next try
    // (give-back-key.ts) — its write clears syncNeeded, last STATUS 83 is final: killed before that
    // review, the give-back is never tried again.
    it('a pending give-back refused, read by the reconciler: the next try still sent', async () => {
      await scenario('refused');
    });

    async function scenario(how: 'reversed' | 'refused') {
      // The review dies once (the process killed right after the answer's write).
      const repository = app.t.repository as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      if (!patched) {
        patched = true;
        const getSession = repository.getSession!.bind(app.t.repository);
        repository.getSession = async (...args: unknown[]) => {
          if (killReview && (new Error().stack ?? '').includes('reviewPayment')) {
            killReview = false;
            throw new Error('process killed before the review');
          }
          return getSession(...args);
        };
      }

      const [kept, duplicate] = (await attemptsOfOneSession(app.t, { amount: 1999, currency: 'EUR' })) as [string, string];
      platform.start(duplicate, '9');
      platform.levels.push({ status: '9', amount: '19.99' }); // level 1: the payment itself

      // Two tabs, both paid: the second is flagged and given back (RFS 19.99, level 2).
      assert.equal((await app.feedback(feedbackFor(kept, 9, { PAYID: PAYID_KEPT }))).status, 200);
      pendingNext = how === 'refused';
      assert.equal((await app.feedback(feedbackFor(duplicate, 9, { PAYID: PAYID_DUPLICATE }))).status, 200);
      for (let i = 0; i < 100 && (await app.t.repository.listOperations(duplicate)).every((op) => op.status === 'sending'); i++)
        await sleep(20);
      await sleep(100);
      const givenBack = (await app.t.repository.getTransaction(duplicate))!;
      if (how === 'reversed') assert.equal(givenBack.state, 'refunded', 'precondition: the duplicate given back');
      else assert.equal(givenBack.lastStatus, 81, 'precondition: the give-back pending');
      assert.equal(platform.maintenance.length, 1);
      if (how === 'refused') {
        // The acquirer refuses it (level 2 and the order say 83); the reconciler queries the 81.
        platform.levelSays(2, '83');
        killReview = true;
        await reconcilerRounds(app.t, 1);
        await sleep(200);
        assert.equal(killReview, false, "precondition: the review after the reconciler's answer died");
        const refused = (await app.t.repository.getTransaction(duplicate))!;
        assert.deepEqual([refused.state, refused.lastStatus], ['captured', 83], 'precondition: the try refused');
        return finish(kept, duplicate);
      }

      // The acquirer declines that refund: level 2 and the order say 94. The merchant (or the
      // reconciler) syncs the duplicate; the query reads the level and undoes the give-back.
      platform.levelSays(2, '94');
      app.t.clock.advance(60_000);
      killReview = true;
      const sync = await app.t.api(`/api/transactions/${duplicate}/sync`, { method: 'POST' });
      assert.equal(sync.status, 200, await sync.clone().text());
      await sleep(200);
      assert.equal(killReview, false, 'precondition: the review after the sync died');
      const undone = (await app.t.repository.getTransaction(duplicate))!;
      assert.deepEqual([undone.state, undone.refundedAmount], ['captured', 0], 'precondition: the give-back undone');

      return finish(kept, duplicate);
    }

    async function finish(kept: string, duplicate: string) {
      // The process comes back; the reconciler runs.
      await reconcilerRounds(app.t, 3);
      await sleep(300);

      const after = (await app.t.repository.getTransaction(duplicate))!;
      const refunds = platform.maintenance.map((form) => `${form.OPERATION} ${form.PAYID} ${form.AMOUNT}`);
      assert.ok(
        after.state === 'refunded' || after.syncNeeded === true,
        `the duplicate holds the shopper's second charge again and nothing will give it back: state=${after.state} ` +
          `refunded=${after.refundedAmount} lastStatus=${after.lastStatus} syncNeeded=${after.syncNeeded} duplicateOf=${after.duplicateOf}; ` +
          `maintenance sent: ${JSON.stringify(refunds)}`,
      );
      assert.equal(after.state, 'refunded', 'the give-back sent again once the process is back');
      assert.deepEqual(refunds, [`RFS ${PAYID_DUPLICATE} 1999`, `RFS ${PAYID_DUPLICATE} 1999`], 'exactly one new give-back, of its amount');
      assert.equal((await app.t.repository.getTransaction(kept))?.state, 'captured', 'the kept payment untouched');
    }
  });
}
