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
import { historyLevels } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite'] as DatabaseKind[]) {
  describe(`a back-office level counted before is not announced again (${kind})`, () => {
    const platform = historyLevels(PAYID);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));
    const api = async (path: string, body?: unknown) => {
      const response = await app.t.api(`/api/transactions/${platform.reference}${path}`, {
        method: 'POST',
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      assert.ok(response.status < 300, `${path}: ${response.status} ${await response.clone().text()}`);
      return response.json();
    };
    const backOffice = (amount: string) => platform.backOffice({ status: '8', amount });

    it('three refunds (back office 5.00, ours 3.00, back office 2.00): three payment.refunded', async () => {
      const reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '9');
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
        const data = e.data as { refundedAmount: number; settledOperation?: { amount: number; origin: string } };
        return [data.refundedAmount, data.settledOperation?.amount ?? null, data.settledOperation?.origin ?? null];
      });
      assert.equal(
        events.length,
        3,
        `three refunds, announced ${events.length} times — the 5.00 read first is announced again: ${JSON.stringify(seen)}`,
      );
    });
  });
}
