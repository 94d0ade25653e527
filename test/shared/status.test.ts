import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PAYMENT_STATES, STATUS_CODES, TRANSITIONS, canTransition, nextState, statusInfo } from '../../shared/status.ts';
import { explainNcError } from '../../shared/ncerror.ts';

// Every STATUS code protocol-notes.md lists ("STATUS codes (main ones)").
const DOCUMENTED = [0, 1, 2, 4, 41, 46, 5, 50, 51, 52, 55, 56, 57, 59, 6, 61, 62, 63, 7, 74, 8, 81, 82, 83, 84, 85, 9, 91, 92, 93, 94, 95, 96, 99];

test('every documented STATUS code has a meaning and a state', () => {
  for (const code of DOCUMENTED) {
    const info = statusInfo(code);
    assert.ok(info, `STATUS ${code} missing`);
    assert.ok(info.meaning.length > 3);
    assert.ok(PAYMENT_STATES.includes(info.state));
  }
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
  for (const state of PAYMENT_STATES) assert.equal(canTransition(state, 'draft'), false, `${state} → draft`);
});

test('forward moves: 3-D Secure, authorise then capture, refunds', () => {
  assert.deepEqual(nextState('draft', 46), { state: 'pending', changed: true });
  assert.deepEqual(nextState('pending', 9), { state: 'captured', changed: true });
  assert.deepEqual(nextState('pending', 5), { state: 'authorized', changed: true });
  assert.deepEqual(nextState('authorized', 9), { state: 'captured', changed: true });
  assert.deepEqual(nextState('authorized', 91), { state: 'authorized', changed: false });
  assert.deepEqual(nextState('authorized', 6), { state: 'cancelled', changed: true });
  assert.deepEqual(nextState('captured', 8, { captured: 1000, refunded: 400 }), { state: 'partially_refunded', changed: true });
  assert.deepEqual(nextState('partially_refunded', 8, { captured: 1000, refunded: 1000 }), { state: 'refunded', changed: true });
  assert.deepEqual(nextState('captured', 81), { state: 'captured', changed: false });
});

test('a declined attempt can be followed by an accepted one (the hosted page allows retries)', () => {
  assert.deepEqual(nextState('declined', 9), { state: 'captured', changed: true });
  assert.deepEqual(nextState('error', 5), { state: 'authorized', changed: true });
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
