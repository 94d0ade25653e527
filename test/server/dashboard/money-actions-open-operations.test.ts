/**
 * The dashboard's refund dialog on a payment's page stated (and accepted) a maximum that
 * ignored the refund or capture still being processed by Ogone (an operation `pending`, e.g. STATUS
 * 81), although the page holds those operations (`GET /api/transactions/:reference` → operations).
 * The server's ledger (server/domain/ledger.ts planOperation) reserves open operations' amounts and
 * refuses — in minor units ("at most 999 minor units can still be refunded (requested 1999)") — what
 * the dialog had just confirmed as "Refund €19.99 of €19.99".
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readAmount } from '../../../server/dashboard/client/amount-input.ts';
import { actionsFor, remainingFor, type PaymentAmounts } from '../../../server/dashboard/client/money-actions.ts';
import type { TransactionDetail } from '../../../server/dashboard/client/types.ts';

function detail(patch: Partial<TransactionDetail>): TransactionDetail & PaymentAmounts {
  return {
    reference: 'OC-R680',
    state: 'captured',
    amount: 1999,
    currency: 'EUR',
    capturedAmount: 1999,
    refundedAmount: 0,
    status: 81,
    statusMeaning: 'Refund pending',
    payid: '3000001',
    brand: 'VISA',
    cardNumber: 'XXXXXXXXXXXX1111',
    ncError: null,
    ncErrorMessage: null,
    amountMismatch: false,
    needsAttention: false,
    duplicateOf: null,
    customerId: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    operations: [],
    ...patch,
  } as TransactionDetail & PaymentAmounts;
}

describe('refund dialog maximum with a refund still processing at Ogone', () => {
  it('a pending refund of €10.00 leaves €9.99 to refund, not €19.99', () => {
    const t = detail({
      operations: [{ id: 'op1', kind: 'refund', operation: 'RFD', amount: 1000, status: 'pending', ogoneStatus: 81 }],
    });
    // What the server's ledger allows: capturedAmount - refundedAmount - open refunds.
    assert.equal(remainingFor(t, 'refund'), 999);
    // The dialog reads the typed amount against remainingFor: "19.99" must be refused in the
    // dialog, with the real maximum in money, not sent to be refused in minor units.
    const check = readAmount('19.99', 'EUR', remainingFor(t, 'refund'), 'refund');
    assert.equal(check.ok, false);
  });

  it('a pending refund of everything captured leaves nothing to offer', () => {
    const t = detail({
      operations: [{ id: 'op1', kind: 'refund', operation: 'RFS', amount: 1999, status: 'pending', ogoneStatus: 81 }],
    });
    assert.deepEqual(actionsFor(t), []);
  });

  it('a capture still processing is not offered again for the same amount', () => {
    const t = detail({
      state: 'authorized',
      capturedAmount: 0,
      status: 91,
      operations: [{ id: 'op1', kind: 'capture', operation: 'SAS', amount: 1999, status: 'pending', ogoneStatus: 91 }],
    });
    assert.equal(remainingFor(t, 'capture'), 0);
  });
});
