/**
 * The maintenance ledger's pure decisions, as tables: `planOperation` (may a capture, refund or
 * cancel be sent, for how much, with which OPERATION) and `settle` (what confirmed operations do to
 * the payment's amounts and state). Expected values follow DirectLink's maintenance rules as
 * docs/ogone-protocol.md §2 and §8 give them: SAS / SAL a last-or-full / partial capture, RFS / RFD a
 * last-or-full / partial refund, DES / DEL a deletion closing / keeping the order ([DL] §4.1.2);
 * an amount never exceeds what is left, counting the operations still in flight; only 9 / 8 / 6
 * confirm money moved.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planOperation, settle, type Plan } from '../../../server/domain/ledger.ts';
import type {
  MaintenanceKind,
  MaintenanceOperationRecord,
  MaintenanceStatus,
  TransactionRecord,
} from '../../../server/repository/types.ts';
import type { PaymentState } from '../../../shared/status.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const session = sessionRecord({ status: 'paid' });

/** A payment of 19.99 EUR known to the platform (it has a PAYID). */
function payment(state: PaymentState, captured = 0, refunded = 0, overrides: Partial<TransactionRecord> = {}): TransactionRecord {
  return transactionRecord(session.id, { state, capturedAmount: captured, refundedAmount: refunded, payid: '3014726', ...overrides });
}

let sequence = 0;
function operation(kind: MaintenanceKind, amount: number, status: MaintenanceStatus): MaintenanceOperationRecord {
  const now = '2025-06-01T09:00:00.000Z';
  const code = ({ capture: 'SAL', refund: 'RFD', cancel: 'DEL' } as const)[kind];
  return {
    id: `op_${++sequence}`,
    reference: 'T1',
    kind,
    operation: code,
    amount,
    status,
    ogoneStatus: null,
    payidSub: null,
    ncError: null,
    idempotencyKey: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** A plan as one comparable line: `SAS 1999`, or the refusal's kind and code. */
function outcome(plan: Plan): string {
  return plan.ok ? `${plan.operation} ${plan.amount}` : `${plan.kind} ${plan.code}`;
}

describe('planOperation', () => {
  // [what, payment, operations already recorded, kind, amount requested, expected]
  const rows: Array<[string, TransactionRecord, MaintenanceOperationRecord[], MaintenanceKind, number | undefined, string]> = [
    // Capture: the whole authorised amount, or part of it.
    ['full capture of an authorisation', payment('authorized'), [], 'capture', undefined, 'SAS 1999'],
    ['capture of exactly the authorised amount', payment('authorized'), [], 'capture', 1999, 'SAS 1999'],
    ['partial capture', payment('authorized'), [], 'capture', 500, 'SAL 500'],
    ['capture of more than authorised', payment('authorized'), [], 'capture', 2000, 'invalid amount_too_large'],
    ['the rest after a partial capture', payment('captured', 500), [], 'capture', undefined, 'SAS 1499'],
    ['the last part after a partial capture', payment('captured', 500), [], 'capture', 1499, 'SAS 1499'],
    ['more than the rest after a partial capture', payment('captured', 500), [], 'capture', 1500, 'invalid amount_too_large'],
    [
      'a capture in flight reserves its amount',
      payment('authorized'),
      [operation('capture', 500, 'pending')],
      'capture',
      1500,
      'invalid amount_too_large',
    ],
    [
      'a capture of unknown outcome reserves its amount',
      payment('authorized'),
      [operation('capture', 1999, 'unknown')],
      'capture',
      undefined,
      'conflict nothing_to_capture',
    ],
    [
      // Nothing orders the two on the wire: an SAS arriving first would close the order and the
      // open capture would be refused (50001127), its money never captured.
      'the rest beside a capture in flight is not the last capture',
      payment('authorized'),
      [operation('capture', 600, 'pending')],
      'capture',
      1399,
      'SAL 1399',
    ],
    [
      'the rest beside a capture of unknown outcome is not the last capture',
      payment('captured', 500),
      [operation('capture', 600, 'unknown')],
      'capture',
      undefined,
      'SAL 899',
    ],
    ['a failed capture reserves nothing', payment('authorized'), [operation('capture', 1999, 'failed')], 'capture', undefined, 'SAS 1999'],
    ['everything already captured', payment('captured', 1999), [], 'capture', undefined, 'conflict nothing_to_capture'],
    ['capture of a cancelled payment', payment('cancelled'), [], 'capture', undefined, 'conflict invalid_state'],
    [
      'capture while a cancel is in flight',
      payment('authorized'),
      [operation('cancel', 1999, 'pending')],
      'capture',
      undefined,
      'conflict invalid_state',
    ],
    ['capture of a declined payment', payment('declined'), [], 'capture', undefined, 'conflict invalid_state'],
    ['capture after a refund', payment('partially_refunded', 1999, 500), [], 'capture', undefined, 'conflict invalid_state'],
    [
      'capture with no PAYID (the platform never answered)',
      payment('pending', 0, 0, { payid: null }),
      [],
      'capture',
      undefined,
      'conflict invalid_state',
    ],
    // Refund: at most what was captured and not yet refunded.
    ['full refund', payment('captured', 1999), [], 'refund', undefined, 'RFS 1999'],
    ['partial refund', payment('captured', 1999), [], 'refund', 500, 'RFD 500'],
    ['the rest after a partial refund', payment('partially_refunded', 1999, 500), [], 'refund', undefined, 'RFS 1499'],
    ['the last part after a partial refund', payment('partially_refunded', 1999, 500), [], 'refund', 1499, 'RFS 1499'],
    ['over-refund after a partial refund', payment('partially_refunded', 1999, 500), [], 'refund', 1500, 'invalid amount_too_large'],
    ['over-refund of a partial capture', payment('captured', 500), [], 'refund', 501, 'invalid amount_too_large'],
    ['refund of a partial capture', payment('captured', 500), [], 'refund', undefined, 'RFS 500'],
    [
      'a refund in flight reserves its amount',
      payment('captured', 1999),
      [operation('refund', 1000, 'pending')],
      'refund',
      1000,
      'invalid amount_too_large',
    ],
    [
      'a refund being sent reserves its amount',
      payment('captured', 1999),
      [operation('refund', 1999, 'sending')],
      'refund',
      undefined,
      'conflict nothing_to_refund',
    ],
    // Captures and refunds never overlap: an RFS of the 600 captured would close the order while
    // 400 more are being captured, and no refund could reach them (50001127).
    [
      'a refund of what is captured while the rest is being captured',
      payment('captured', 600, 0, { amount: 1000 }),
      [operation('capture', 400, 'pending')],
      'refund',
      600,
      'conflict invalid_state',
    ],
    [
      'a partial refund while a capture is being sent',
      payment('captured', 600, 0, { amount: 1000 }),
      [operation('capture', 400, 'sending')],
      'refund',
      100,
      'conflict invalid_state',
    ],
    [
      'a refund once the second capture settled',
      payment('captured', 1000, 0, { amount: 1000 }),
      [operation('capture', 400, 'done')],
      'refund',
      600,
      'RFD 600',
    ],
    ['everything refunded', payment('refunded', 1999, 1999), [], 'refund', undefined, 'conflict nothing_to_refund'],
    ['refund of an authorisation never captured', payment('authorized'), [], 'refund', undefined, 'conflict invalid_state'],
    ['refund of a cancelled payment', payment('cancelled'), [], 'refund', undefined, 'conflict invalid_state'],
    // Cancel: only an authorisation with nothing captured.
    ['cancel of an authorisation', payment('authorized'), [], 'cancel', undefined, 'DES 1999'],
    ['a cancel of part of the authorisation', payment('authorized'), [], 'cancel', 500, 'invalid invalid_request'],
    ['a cancel naming the whole amount', payment('authorized'), [], 'cancel', 1999, 'DES 1999'],
    ['cancel of more than authorised', payment('authorized'), [], 'cancel', 2000, 'invalid amount_too_large'],
    ['cancel after a capture', payment('captured', 1999), [], 'cancel', undefined, 'conflict invalid_state'],
    ['cancel after a partial capture', payment('captured', 500), [], 'cancel', undefined, 'conflict invalid_state'],
    [
      'cancel while a capture is in flight',
      payment('authorized'),
      [operation('capture', 500, 'pending')],
      'cancel',
      undefined,
      'conflict invalid_state',
    ],
    ['cancel of a cancelled payment', payment('cancelled'), [], 'cancel', undefined, 'conflict invalid_state'],
    [
      'cancel while a cancel is in flight',
      payment('authorized'),
      [operation('cancel', 1999, 'pending')],
      'cancel',
      undefined,
      'conflict invalid_state',
    ],
    ['cancel of a refunded payment', payment('refunded', 1999, 1999), [], 'cancel', undefined, 'conflict invalid_state'],
    // Amounts AMOUNT (× 100) cannot carry are refused before anything else (docs/ogone-protocol.md §2).
    ['capture of 0', payment('authorized'), [], 'capture', 0, 'invalid invalid_request'],
    ['refund of a negative amount', payment('captured', 1999), [], 'refund', -5, 'invalid invalid_request'],
    ['refund of a fraction of a cent', payment('captured', 1999), [], 'refund', 2.5, 'invalid invalid_request'],
    [
      'capture of 1.234 KWD',
      payment('authorized', 0, 0, { currency: 'KWD', amount: 5000 }),
      [],
      'capture',
      1234,
      'invalid invalid_request',
    ],
    ['capture of 1.230 KWD', payment('authorized', 0, 0, { currency: 'KWD', amount: 5000 }), [], 'capture', 1230, 'SAL 1230'],
  ];

  for (const [what, t, ops, kind, requested, expected] of rows) {
    it(`${what}: ${kind} ${requested ?? '(all)'} → ${expected}`, () => {
      assert.equal(outcome(planOperation(t, ops, kind, requested)), expected);
    });
  }

  it('a refusal of the amount names the field', () => {
    const plan = planOperation(payment('captured', 1999), [], 'refund', 2000);
    assert.equal(plan.ok ? undefined : plan.field, 'amount');
  });
});

describe('settle', () => {
  // [what, payment, operations, which become done, state after, captured after, refunded after, still open]
  type Row = [string, TransactionRecord, MaintenanceOperationRecord[], number[], PaymentState, number, number, boolean];
  const rows: Row[] = (() => {
    const capture = operation('capture', 1999, 'pending');
    const partialCapture = operation('capture', 500, 'pending');
    const refund = operation('refund', 500, 'pending');
    const fullRefund = operation('refund', 1999, 'pending');
    const cancel = operation('cancel', 1999, 'pending');
    const otherRefund = operation('refund', 1499, 'pending');
    const rest = operation('capture', 999, 'pending');
    return [
      ['a capture confirmed (9)', payment('authorized'), [capture], [0], 'captured', 1999, 0, false],
      ['a partial capture confirmed', payment('authorized'), [partialCapture], [0], 'captured', 500, 0, false],
      ['a partial refund confirmed (8)', payment('captured', 1999), [refund], [0], 'partially_refunded', 1999, 500, false],
      ['a full refund confirmed', payment('captured', 1999), [fullRefund], [0], 'refunded', 1999, 1999, false],
      ['the last refund confirmed', payment('partially_refunded', 1999, 500), [otherRefund], [0], 'refunded', 1999, 1999, false],
      [
        'two refunds, one confirmed, one still in flight',
        payment('captured', 1999),
        [refund, otherRefund],
        [0],
        'partially_refunded',
        1999,
        500,
        true,
      ],
      ['two refunds confirmed together', payment('captured', 1999), [refund, otherRefund], [0, 1], 'refunded', 1999, 1999, false],
      ['a cancel confirmed (6)', payment('authorized'), [cancel], [0], 'cancelled', 0, 0, false],
      ['nothing confirmed yet', payment('authorized'), [capture], [], 'authorized', 0, 0, true],
      // Found by review r260: the back office refunded all that was captured while ours was in flight.
      ['a capture confirmed after a full refund', payment('refunded', 1000, 1000), [rest], [0], 'partially_refunded', 1999, 1000, false],
    ];
  })();

  for (const [what, t, ops, done, state, captured, refunded, open] of rows) {
    it(`${what} → ${state}, captured ${captured}, refunded ${refunded}${open ? ', still open' : ''}`, () => {
      const updates = new Map(done.map((index) => [ops[index]!.id, { status: 'done' as const }]));
      const { after, settled, patch } = settle(t, ops, updates);
      assert.deepEqual([after.state, after.capturedAmount, after.refundedAmount, patch.syncNeeded], [state, captured, refunded, open]);
      assert.deepEqual(
        settled.map((op) => op.id),
        done.map((index) => ops[index]!.id),
        'each confirmed operation once',
      );
    });
  }

  it('an operation already done is not counted again (a repeated confirmation)', () => {
    const refund = { ...operation('refund', 500, 'done') };
    const { after, settled } = settle(
      payment('partially_refunded', 1999, 500),
      [refund],
      new Map([[refund.id, { status: 'done' as const }]]),
    );
    assert.deepEqual([after.state, after.refundedAmount, settled.length], ['partially_refunded', 500, 0]);
  });

  it('a refused operation (93, 83, 63) moves no money and leaves nothing open', () => {
    const capture = operation('capture', 1999, 'pending');
    const { after, settled, patch } = settle(
      payment('authorized'),
      [capture],
      new Map([[capture.id, { status: 'failed' as const, ogoneStatus: 93 }]]),
    );
    assert.deepEqual([after.state, after.capturedAmount, settled.length, patch.syncNeeded], ['authorized', 0, 0, false]);
  });
});
