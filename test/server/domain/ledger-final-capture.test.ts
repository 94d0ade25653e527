/**
 * A final capture (`final: true`): a part of the authorisation captured and the order closed, sent
 * as SAS — "last or full data capture (payment) of an authorised order, closing the transaction
 * after this operation" (DirectLink guide §4.1.2; docs/ogone-protocol.md §8).
 *
 * Expectations, from the guide and README's Merchant API: a final capture of less than what is left
 * is planned as an SAS of that amount (an SAL would leave the order open); it is refused 409
 * (`conflict`) while another capture of the payment is in flight (nothing orders two requests on
 * the wire, and one arriving after an SAS is refused); once one is recorded and not failed —
 * sending, pending, unknown or done — every further capture (final or not) is refused 409 with a
 * message naming the final capture, while a refund of what was captured is still planned (RFS for
 * all of it, RFD for a part) and a cancel stays refused. A failed one closes nothing. What makes an
 * SAS final is its request's `final` (migration 0035), a part or exactly the rest (review r1725):
 * an ordinary capture of the whole rest is an SAS too, and no final capture.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closedByFinalCapture, isFinalCapture, planOperation, settle, type Plan } from '../../../server/domain/ledger.ts';
import type {
  MaintenanceKind,
  MaintenanceOperationRecord,
  MaintenanceStatus,
  TransactionRecord,
} from '../../../server/repository/types.ts';
import type { PaymentState } from '../../../shared/status.ts';
import type { MaintenanceOperation } from '../../../server/directlink/requests.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const session = sessionRecord({ status: 'paid' });

/** A payment of 100.00 EUR known to the platform (it has a PAYID). */
function payment(state: PaymentState, captured = 0, refunded = 0): TransactionRecord {
  return transactionRecord(session.id, {
    state,
    amount: 10000,
    capturedAmount: captured,
    refundedAmount: refunded,
    payid: '3014726',
    operation: 'RES',
  });
}

let sequence = 0;
function op(
  kind: MaintenanceKind,
  code: MaintenanceOperation,
  amount: number,
  status: MaintenanceStatus,
  namedPart?: boolean,
  final?: boolean,
): MaintenanceOperationRecord {
  const now = '2025-06-01T09:00:00.000Z';
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
    ...(namedPart === undefined ? {} : { namedPart }),
    ...(final === undefined ? {} : { final }),
    createdAt: now,
    updatedAt: now,
  };
}

const finalCapture = (status: MaintenanceStatus) => op('capture', 'SAS', 6000, status, true, true);

function outcome(plan: Plan): string {
  return plan.ok ? `${plan.operation} ${plan.amount}` : `${plan.kind} ${plan.code}`;
}

describe('planOperation: a final capture', () => {
  it('of less than what is left is an SAS of that amount, its rest the whole amount left', () => {
    const plan = planOperation(payment('authorized'), [], 'capture', 6000, { final: true });
    assert.deepEqual(plan, { ok: true, kind: 'capture', operation: 'SAS', amount: 6000, rest: 10000 });
  });

  it('without final the same amount is an SAL (the order left open)', () => {
    assert.equal(outcome(planOperation(payment('authorized'), [], 'capture', 6000)), 'SAL 6000');
  });

  it('after a partial capture done, of part of the rest: SAS of that part', () => {
    assert.equal(
      outcome(planOperation(payment('captured', 3000), [op('capture', 'SAL', 3000, 'done')], 'capture', 2000, { final: true })),
      'SAS 2000',
    );
  });

  it('of the whole rest, or without an amount: the SAS of the rest', () => {
    assert.equal(outcome(planOperation(payment('authorized'), [], 'capture', 10000, { final: true })), 'SAS 10000');
    assert.equal(
      outcome(planOperation(payment('captured', 4000), [op('capture', 'SAL', 4000, 'done')], 'capture', undefined, { final: true })),
      'SAS 6000',
    );
  });

  it('more than what is left is refused naming amount', () => {
    const plan = planOperation(payment('authorized'), [], 'capture', 10001, { final: true });
    assert.equal(outcome(plan), 'invalid amount_too_large');
    assert.equal(plan.ok ? undefined : plan.field, 'amount');
  });

  for (const status of ['sending', 'pending', 'unknown'] as const) {
    it(`is refused 409 beside another capture ${status}, with a Retry-After`, () => {
      const plan = planOperation(payment('authorized'), [op('capture', 'SAL', 2000, status)], 'capture', 5000, { final: true });
      assert.equal(outcome(plan), 'conflict invalid_state');
      assert.match(plan.ok ? '' : plan.message, /another capture .* still being processed/);
      // Holds only until the other settles: either way a final capture may go then.
      assert.equal(plan.ok ? undefined : plan.retryAfterSeconds, 30);
    });
  }
});

describe('planOperation: after a final capture', () => {
  const closedMessage = /closed by a final capture/;
  for (const status of ['sending', 'pending', 'unknown', 'done'] as const) {
    const t = status === 'done' ? payment('captured', 6000) : payment('authorized');
    const ops = [finalCapture(status)];
    it(`(${status}) a capture of the rest is refused 409, naming the final capture`, () => {
      for (const [requested, final] of [
        [undefined, false],
        [1000, false],
        [4000, false],
        [1000, true],
      ] as const) {
        const plan = planOperation(t, ops, 'capture', requested, { final });
        assert.equal(outcome(plan), 'conflict invalid_state', `capture ${requested} final ${final}`);
        assert.match(plan.ok ? '' : plan.message, closedMessage);
      }
    });
    it(`(${status}) a cancel is refused`, () => {
      assert.equal(planOperation(t, ops, 'cancel', undefined).ok, false);
    });
  }

  it('(done) a refund of everything captured is an RFS of 60.00, a part an RFD', () => {
    const t = payment('captured', 6000);
    const ops = [finalCapture('done')];
    assert.equal(outcome(planOperation(t, ops, 'refund', undefined)), 'RFS 6000');
    assert.equal(outcome(planOperation(t, ops, 'refund', 6000)), 'RFS 6000');
    assert.equal(outcome(planOperation(t, ops, 'refund', 1000)), 'RFD 1000');
    assert.equal(outcome(planOperation(t, ops, 'refund', 6001)), 'invalid amount_too_large');
  });

  it('(done, partly refunded) a capture is still refused as closed by the final capture', () => {
    const t = payment('partially_refunded', 6000, 1000);
    const plan = planOperation(t, [finalCapture('done'), op('refund', 'RFD', 1000, 'done')], 'capture', 1000);
    assert.match(plan.ok ? '' : plan.message, closedMessage);
  });

  it('a failed final capture closes nothing: the rest may be captured', () => {
    assert.equal(outcome(planOperation(payment('authorized'), [finalCapture('failed')], 'capture', undefined)), 'SAS 10000');
  });

  it('an ordinary capture of the whole rest (an SAS, not asked final) is no final capture: nothing is left anyway', () => {
    const full = op('capture', 'SAS', 10000, 'done', false, false);
    assert.equal(isFinalCapture(full), false);
    assert.equal(closedByFinalCapture([full]), false);
    assert.equal(outcome(planOperation(payment('captured', 10000), [full], 'capture', undefined)), 'conflict nothing_to_capture');
  });

  it('a final capture of exactly the rest (an SAS asked final) is a final capture: the order reads closed', () => {
    // README's example after 40.00 of 100.00 captured: { "amount": 6000, "final": true } (review r1725).
    const rest = op('capture', 'SAS', 6000, 'done', false, true);
    assert.equal(isFinalCapture(rest), true);
    const ops = [op('capture', 'SAL', 4000, 'done', true, false), rest];
    assert.equal(closedByFinalCapture(ops), true);
    const plan = planOperation(payment('captured', 10000), ops, 'capture', undefined);
    assert.match(plan.ok ? '' : plan.message, /closed by a final capture/);
  });

  it('recorded before migration 0035 (no `final`): an SAS naming a part is final, one of the whole rest is not', () => {
    assert.equal(isFinalCapture(op('capture', 'SAS', 6000, 'done', true)), true);
    assert.equal(isFinalCapture(op('capture', 'SAS', 10000, 'done', false)), false);
    assert.equal(isFinalCapture(op('capture', 'SAS', 10000, 'done')), false);
  });

  it('an SAL naming a part, or a back-office level (recorded SAL), is no final capture', () => {
    assert.equal(isFinalCapture(op('capture', 'SAL', 6000, 'done', true)), false);
    assert.equal(isFinalCapture(op('capture', 'SAL', 6000, 'done', true, false)), false);
    assert.equal(closedByFinalCapture([op('capture', 'SAL', 6000, 'done', true), finalCapture('failed')]), false);
    assert.equal(closedByFinalCapture([finalCapture('pending')]), true);
  });
});

describe('settle: a final capture done', () => {
  it('counts its amount once: captured 6000 of 10000, the order closed', () => {
    const pending = finalCapture('pending');
    const t = payment('authorized');
    const first = settle(t, [pending], new Map([[pending.id, { status: 'done' as const, ogoneStatus: 9 }]]));
    assert.deepEqual([first.after.state, first.after.capturedAmount, first.after.syncNeeded], ['captured', 6000, false]);
    // The same answer read again (a late feedback, a query): nothing more is counted.
    const done = { ...pending, status: 'done' as const, ogoneStatus: 9 };
    const again = settle(first.after, [done], new Map([[done.id, { status: 'done' as const, ogoneStatus: 9 }]]));
    assert.equal(again.after.capturedAmount, 6000);
    assert.equal(closedByFinalCapture([done]), true);
  });
});
