/**
 * Found by review r1455 (2026-12-07), now fixed. What was wrong: the locked read deciding whether a paid payment takes its session over
 * (server/repository/mutate-transaction.ts sessionPayment, `otherPaymentHoldsMoney`) no longer
 * counts a duplicate whose recorded duplicate_action is `refund` as money the merchant holds — on
 * the action alone, whether or not its give-back can still happen. A duplicate whose give-back
 * FAILED for good (refused by the platform MAX_GIVE_BACK_TRIES times, server/maintenance/
 * give-back-key.ts giveBackKey: nothing more is sent, "a person decides") keeps the shopper's money
 * with the merchant, yet is treated as if it were on its way back.
 *
 * Scenario (DUPLICATE_PAYMENTS=refund): A pays the session; B (second tab) is paid, flagged a
 * duplicate of A and its refund is refused every time (5 tries, then left). The merchant refunds
 * A. A third tab C is paid: C takes the session over (it is not given back) although B still holds
 * the order's money.
 *
 * Why it matters: the shopper is charged twice for one order (B and C both held, neither being
 * given back), where before the change C was flagged a duplicate and given back.
 *
 * The fix (`f074f3d`): only a duplicate with a refund or cancel on its way or done counts as
 * given back (repository/mutate-transaction.ts sessionPayment).
 *
 * Expectation: after C's feedback, at most one payment of the session holds money that is not
 * being given back.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { attemptsOfOneSession } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { eventually } from '../../support/waiting.ts';
import { appWithFakePlatform, platformAnswer } from './fake-platform.ts';
import { MAX_GIVE_BACK_TRIES } from '../../../server/maintenance/give-back-key.ts';

const PAYIDS = { a: '3145501', b: '3145502', c: '3145503' };
const HOLDS = new Set(['authorized', 'captured', 'partially_refunded']);

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a third tab paid after a duplicate's give-back failed for good and the first was refunded (${kind})`, () => {
    const maintenance: string[] = [];
    let sub = 1;
    const app = appWithFakePlatform(kind, async (path, form) => {
      if (path.includes('maintenancedirect')) {
        maintenance.push(`${form.OPERATION} ${form.PAYID}`);
        if (form.PAYID === PAYIDS.b)
          return platformAnswer({ orderID: '', PAYID: form.PAYID!, NCSTATUS: '5', NCERROR: '50001111', STATUS: '0', amount: '' });
        sub += 1;
        return platformAnswer({ orderID: '', PAYID: form.PAYID!, PAYIDSUB: String(sub), STATUS: '8', amount: '19.99' });
      }
      if (path.includes('querydirect')) {
        return platformAnswer({ orderID: form.ORDERID ?? '', PAYID: form.PAYID ?? '', STATUS: '9', amount: '19.99' });
      }
      throw new Error(`unexpected call ${path} ${JSON.stringify(form)}`);
    });

    it("does not let the third payment take the session over while the duplicate's money stays", { timeout: 30_000 }, async () => {
      const t = app.t;
      const [a, b, c] = (await attemptsOfOneSession(t, { amount: 1999, currency: 'EUR' }, 3)) as [string, string, string];
      const sessionId = (await t.repository.getTransaction(a))!.sessionId;
      assert.equal((await app.feedback(feedbackFor(a, 9, { PAYID: PAYIDS.a }))).status, 200);
      assert.equal((await app.feedback(feedbackFor(b, 9, { PAYID: PAYIDS.b }))).status, 200);
      const failed = async () => (await t.repository.listOperations(b)).filter((op) => op.status === 'failed').length;
      await eventually(failed, (n) => n >= 1, "precondition: B's first give-back refused");
      for (let i = 0; i < 3 * MAX_GIVE_BACK_TRIES && (await failed()) < MAX_GIVE_BACK_TRIES; i++) {
        await t.api(`/api/transactions/${b}/sync`, { method: 'POST', json: {} });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(await failed(), MAX_GIVE_BACK_TRIES, `precondition: every try of B's give-back refused ${JSON.stringify(maintenance)}`);
      const bNow = (await t.repository.getTransaction(b))!;
      assert.equal(bNow.duplicateOf, a, 'precondition: B flagged a duplicate of A');
      assert.ok(HOLDS.has(bNow.state), `precondition: B still holds money (${bNow.state})`);

      const refund = await t.api(`/api/transactions/${a}/refund`, { method: 'POST', json: {} });
      assert.ok(refund.status < 300, `refund: ${refund.status} ${await refund.clone().text()}`);
      assert.equal((await t.repository.getTransaction(a))!.state, 'refunded', 'precondition: A refunded');

      assert.equal((await app.feedback(feedbackFor(c, 9, { PAYID: PAYIDS.c }))).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 700));

      const all = await Promise.all([a, b, c].map(async (r) => (await t.repository.getTransaction(r))!));
      const ops = await t.repository.listOperations(b);
      const session = (await t.repository.getSession(sessionId))!;
      const name = (r: string | null | undefined) => (r === a ? 'A' : r === b ? 'B' : r === c ? 'C' : String(r));
      const cNow = all[2]!;
      const bAfter = all[1]!;
      const bGivenBack = !HOLDS.has(bAfter.state) || ops.some((op) => op.status !== 'failed');
      const kept = all.filter((tx) => HOLDS.has(tx.state) && !(tx.reference === c && cNow.duplicateOf));
      assert.ok(
        bGivenBack || kept.length <= 1,
        `the shopper is charged twice: ${all
          .map((tx) => `${name(tx.reference)} ${tx.state} duplicateOf=${name(tx.duplicateOf)}`)
          .join(', ')}; session paid by ${name(session.paidReference)}; B's give-back failed ${MAX_GIVE_BACK_TRIES} times ` +
          `(nothing more is sent) yet C took the session over instead of being given back; maintenance ${JSON.stringify(maintenance)}`,
      );
    });
  });
}
