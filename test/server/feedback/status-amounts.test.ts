/**
 * Statuses whose amounts the feedback cannot take from its own AMOUNT (docs/ogone-protocol.md §6,
 * §9): 94 (refund declined by the acquirer) on a payment that never reached `refunded` — its 9
 * late or lost — makes it `captured` with its amount captured (it was left with 0 captured, and
 * every refund refused); 75 (deletion handled by the merchant, a back-office operation like 85)
 * waits for the reconciler's query of the real amount like 7, 74, 84 and 85 (it counted the whole
 * captured amount as refunded).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SERVER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';

describe('feedback status and amounts (sqlite)', () => {
  const t = useTestApp('sqlite');
  const newAttempt = () => newHostedAttempt(t, { amount: 1999, currency: 'EUR', customer: { id: 'cust-r' } }, { saveCard: false });
  const post = (params: Record<string, string>) =>
    t.app.request('/payment/ogone/return', {
      method: 'POST',
      body: new URLSearchParams(params).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
    });

  it('5 then 94 (the 9 late): a payment made captured has its amount captured', async () => {
    const reference = await newAttempt();
    assert.equal((await post(feedbackFor(reference, 5))).status, 200);
    assert.equal((await post(feedbackFor(reference, 94))).status, 200);
    assert.equal((await post(feedbackFor(reference, 9))).status, 200);
    const stored = await t.repository.getTransaction(reference);
    assert.equal(stored?.state, 'captured');
    assert.equal(stored?.capturedAmount, 1999, 'a captured payment of 19.99 with 0 captured: refunds are refused');
  });

  it('75 on a captured payment with no operation of ours: waits for the amount like 7, 74, 84, 85', async () => {
    const for85 = await newAttempt();
    await post(feedbackFor(for85, 9));
    await post(feedbackFor(for85, 85));
    const with85 = await t.repository.getTransaction(for85);
    assert.equal(with85?.state, 'captured', '85: state kept, the reconciler reads the amount');
    assert.equal(with85?.refundedAmount, 0);

    const for75 = await newAttempt();
    await post(feedbackFor(for75, 9));
    await post(feedbackFor(for75, 75));
    const with75 = await t.repository.getTransaction(for75);
    assert.equal(with75?.refundedAmount, 0, '75 counted the whole captured amount as refunded from the order AMOUNT');
    assert.equal(with75?.state, 'captured');
  });
});
