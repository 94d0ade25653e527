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

const PAYID = '3014726';

interface Level {
  status: string;
  amount: string;
}

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a back-office capture beside an uncertain capture of ours (${kind})`, () => {
    let reference = '';
    let levels: Level[] = [];
    let head = { status: '5', amount: '19.99' };
    /** How the platform answers our capture: processing (91, its PAYIDSUB) or uncertain (92, NCSTATUS 2, no PAYIDSUB). */
    let captureAnswer: 'processing' | 'uncertain' = 'processing';
    const maintenance: Array<Record<string, string>> = [];
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
        maintenance.push(form);
        const amount = (Number(form.AMOUNT) / 100).toFixed(2);
        if (form.OPERATION === 'RFD' || form.OPERATION === 'RFS') {
          levels.push({ status: '8', amount });
          head = { ...head, status: '8' };
          return answer('8', levels.length, amount);
        }
        // The capture is processed offline: its level becomes 9 right after the answer.
        levels.push({ status: '9', amount });
        head = { ...head, status: '9' };
        if (captureAnswer === 'uncertain') {
          const { PAYIDSUB: _sub, ...rest } = answer('92', levels.length, amount);
          return { ...rest, NCSTATUS: '2', NCERROR: '20002001' };
        }
        return answer('91', levels.length, amount);
      }
      if (!path.includes('querydirect')) throw new Error(`unexpected call ${path}`);
      if (form.PAYIDSUB !== undefined) {
        const level = levels[Number(form.PAYIDSUB) - 1];
        if (!level) return { ...answer('', Number(form.PAYIDSUB), ''), NCERROR: '50001131', NCSTATUS: '5', STATUS: '' };
        return answer(level.status, Number(form.PAYIDSUB), level.amount);
      }
      return answer(head.status, levels.length, head.amount);
    });

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
      levels = [];
      head = { status: '5', amount: '19.99' };
      maintenance.length = 0;
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
    };
    const backOfficeCapture = (amount: string) => {
      levels.push({ status: '9', amount });
      head = { ...head, status: '9' };
    };

    it('our capture settled by an overall STATUS without a PAYIDSUB does not hide a back-office capture for good', async () => {
      captureAnswer = 'uncertain';
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
