/**
 * Found by review r1436 (2026-12-07), now fixed. What was wrong: the locked read deciding whether a paid payment takes its session over
 * (repository/mutate-transaction.ts sessionPayment, `otherPaymentHoldsMoney`; domain/
 * payment-states.ts sessionMoneyHeld; feedback/session-role.ts withSessionRole) counts as "the
 * order's money held elsewhere" any other payment of the session in authorized / captured /
 * partially_refunded — including a duplicate already flagged and being GIVEN BACK
 * (duplicate_action 'refund', its RFS on its way). The r1416 fix meant a duplicate KEPT under
 * DUPLICATE_PAYMENTS=keep; the query never looks at duplicate_action.
 *
 * Scenario (DUPLICATE_PAYMENTS=refund): A pays the session; B (second tab) is paid, flagged and
 * its refund sent (the platform is slow to answer it). The merchant refunds A. A third tab C is
 * paid while B's refund is in flight: C is flagged a duplicate of the refunded A and refunded too.
 *
 * Why it matters: the shopper paid three times and ends with everything given back, the merchant
 * keeps nothing, and the session stays "paid" by the refunded A forever (it can never be paid
 * again): the order the shopper paid for is lost — exactly what the take-over exists to prevent
 * ("the shopper paid, the merchant kept nothing: this one is the session's payment, never given
 * back", payment-states.ts sessionToTakeOver).
 *
 * The fix: a duplicate whose recorded action is `refund` does not count as money the merchant
 * holds (repository/mutate-transaction.ts sessionPayment).
 *
 * Expectation: a duplicate whose give-back is owed does not hold the order's money: once B's and
 * A's money is gone, the session's money is held by exactly one payment (C), which is not given back.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { attemptsOfOneSession } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { eventually } from '../../support/waiting.ts';
import { appWithFakePlatform, platformAnswer } from './fake-platform.ts';

const PAYIDS = { a: '3143601', b: '3143602', c: '3143603' };
const HOLDS = new Set(['authorized', 'captured', 'partially_refunded']);

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a third tab paid while the second tab's give-back is in flight and the first was refunded (${kind})`, () => {
    const maintenance: string[] = [];
    let releaseB: () => void = () => {};
    const bAnswered = new Promise<void>((resolve) => (releaseB = resolve));
    let sub = 1;
    const app = appWithFakePlatform(kind, async (path, form) => {
      if (path.includes('maintenancedirect')) {
        maintenance.push(`${form.OPERATION} ${form.PAYID} ${form.AMOUNT}`);
        if (form.PAYID === PAYIDS.b) await bAnswered;
        sub += 1;
        return platformAnswer({ orderID: '', PAYID: form.PAYID!, PAYIDSUB: String(sub), STATUS: '8', amount: '19.99' });
      }
      if (path.includes('querydirect')) {
        if (form.PAYID === PAYIDS.b) await bAnswered;
        return platformAnswer({ orderID: form.ORDERID ?? '', PAYID: form.PAYID ?? '', STATUS: '9', amount: '19.99' });
      }
      throw new Error(`unexpected call ${path} ${JSON.stringify(form)}`);
    });

    it('lets the third payment keep the order once every other payment is given back', async () => {
      const t = app.t;
      const [a, b, c] = (await attemptsOfOneSession(t, { amount: 1999, currency: 'EUR' }, 3)) as [string, string, string];
      const sessionId = (await t.repository.getTransaction(a))!.sessionId;
      assert.equal((await app.feedback(feedbackFor(a, 9, { PAYID: PAYIDS.a }))).status, 200);
      assert.equal((await app.feedback(feedbackFor(b, 9, { PAYID: PAYIDS.b }))).status, 200);
      await eventually(
        async () => maintenance.slice(),
        (calls) => calls.some((call) => call.includes(PAYIDS.b)),
        "precondition: B's give-back sent",
      );
      assert.equal((await t.repository.getTransaction(b))!.duplicateOf, a, 'precondition: B flagged a duplicate of A');
      const refund = await t.api(`/api/transactions/${a}/refund`, { method: 'POST', json: {} });
      assert.ok(refund.status < 300, `refund: ${refund.status} ${await refund.clone().text()}`);
      assert.equal((await t.repository.getTransaction(a))!.state, 'refunded', 'precondition: A refunded');

      assert.equal((await app.feedback(feedbackFor(c, 9, { PAYID: PAYIDS.c }))).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      releaseB();
      await eventually(
        async () => (await t.repository.getTransaction(b))!.state,
        (state) => state === 'refunded',
        "B's give-back answered",
      );
      await new Promise((resolve) => setTimeout(resolve, 500));

      const all = await Promise.all([a, b, c].map(async (r) => (await t.repository.getTransaction(r))!));
      const session = (await t.repository.getSession(sessionId))!;
      const holding = all.filter((tx) => HOLDS.has(tx.state));
      const name = (r: string | null | undefined) => (r === a ? 'A' : r === b ? 'B' : r === c ? 'C' : String(r));
      assert.ok(
        holding.length === 1 && holding[0]!.reference === c,
        `the shopper paid three times and the merchant keeps nothing: ${all
          .map((tx) => `${name(tx.reference)} ${tx.state} duplicateOf=${name(tx.duplicateOf)}`)
          .join(', ')}; session ${session.status}, paid by ${name(session.paidReference)}; C was flagged a duplicate while B's ` +
          `give-back was in flight and given back too; maintenance ${JSON.stringify(maintenance)}`,
      );
    });
  });
}
