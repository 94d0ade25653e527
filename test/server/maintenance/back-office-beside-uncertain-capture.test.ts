/**
 * Found by review r200. Our capture answered uncertain without a PAYIDSUB, then settled by a
 * status-change feedback 9 (updatesFromOverallStatus): done, payidSub null. `backOfficeLevels`
 * skips a kind while one of ours holds no level, and nothing placed a done operation, so a
 * back-office capture of 9.99 was never counted, however often synced. A sync now places such an
 * operation on the done level of its amount (maintenance/sync.ts operationUpdates).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, uncertainWithoutLevel } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a back-office capture beside an uncertain capture of ours (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    // Our capture is processed offline (its level becomes 9 right after the answer), answered
    // uncertain: 92, NCSTATUS 2, no PAYIDSUB.
    platform.maintenanceAnswer = (level, payIdSub) =>
      uncertainWithoutLevel(platform.answer(level.status, payIdSub, level.amount), level.status === '9' ? '92' : '82');
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));

    const api = async (path: string, init: RequestInit = {}) => {
      const response = await app.t.api(`/api/transactions/${reference}${path}`, { method: 'POST', ...init });
      const body = (await response.json()) as Record<string, unknown>;
      assert.ok(response.status < 300, `${path}: ${response.status} ${JSON.stringify(body)}`);
      return body;
    };
    const operation = (kind: string, amount?: number) =>
      api(`/${kind}`, { body: JSON.stringify(amount === undefined ? {} : { amount }), headers: { 'content-type': 'application/json' } });
    const stored = async () => (await app.t.repository.getTransaction(reference))!;
    const authorised = async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '5');
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
    };
    const backOfficeCapture = (amount: string) => platform.backOffice({ status: '9', amount });

    it('our capture settled by an overall STATUS without a PAYIDSUB does not hide a back-office capture for good', async () => {
      await authorised();
      await operation('capture', 1000);
      const ours = (await app.t.repository.listOperations(reference))[0]!;
      assert.deepEqual([ours.status, ours.payidSub], ['pending', null], 'precondition: uncertain, no PAYIDSUB');
      // The status-change feedback 9 settles it (Ogone keeps 91/92 until it is processed).
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      assert.equal((await stored()).capturedAmount, 1000, 'precondition: our capture counted');

      backOfficeCapture('9.99');
      await api('/sync');
      await api('/sync');
      const after = await stored();
      assert.equal(
        after.capturedAmount,
        1999,
        `the platform holds 10.00 + 9.99 captured; after two syncs our ledger still says ${after.capturedAmount}`,
      );
    });
  });
}
