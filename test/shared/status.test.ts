import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PAYMENT_STATES,
  STATUS_CODES,
  TRANSITIONS,
  canTransition,
  nextState,
  reopenedByCapture,
  sameState,
  statusInfo,
  UNRESOLVED_STATUSES,
} from '../../shared/status.ts';
import { explainNcError } from '../../shared/ncerror.ts';

// Every STATUS the guides list, with the state docs/ogone-protocol.md §6 gives it and whether it
// is unresolved (the reconciler queries it). Literal values from the guides' tables: [ADV]
// "Appendix: Short Status Overview", [DL] §3.3, §4.3, §5.3, and the platform's "Transaction
// statuses" user guide those tables point to.
const GUIDE_TABLE: ReadonlyArray<[number, string, string, boolean]> = [
  [0, 'Invalid or incomplete', 'error', false],
  [1, 'Cancelled by customer', 'cancelled', false],
  [2, 'Authorisation refused', 'declined', false],
  [4, 'Order stored', 'pending', true],
  [40, 'Stored waiting external result', 'pending', true],
  [41, 'Waiting for client payment', 'pending', true],
  [46, 'Waiting for authentication (3-D Secure)', 'pending', true],
  [5, 'Authorised', 'authorized', false],
  [50, 'Authorised waiting external result', 'pending', true],
  [51, 'Authorisation waiting', 'pending', true],
  [52, 'Authorisation not known', 'pending', true],
  [55, 'Standby', 'pending', true],
  [56, 'OK with scheduled payments', 'authorized', false],
  [57, 'Not OK with scheduled payments', 'error', false],
  [59, 'Authorise manually', 'pending', true],
  [6, 'Authorised and cancelled', 'cancelled', false],
  [61, 'Author. deletion waiting', 'authorized', true],
  [62, 'Author. deletion uncertain', 'authorized', true],
  [63, 'Author. deletion refused', 'authorized', false],
  [64, 'Authorised and cancelled', 'cancelled', false],
  [7, 'Payment deleted', 'refunded', false],
  [71, 'Payment deletion pending', 'captured', true],
  [72, 'Payment deletion uncertain', 'captured', true],
  [73, 'Payment deletion refused', 'captured', false],
  [74, 'Payment deleted', 'refunded', false],
  [75, 'Deletion handled by merchant', 'refunded', false],
  [8, 'Refund', 'refunded', false],
  [81, 'Refund pending', 'captured', true],
  [82, 'Refund uncertain', 'captured', true],
  [83, 'Refund refused', 'captured', false],
  [84, 'Refund', 'refunded', false],
  [85, 'Refund handled by merchant', 'refunded', false],
  [9, 'Payment requested', 'captured', false],
  [91, 'Payment processing', 'pending', true],
  [92, 'Payment uncertain', 'pending', true],
  [93, 'Payment refused', 'declined', false],
  [94, 'Refund declined by the acquirer', 'captured', false],
  [95, 'Payment handled by merchant', 'captured', false],
  [96, 'Refund reversed', 'captured', false],
  [99, 'Being processed', 'pending', true],
];

for (const [code, meaning, state, unresolved] of GUIDE_TABLE) {
  test(`STATUS ${code} (${meaning}) → ${state}${unresolved ? ', unresolved' : ', final'}`, () => {
    assert.deepEqual(statusInfo(code), { code, meaning, state, unresolved });
  });
}

test("the table holds exactly the statuses the guides list (88 is the query's own failure, not a payment status)", () => {
  assert.deepEqual(
    [...STATUS_CODES.keys()].sort((a, b) => a - b),
    GUIDE_TABLE.map(([code]) => code).sort((a, b) => a - b),
  );
  assert.equal(statusInfo(88), undefined);
});

test('authorised and captured are distinct; waiting codes stay pending', () => {
  assert.equal(statusInfo(5)?.state, 'authorized');
  assert.equal(statusInfo(9)?.state, 'captured');
  for (const code of [41, 46, 50, 51, 52, 92, 99]) {
    assert.equal(statusInfo(code)?.state, 'pending', `STATUS ${code}`);
    assert.equal(statusInfo(code)?.unresolved, true, `STATUS ${code} must be reconciled`);
  }
  assert.equal(statusInfo(1)?.state, 'cancelled');
  assert.equal(statusInfo(2)?.state, 'declined');
  assert.equal(statusInfo(93)?.state, 'declined');
  assert.equal(statusInfo(0)?.state, 'error');
});

test('the machine never goes back', () => {
  assert.deepEqual(nextState('captured', 5), { state: 'captured', changed: false });
  assert.deepEqual(nextState('captured', 46), { state: 'captured', changed: false });
  assert.deepEqual(nextState('captured', 2), { state: 'captured', changed: false });
  assert.deepEqual(nextState('authorized', 51), { state: 'authorized', changed: false });
  assert.deepEqual(nextState('refunded', 9), { state: 'refunded', changed: false });
  assert.deepEqual(nextState('cancelled', 9), { state: 'cancelled', changed: false });
  assert.deepEqual(nextState('cancelled', 9, {}, 64), { state: 'cancelled', changed: false }, 'an authorisation deleted stays so');
  assert.deepEqual(nextState('authorized', 1), { state: 'authorized', changed: false }, 'a customer cancel never cancels an authorisation');
  assert.deepEqual(nextState('captured', 1), { state: 'captured', changed: false });
  for (const state of PAYMENT_STATES) assert.equal(canTransition(state, 'draft'), false, `${state} → draft`);
});

test('forward moves: 3-D Secure, authorise then capture, refunds', () => {
  assert.deepEqual(nextState('draft', 46), { state: 'pending', changed: true });
  assert.deepEqual(nextState('pending', 9), { state: 'captured', changed: true });
  assert.deepEqual(nextState('pending', 5), { state: 'authorized', changed: true });
  assert.deepEqual(nextState('authorized', 9), { state: 'captured', changed: true });
  assert.deepEqual(nextState('authorized', 91), { state: 'authorized', changed: false });
  assert.deepEqual(nextState('draft', 91), { state: 'pending', changed: true }, '[ADV] §9.2.1: 91 is waiting to be accepted');
  assert.deepEqual(nextState('pending', 93), { state: 'declined', changed: true });
  assert.equal(sameState('authorized', 91), true, 'a capture processed offline: still authorised, its 91 kept for the reconciler');
  assert.equal(sameState('captured', 91), false, 'a stale 91 after the 9');
  assert.deepEqual(nextState('authorized', 6), { state: 'cancelled', changed: true });
  assert.deepEqual(nextState('pending', 1), { state: 'cancelled', changed: true }, 'the shopper left the 3-D Secure page');
  assert.deepEqual(
    nextState('cancelled', 9, {}, 1),
    { state: 'captured', changed: true },
    'paid after a customer cancel, like after a refusal',
  );
  assert.deepEqual(nextState('cancelled', 2, {}, 1), { state: 'cancelled', changed: false });
  assert.deepEqual(nextState('captured', 8, { captured: 1000, refunded: 400 }), { state: 'partially_refunded', changed: true });
  assert.deepEqual(nextState('partially_refunded', 8, { captured: 1000, refunded: 1000 }), { state: 'refunded', changed: true });
  assert.deepEqual(nextState('captured', 81), { state: 'captured', changed: false });
});

test('a declined attempt can be followed by an accepted one (the hosted page allows retries)', () => {
  assert.deepEqual(nextState('declined', 9), { state: 'captured', changed: true });
  assert.deepEqual(nextState('error', 5), { state: 'authorized', changed: true });
});

test('96 refund reversed and 94 refund declined take a refunded payment back to captured', () => {
  assert.deepEqual(nextState('refunded', 96), { state: 'captured', changed: true });
  assert.deepEqual(nextState('partially_refunded', 96), { state: 'captured', changed: true });
  assert.deepEqual(nextState('refunded', 94), { state: 'captured', changed: true });
  assert.deepEqual(nextState('captured', 96), { state: 'captured', changed: false });
  // A reversal is not a way back for anything else: a cancelled order stays cancelled, and a
  // late 9 after a refund is still ignored.
  assert.deepEqual(nextState('cancelled', 96), { state: 'cancelled', changed: false });
  assert.deepEqual(nextState('refunded', 9), { state: 'refunded', changed: false });
});

test('a capture counted after a full refund reopens a refunded payment, nothing else (found by review r260)', () => {
  assert.equal(reopenedByCapture('refunded', { captured: 1999, refunded: 1000 }), 'partially_refunded');
  assert.equal(reopenedByCapture('refunded', { captured: 1999, refunded: 1999 }), 'refunded');
  assert.equal(reopenedByCapture('captured', { captured: 1999, refunded: 0 }), 'captured');
  assert.equal(reopenedByCapture('partially_refunded', { captured: 1999, refunded: 500 }), 'partially_refunded');
});

test('75 deletion handled by merchant closes a captured payment like 74', () => {
  assert.deepEqual(nextState('captured', 75), { state: 'refunded', changed: true });
  assert.deepEqual(nextState('captured', 75, { captured: 1000, refunded: 300 }), { state: 'partially_refunded', changed: true });
});

test('40 stored waiting external result keeps a new payment pending', () => {
  assert.deepEqual(nextState('draft', 40), { state: 'pending', changed: true });
  assert.deepEqual(nextState('authorized', 40), { state: 'authorized', changed: false });
});

test('unknown codes change nothing', () => {
  assert.deepEqual(nextState('pending', 42), { state: 'pending', changed: false });
  assert.equal(STATUS_CODES.has(42), false);
});

test('every transition target is a state', () => {
  for (const [from, targets] of Object.entries(TRANSITIONS)) {
    assert.ok(PAYMENT_STATES.includes(from as never));
    for (const to of targets) assert.ok(PAYMENT_STATES.includes(to), `${from} → ${to}`);
  }
});

test('NCERROR codes are explained in words', () => {
  assert.deepEqual(explainNcError('0'), { code: '0', message: 'No error', category: 'ok', known: true });
  const refused = explainNcError('30001001');
  assert.equal(refused?.message, 'Payment refused by the acquirer');
  assert.equal(refused?.category, 'refused');
  assert.equal(explainNcError('50001113')?.message, 'This order has already been processed');
  assert.equal(explainNcError('50001184')?.message, 'SHA Mismatch');
  assert.equal(explainNcError('0020001001')?.message, 'Authorization failed, please retry');
  assert.match(explainNcError('20001001')?.message ?? '', /unknown status/);
  assert.equal(explainNcError('99999999')?.known, false);
  assert.equal(explainNcError(''), undefined);
});

test("UNRESOLVED_STATUSES, the list the reconciler queries, is exactly the table's unresolved statuses", () => {
  const fromTable = GUIDE_TABLE.filter(([, , , unresolved]) => unresolved).map(([code]) => code);
  assert.deepEqual(
    [...UNRESOLVED_STATUSES].sort((a, b) => a - b),
    [...fromTable].sort((a, b) => a - b),
  );
});
