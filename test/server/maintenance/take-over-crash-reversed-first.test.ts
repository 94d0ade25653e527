/**
 * Found by review r1385 (2026-12-07), now fixed:
 *
 * — a session's first payment, paid again by a refund reversal (94) that lands while a later
 * payment takes the session over, is left charged for good when the process dies right after the
 * take-over: nothing durable says it is a second paid payment to give back.
 *
 * What was wrong. maintenance/duplicates.ts takeOverSession reads the session's first payment A
 * (refunded: holds nothing), then moves the session's paidReference to B with a bare conditional
 * UPDATE (repository movePaidReference: `paid_reference = A`, nothing about A's state). A 94 for A
 * ("Refund declined by the acquirer", A captured again) committed between that read and the UPDATE
 * was decided while A was still the session's payment: not flagged, no `syncNeeded` (its last
 * STATUS 94 is final, so the reconciler never queries it). The only thing that would make A a
 * duplicate is the in-memory follow-up in reviewPayment's `kept` branch (re-read A, review it) —
 * a process killed between the UPDATE's commit and that re-read leaves A captured beside B, both
 * holding the order's money, A unflagged and unannounced, and nothing (feedback, reconciler) ever
 * reviews it again.
 *
 * Why it matters: the shopper stays charged twice (19.99 EUR via A and 19.99 EUR via B) and the
 * merchant is never told (no payment.duplicate). docs/ogone-protocol.md §8: "a process killed
 * between either write and the review loses no give-back"; README "Guarantees": a second payment of
 * a paid session is flagged, announced once with payment.duplicate and given back.
 *
 * The fix: the take-over is made in the write that records the later payment paid, under the
 * session's lock (feedback/session-role.ts), so the 94 is decided against it and flagged in
 * its own write; no in-memory re-check is left to lose.
 *
 * Expectation: after the process comes back and the reconciler runs, exactly one of A and B holds
 * the money and the other is flagged `duplicateOf` and given back (or at least still marked for a
 * sync: `syncNeeded`). The "kill" is simulated as in test/server/maintenance/give-back-reversal-sync-crash.test.ts:
 * the review's next repository read throws once, right after the take-over's UPDATE committed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { attemptsOfOneSession } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { eventually } from '../../support/waiting.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';
import { reconcilerRounds } from './history-levels.ts';

const PAYID_A = '3138501';
const PAYID_B = '3138502';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`take-over racing a refund reversal, process killed after it (${kind})`, () => {
    const maintenance: string[] = [];
    let level = 1;
    const state: Record<string, string> = { [PAYID_A]: '9', [PAYID_B]: '9' };
    const app = appWithFakePlatform(kind, (path, form) => {
      if (path.includes('maintenancedirect')) {
        maintenance.push(`${form.OPERATION} ${form.PAYID} ${form.AMOUNT}`);
        level += 1;
        state[form.PAYID!] = form.OPERATION === 'DES' ? '6' : '8';
        return platformAnswer({ orderID: '', PAYID: form.PAYID!, PAYIDSUB: String(level), STATUS: state[form.PAYID!]!, amount: '19.99' });
      }
      if (path.includes('querydirect')) {
        const payId = form.PAYID!;
        return platformAnswer({ orderID: form.ORDERID ?? '', PAYID: payId, STATUS: state[payId] ?? '9', amount: '19.99' });
      }
      throw new Error(`unexpected call ${path} ${JSON.stringify(form)}`);
    });

    it('A captured again beside B is still flagged and given back once the process is back', async () => {
      const t = app.t;
      const [a, b] = (await attemptsOfOneSession(t, { amount: 1999, currency: 'EUR' })) as [string, string];
      const sessionId = (await t.repository.getTransaction(a))!.sessionId;

      assert.equal((await app.feedback(feedbackFor(a, 9, { PAYID: PAYID_A }))).status, 200);
      const refund = await t.api(`/api/transactions/${a}/refund`, { method: 'POST', json: {} });
      assert.ok(refund.status < 300, `refund: ${refund.status} ${await refund.clone().text()}`);
      assert.equal((await t.repository.getTransaction(a))?.state, 'refunded', 'precondition: A refunded');
      await sleep(500);

      // The race: B's review read A refunded; A's 94 commits just before the take-over's UPDATE;
      // the process dies right after that UPDATE committed.
      const repository = t.repository as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const move = repository.movePaidReference!.bind(t.repository);
      const getTransaction = repository.getTransaction!.bind(t.repository);
      let armed = true;
      let kill = false;
      repository.movePaidReference = async (...args: unknown[]) => {
        if (armed) {
          armed = false;
          state[PAYID_A] = '94';
          const reversal = await app.feedback(feedbackFor(a, 94, { PAYID: PAYID_A, PAYIDSUB: '2' }));
          assert.equal(reversal.status, 200);
          await sleep(400); // its own review (background) ends
          const moved = await move(...args);
          kill = moved === true;
          return moved;
        }
        return move(...args);
      };
      repository.getTransaction = async (...args: unknown[]) => {
        if (kill && (new Error().stack ?? '').includes('reviewPayment')) {
          kill = false;
          throw new Error('process killed right after the take-over');
        }
        return getTransaction(...args);
      };

      assert.equal((await app.feedback(feedbackFor(b, 9, { PAYID: PAYID_B }))).status, 200);
      await sleep(300);
      // A take-over made otherwise (in B's own write, say) never called the hook: the 94 comes now.
      if (armed) {
        armed = false;
        state[PAYID_A] = '94';
        assert.equal((await app.feedback(feedbackFor(a, 94, { PAYID: PAYID_A, PAYIDSUB: '2' }))).status, 200);
      }
      await eventually(
        async () => (await t.repository.getSession(sessionId))?.paidReference,
        (paid) => paid === b,
        'B taking over',
      );
      await sleep(300);
      assert.equal(armed, false, 'precondition: the reversal raced the take-over');
      assert.equal(kill, false, 'precondition: the process died after the take-over');

      // The process comes back: feedback retries are over (A's last STATUS 94 is final); the reconciler runs.
      await reconcilerRounds(t, 3);
      await sleep(500);

      const A = (await t.repository.getTransaction(a))!;
      const B = (await t.repository.getTransaction(b))!;
      const holding = [A, B].filter((x) => x.state === 'captured' || x.state === 'authorized' || x.state === 'partially_refunded');
      const events = (await t.repository.listEvents({ reference: a, limit: 50 })).items.map((e) => e.type);
      assert.ok(
        holding.length <= 1 || A.duplicateOf === b || A.syncNeeded === true,
        `the shopper is charged twice for good: A ${a} ${A.state} duplicateOf=${A.duplicateOf} syncNeeded=${A.syncNeeded} ` +
          `lastStatus=${A.lastStatus}; B ${b} ${B.state} (the session's payment now); A's events: ${events.join(', ')}; ` +
          `maintenance sent: ${JSON.stringify(maintenance)}`,
      );
    });
  });
}
