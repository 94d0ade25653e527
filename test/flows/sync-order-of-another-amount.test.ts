/**
 * An order the platform holds under a payment's ORDERID for another amount never pays it, not
 * even through a sync that reads history levels (review r910). Such a sync — its head saying a
 * capture or a refund was made, counted from the levels (maintenance/sync.ts backOfficeCapture,
 * backOfficeRefund) — replaced the answer's AMOUNT with the payment's own before the amount check
 * (feedback/apply-answer.ts), since the head's may be a level's. For a payment no checked AMOUNT
 * had paid yet, the check was never made: a 1,000.00 EUR payment was marked captured on an order
 * of 1.00 EUR, its session paid. docs/ogone-protocol.md §5 ("applied only when AMOUNT and
 * CURRENCY both equal what we stored"), §9 ("AMOUNT and CURRENCY are checked").
 *
 * The order of another amount: a hosted-page form signed with the account's SHA-IN for 1.00 EUR
 * under the attempt's ORDERID (another integration sharing the PSPID). Its feedbacks are refused
 * as mismatches (the control); then a sync.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { shaSign } from '../../server/ogone/sha.ts';
import type { HashAlgorithm } from '../../shared/signature.ts';
import { payOnHostedPage, isChallenge } from '../support/hosted-page.ts';
import { eventually } from '../support/waiting.ts';
import { hostedAttempt, sandboxPayments, startFlowServer, type FlowServer } from './helpers.ts';

const algorithmOf = (digest: string): HashAlgorithm => (digest.length === 128 ? 'sha512' : digest.length === 64 ? 'sha256' : 'sha1');

describe('a sync reading the levels of an order of another amount', { timeout: 60_000 }, () => {
  let flow: FlowServer;
  let credentials: { pspid: string; userId: string; password: string; shaIn: string };

  before(async () => {
    flow = await startFlowServer('sqlite', { env: { OGONE_OPERATION: 'RES' }, reconciler: { intervalMs: 0 } });
    credentials = JSON.parse(await readFile(path.join(flow.database.dataDir, 'sandbox-credentials.json'), 'utf8'));
  });
  after(async () => {
    await flow?.close();
  });

  /**
   * A new 1,000.00 EUR session's attempt, paid on the hosted page as an order of 1.00 EUR
   * (AMOUNT=100) under its ORDERID, its feedback refused as a mismatch: the platform's order.
   */
  async function orderOfAnotherAmount(operation: 'RES' | 'SAL') {
    const session = await flow.api('/api/checkout-sessions', { amount: 100000, currency: 'EUR' });
    assert.equal(session.status, 201, JSON.stringify(session.body));
    const attempt = await hostedAttempt(flow, session.body.id, {});
    const reference = attempt.reference;
    assert.equal(attempt.fields.AMOUNT, '100000');
    const algorithm = algorithmOf(attempt.fields.SHASIGN!);
    const { SHASIGN: _ours, ...fields } = attempt.fields;
    const other = { ...fields, AMOUNT: '100', OPERATION: operation };
    const signed = { ...other, SHASIGN: shaSign(other, { passphrase: credentials.shaIn, algorithm, direction: 'in' }) };
    const location = await payOnHostedPage({ ...attempt, fields: signed }, '4111111111111111');
    assert.ok(!isChallenge(location), location);
    const mismatched = await eventually(
      async () => (await flow.api(`/api/transactions/${reference}`)).body,
      (t) => t.amountMismatch === true,
      'the feedback of the 1.00 EUR order refused as a mismatch',
    );
    assert.equal(mismatched.state, 'draft', 'the feedback never pays it (holds today)');
    const [order] = await sandboxPayments(flow, reference);
    assert.equal(order?.amount, 100, 'the platform holds AMOUNT=100 (1.00 EUR)');
    return { sessionId: session.body.id as string, reference, payId: String(order!.payId), algorithm };
  }

  /** A maintenance request on that order, as the back office or another integration would send it. */
  async function maintenanceOf(order: { payId: string; algorithm: HashAlgorithm }, operation: 'SAS' | 'RFD', amount: string) {
    const maintenance = {
      PSPID: credentials.pspid,
      USERID: credentials.userId,
      PSWD: credentials.password,
      PAYID: order.payId,
      OPERATION: operation,
      AMOUNT: amount,
    };
    const answer = await fetch(`${flow.url}/ncol/test/maintenancedirect.asp`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        ...maintenance,
        SHASIGN: shaSign(maintenance, { passphrase: credentials.shaIn, algorithm: order.algorithm, direction: 'in' }),
      }),
    });
    return answer.text();
  }

  /** Syncs the payment, then asserts that the other order paid neither it nor its session. */
  async function assertNeverPaidBySync(order: { sessionId: string; reference: string }, what: string) {
    const synced = await flow.api(`/api/transactions/${order.reference}/sync`, {});
    const t = (await flow.api(`/api/transactions/${order.reference}`)).body;
    const s = (await flow.api(`/api/checkout-sessions/${order.sessionId}`)).body;
    const context = JSON.stringify({
      sync: synced.status,
      state: t.state,
      captured: t.capturedAmount,
      refunded: t.refundedAmount,
      mismatch: t.amountMismatch,
      session: s.status,
    });
    assert.ok(
      !['authorized', 'captured', 'partially_refunded', 'refunded'].includes(t.state),
      `a mismatch is never paid (§5, §8): ${context}`,
    );
    assert.equal(t.capturedAmount, 0, `${what}: ${context}`);
    assert.notEqual(s.status, 'paid', `the session is not paid by an order of another amount: ${context}`);
  }

  it('an order of 1.00 EUR under the ORDERID of a 1,000.00 EUR payment never pays it, not even through a sync', async () => {
    const order = await orderOfAnotherAmount('RES');
    // That order captured in full (SAS).
    assert.match(await maintenanceOf(order, 'SAS', '100'), /STATUS="91"/);
    await eventually(
      () => sandboxPayments(flow, order.reference),
      ([p]) => p?.captured === 100,
      'captured at the platform',
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // its status-change feedback (a mismatch too)
    const beforeSync = (await flow.api(`/api/transactions/${order.reference}`)).body;
    assert.equal(beforeSync.state, 'draft', 'the capture feedback never pays it either (holds today)');
    await assertNeverPaidBySync(order, 'nothing of the 1,000.00 EUR was captured');
  });

  it('the same through a refund read from the levels: an order of 1.00 EUR, half refunded, never pays a 1,000.00 EUR payment', async () => {
    // Same root cause, `refundedByPlatform` (maintenance/sync.ts backOfficeRefund): the head's 8
    // with no refund of ours, its AMOUNT replaced by ours before the check. withPlatformRefund then
    // counts the payment's whole 1,000.00 EUR as captured (`base.capturedAmount || current.amount`).
    const order = await orderOfAnotherAmount('SAL');
    assert.match(await maintenanceOf(order, 'RFD', '50'), /STATUS="81"/);
    await eventually(
      () => sandboxPayments(flow, order.reference),
      ([p]) => p?.refunded === 50,
      'refunded at the platform',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await flow.api(`/api/transactions/${order.reference}`)).body.state, 'draft', 'its feedbacks never pay it (holds today)');
    await assertNeverPaidBySync(order, 'the platform captured 1.00 EUR of another order, not our 1,000.00');
  });
});
