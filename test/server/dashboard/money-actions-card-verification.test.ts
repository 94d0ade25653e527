/**
 * A setup session's card verification (docs/ogone-protocol.md §15) is never offered for capture.
 *
 * Found with review r1320: the verification is an authorisation only, cancelled automatically,
 * and the server refuses its capture (maintenance/operations.ts: "a card verification of a setup
 * session is never captured"), yet the dashboard's payment page offered "Capture" while it stood
 * authorised (its automatic void not sent yet, or refused). The payment's page data now says what
 * it is (`cardVerification`, GET /api/transactions/:reference), and the money-actions offer no
 * capture of it; the void, which the server takes, stays offered.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actionsFor } from '../../../server/dashboard/client/money-actions.ts';
import { transactionDetailView } from '../../../server/payments/views.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

function pageOf(mode: 'setup' | 'payment') {
  const session = sessionRecord({ mode, amount: 100, currency: 'EUR', customer: { id: 'cust-verify' } });
  const payment = transactionRecord(session.id, { state: 'authorized', lastStatus: 5, amount: 100, payid: '3014726', operation: 'RES' });
  return transactionDetailView({
    transaction: payment,
    session,
    operations: [],
    feedback: [],
    feedbackTruncated: false,
    events: [],
    eventsTruncated: false,
  });
}

describe('a card verification on the dashboard', () => {
  it('the payment page says it is a verification, and a payment is not one', () => {
    assert.equal(pageOf('setup').cardVerification, true);
    assert.equal(pageOf('payment').cardVerification, false);
  });

  it('is offered for void only, never for capture (the server refuses)', () => {
    assert.deepEqual(actionsFor(pageOf('setup')), ['cancel']);
    assert.deepEqual(actionsFor(pageOf('payment')), ['capture', 'cancel'], 'an authorised payment keeps both');
  });
});
