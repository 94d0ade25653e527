/**
 * Found by review r210. A back-office refund read before we made any refund is counted and announced then
 * (withPlatformRefund: one payment.refunded). countBackOfficeLevels later records its level as an
 * operation "without counting twice" — but when the same sync also records a NEW back-office level,
 * `settled` is every inserted operation of the kind whose amount moved, so the old level's 5.00 is
 * announced a second time (payment.refunded with operation.amount 500, origin back_office).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';

const PAYID = '3014726';

for (const kind of ['sqlite'] as DatabaseKind[]) {
  describe(`a back-office level counted before is not announced again (${kind})`, () => {
    let reference = '';
    let levels: Array<{ status: string; amount: string }> = [];
    let head = { status: '9', amount: '19.99' };
    const answer = (status: string, payIdSub: number, amount: string) => ({
      orderID: reference,
      PAYID,
      PAYIDSUB: String(payIdSub),
      NCSTATUS: '0',
      NCERROR: '0',
      NCERRORPLUS: '!',
      ACCEPTANCE: 'test123',
      STATUS: status,
      amount,
      currency: 'EUR',
      PM: 'CreditCard',
      BRAND: 'VISA',
    });
    const app = appWithFakePlatform(kind, async (path, form) => {
      if (path.includes('maintenancedirect')) {
        const amount = (Number(form.AMOUNT) / 100).toFixed(2);
        levels.push({ status: '8', amount });
        head = { ...head, status: '8' };
        return answer('8', levels.length, amount);
      }
      if (form.PAYIDSUB !== undefined) {
        const level = levels[Number(form.PAYIDSUB) - 1];
        if (!level) return { ...answer('', Number(form.PAYIDSUB), ''), NCERROR: '50001131', NCSTATUS: '5', STATUS: '' };
        return answer(level.status, Number(form.PAYIDSUB), level.amount);
      }
      return answer(head.status, levels.length, head.amount);
    });
    const api = async (path: string, body?: unknown) => {
      const response = await app.t.api(`/api/transactions/${reference}${path}`, {
        method: 'POST',
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      assert.ok(response.status < 300, `${path}: ${response.status} ${await response.clone().text()}`);
      return response.json();
    };
    const backOffice = (amount: string) => {
      levels.push({ status: '8', amount });
      head = { ...head, status: '8' };
    };

    it('three refunds (back office 5.00, ours 3.00, back office 2.00): three payment.refunded', async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      levels = [];
      head = { status: '9', amount: '19.99' };
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      backOffice('5');
      await api('/sync');
      await api('/refund', { amount: 300 });
      backOffice('2');
      await api('/sync');
      const t = (await app.t.repository.getTransaction(reference))!;
      assert.equal(t.refundedAmount, 1000, 'precondition: 5.00 + 3.00 + 2.00');
      const events = (await app.t.repository.listEvents({ reference, limit: 50, type: 'payment.refunded' })).items;
      const seen = events.map((e) => {
        const data = e.data as { refundedAmount: number; operation?: { amount: number; origin: string } };
        return [data.refundedAmount, data.operation?.amount ?? null, data.operation?.origin ?? null];
      });
      assert.equal(
        events.length,
        3,
        `three refunds, announced ${events.length} times — the 5.00 read first is announced again: ${JSON.stringify(seen)}`,
      );
    });
  });
}
