/**
 * decideFeedback, the pure decision behind every feedback and query answer: what a STATUS does to
 * a payment's state and amounts, without a database.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decideFeedback } from '../../server/feedback/decide.ts';
import { sessionRecord, transactionRecord } from '../support/records.ts';

const session = sessionRecord({ status: 'paid' });
const params = (status: number) => ({ ORDERID: 'T1', AMOUNT: '19.99', CURRENCY: 'EUR', STATUS: String(status), PAYID: '3014726', NCERROR: '0' });

describe('decideFeedback', () => {
  for (const reversal of [94, 96]) {
    it(`STATUS ${reversal} undoes a refund: captured again, nothing refunded, the capture kept`, () => {
      for (const state of ['refunded', 'partially_refunded'] as const) {
        const current = transactionRecord(session.id, { state, lastStatus: 8, capturedAmount: 1999, refundedAmount: state === 'refunded' ? 1999 : 500 });
        const decision = decideFeedback(current, session, { params: params(reversal), status: reversal, channel: 'query' });
        assert.equal(decision.patch?.state, 'captured', state);
        assert.equal(decision.patch?.refundedAmount, 0, state);
        assert.equal(decision.patch?.capturedAmount, undefined, `${state}: the captured amount stays as it was`);
        assert.equal(decision.patch?.lastStatus, reversal);
      }
    });
  }

  it('a first capture (9) records the whole amount as captured and nothing as refunded', () => {
    const current = transactionRecord(session.id, { state: 'pending' });
    const decision = decideFeedback(current, session, { params: params(9), status: 9, channel: 'server' });
    assert.equal(decision.patch?.state, 'captured');
    assert.equal(decision.patch?.capturedAmount, 1999);
    assert.equal(decision.patch?.refundedAmount, undefined);
  });
});
