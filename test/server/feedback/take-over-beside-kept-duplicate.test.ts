/**
 * Found by review r1416 (2026-12-07), now fixed. What was wrong: a payment takes its session over in its paying write
 * (feedback/session-role.ts withSessionRole, domain/payment-states.ts sessionToTakeOver)
 * whenever the session's payment holds no money any more — without asking whether another payment
 * of the session, a duplicate flagged and KEPT (DUPLICATE_PAYMENTS=keep, `payment.duplicate` with
 * `action: "keep"`), holds the order's money. The premise the take-over rests on ("the shopper
 * paid, the merchant kept nothing", session-role.ts / payment-states.ts) is false there.
 *
 * Scenario: A pays the session; B (another tab) is paid too, flagged `duplicateOf` A and kept; the
 * merchant, told of the double charge, refunds A and keeps B. A third tab C is then paid: it takes
 * the session over, unflagged — its `payment.captured` goes out plain (no `duplicateOf`) and no
 * `payment.duplicate` is written for it.
 *
 * Why it matters: the shopper is now charged twice (B and C both hold 19.99) and the merchant is
 * never told (no payment.duplicate for C), while the shop, fulfilling on the plain
 * payment.captured, ships the order a second time (README "Webhooks": a second paid payment
 * carries `duplicateOf`; docs/ogone-protocol.md §8).
 *
 * The fix: the locked read also asks whether another payment of the session holds money
 * (repository/mutate-transaction.ts sessionPayment); while one does, a later paid payment is a
 * duplicate, never the session's.
 *
 * Expectation: while a payment of the session still holds the order's money, a later paid payment
 * is not announced as the session's own: C's payment.captured carries `duplicateOf` and C is
 * announced by payment.duplicate.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { attemptsOfOneSession } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform, platformAnswer } from './fake-platform.ts';

const PAYIDS = { a: '3141601', b: '3141602', c: '3141603' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a third tab paid after the session's payment was refunded beside a kept duplicate (${kind})`, () => {
    const maintenance: string[] = [];
    let level = 1;
    const app = appWithFakePlatform(
      kind,
      (path, form) => {
        if (path.includes('maintenancedirect')) {
          maintenance.push(`${form.OPERATION} ${form.PAYID} ${form.AMOUNT}`);
          level += 1;
          return platformAnswer({ orderID: '', PAYID: form.PAYID!, PAYIDSUB: String(level), STATUS: '8', amount: '19.99' });
        }
        if (path.includes('querydirect'))
          return platformAnswer({ orderID: form.ORDERID ?? '', PAYID: form.PAYID ?? '', STATUS: '9', amount: '19.99' });
        throw new Error(`unexpected call ${path} ${JSON.stringify(form)}`);
      },
      { env: { DUPLICATE_PAYMENTS: 'keep' } },
    );

    it("does not announce the third payment as the session's own while the kept one holds the money", async () => {
      const t = app.t;
      const [a, b, c] = (await attemptsOfOneSession(t, { amount: 1999, currency: 'EUR' }, 3)) as [string, string, string];
      const sessionId = (await t.repository.getTransaction(a))!.sessionId;
      assert.equal((await app.feedback(feedbackFor(a, 9, { PAYID: PAYIDS.a }))).status, 200);
      assert.equal((await app.feedback(feedbackFor(b, 9, { PAYID: PAYIDS.b }))).status, 200);
      await sleep(300);
      const B = (await t.repository.getTransaction(b))!;
      assert.deepEqual([B.state, B.duplicateOf], ['captured', a], 'precondition: B kept as a duplicate of A');
      // The merchant keeps B and refunds A.
      const refund = await t.api(`/api/transactions/${a}/refund`, { method: 'POST', json: {} });
      assert.ok(refund.status < 300, `refund: ${refund.status} ${await refund.clone().text()}`);
      assert.equal((await t.repository.getTransaction(a))!.state, 'refunded', 'precondition: A refunded');
      await sleep(300);

      assert.equal((await app.feedback(feedbackFor(c, 9, { PAYID: PAYIDS.c }))).status, 200);
      await sleep(500);

      const C = (await t.repository.getTransaction(c))!;
      const eventsC = (await t.repository.listEvents({ reference: c, limit: 50 })).items.reverse();
      const plain = eventsC.filter((e) => e.type === 'payment.captured' && !(e.data as { duplicateOf?: string | null }).duplicateOf);
      const session = await t.repository.getSession(sessionId);
      assert.ok(
        plain.length === 0 && eventsC.some((e) => e.type === 'payment.duplicate'),
        `C was announced as the session's own payment while the kept duplicate B still holds 19.99: the shopper is charged ` +
          `twice (B ${(await t.repository.getTransaction(b))!.state}, C ${C.state} duplicateOf=${C.duplicateOf}), session paid by ` +
          `${session?.paidReference === c ? 'C' : session?.paidReference}; C's events: ${eventsC.map((e) => e.type).join(' > ')}; ` +
          `maintenance ${JSON.stringify(maintenance)}`,
      );
    });
  });
}
