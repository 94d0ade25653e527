/**
 * A duplicate whose give-back failed still holds the order's money. The locked read counts a
 * duplicate being given back as money going back to the shopper (review r1436), so that a third
 * paid payment may take the session over once the merchant refunded its first; but only while that
 * give-back is on its way or done. Here the platform refuses B's refund (STATUS 0, NCERROR
 * 50001127: "this order is not authorised"), so B keeps its 19.99 until a later try or a person. A
 * third tab C, paid after the merchant refunded A, must not take the session over: with B
 * captured too, the shopper would be charged twice and C announced as the order's payment. C is
 * the session's duplicate, flagged in its own write and given back.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { attemptsOfOneSession } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { eventually } from '../../support/waiting.ts';
import { appWithFakePlatform, platformAnswer } from './fake-platform.ts';

const PAYIDS = { a: '3145701', b: '3145702', c: '3145703' };

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a third tab paid beside a duplicate whose give-back was refused (${kind})`, () => {
    const maintenance: string[] = [];
    let sub = 1;
    const app = appWithFakePlatform(kind, (path, form) => {
      if (path.includes('maintenancedirect')) {
        maintenance.push(`${form.OPERATION} ${form.PAYID} ${form.AMOUNT}`);
        if (form.PAYID === PAYIDS.b)
          return {
            ...platformAnswer({ orderID: '', PAYID: form.PAYID, STATUS: '0', amount: '19.99' }),
            NCSTATUS: '5',
            NCERROR: '50001127',
          };
        sub += 1;
        return platformAnswer({ orderID: '', PAYID: form.PAYID!, PAYIDSUB: String(sub), STATUS: '8', amount: '19.99' });
      }
      if (path.includes('querydirect'))
        return platformAnswer({ orderID: form.ORDERID ?? '', PAYID: form.PAYID ?? '', STATUS: '9', amount: '19.99' });
      throw new Error(`unexpected call ${path} ${JSON.stringify(form)}`);
    });

    it('C is a duplicate, never the session payment', async () => {
      const t = app.t;
      const [a, b, c] = (await attemptsOfOneSession(t, { amount: 1999, currency: 'EUR' }, 3)) as [string, string, string];
      const sessionId = (await t.repository.getTransaction(a))!.sessionId;
      assert.equal((await app.feedback(feedbackFor(a, 9, { PAYID: PAYIDS.a }))).status, 200);
      assert.equal((await app.feedback(feedbackFor(b, 9, { PAYID: PAYIDS.b }))).status, 200);
      await eventually(
        async () => (await t.repository.listOperations(b)).map((op) => op.status),
        (statuses) => statuses.length > 0 && statuses.every((status) => status === 'failed'),
        "precondition: B's give-back refused",
      );
      const B = (await t.repository.getTransaction(b))!;
      assert.equal(B.duplicateOf, a, 'precondition: B flagged a duplicate of A');
      assert.equal(B.state, 'captured', 'precondition: B keeps its money');
      const refund = await t.api(`/api/transactions/${a}/refund`, { method: 'POST', json: {} });
      assert.ok(refund.status < 300, `refund: ${refund.status} ${await refund.clone().text()}`);

      assert.equal((await app.feedback(feedbackFor(c, 9, { PAYID: PAYIDS.c }))).status, 200);
      const session = (await t.repository.getSession(sessionId))!;
      const C = (await t.repository.getTransaction(c))!;
      assert.equal(session.paidReference, a, `C took the session over while B holds 19.99: maintenance ${JSON.stringify(maintenance)}`);
      assert.equal(C.duplicateOf, a);
      const captured = (await t.repository.listEvents({ reference: c, limit: 20 })).items.filter((e) => e.type === 'payment.captured');
      assert.deepEqual(
        captured.map((e) => (e.data as { duplicateOf?: string | null }).duplicateOf),
        [a],
        "C's capture says whose duplicate it is",
      );
      await eventually(
        async () => maintenance.filter((call) => call.includes(PAYIDS.c)),
        (calls) => calls.length === 1,
        "C's give-back sent once",
      );
    });
  });
}
