/**
 * Found by review r202. A hosted-page payment whose STATUS is 91 ("waiting to be accepted") and then 93
 * ("payment refused") must end declined, never stay a paid `authorized` payment.
 *
 * e-Commerce Advanced guide §9.2.1 "Hidden fields" (ecommerce-advanced.txt, "ACCEPTURL … is
 * waiting to be accepted (pending status 41, 51 or 91)"; "DECLINEURL … when the acquirer declines
 * the authorisation (status 2 or 93)"), and its "Appendix: Short Status Overview":
 * "93 - Payment refused  300....  3". Basic guide §8.1 likewise: ACCEPTURL for "waiting to be
 * accepted (pending status 51 or 91)".
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SERVER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';

describe('a hosted payment 91 then 93 (guide: pending, then refused)', () => {
  const t = useTestApp('sqlite');

  const post = (params: Record<string, string>) =>
    t.app.request('/payment/ogone/return', {
      method: 'POST',
      body: new URLSearchParams(params).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
    });

  it('91 is a pending status, not an authorisation; the 93 that follows declines the payment', async () => {
    const reference = await newHostedAttempt(
      t,
      { amount: 1999, currency: 'EUR', successUrl: 'https://shop.example.com/ok', failureUrl: 'https://shop.example.com/ko' },
      { saveCard: false },
    );
    // [ADV] §9.2.1: 91 goes to ACCEPTURL as "waiting to be accepted (pending status 41, 51 or 91)".
    assert.equal((await post(feedbackFor(reference, 91))).status, 200);
    const afterPending = await t.repository.getTransaction(reference);
    // [ADV] §9.2.1 / App. "Short Status Overview": 93 "Payment refused", sent to DECLINEURL.
    assert.equal((await post(feedbackFor(reference, 93, { NCERROR: '30001001', ACCEPTANCE: '' }))).status, 200);
    const stored = await t.repository.getTransaction(reference);
    const session = await t.repository.getSession(stored!.sessionId);
    assert.equal(
      stored?.state,
      'declined',
      `a payment the platform refused (STATUS 93 after the pending 91) is still "${stored?.state}" ` +
        `(after 91 it was "${afterPending?.state}", session ${session?.status}): the shop was told it is paid and ships an order nobody paid for`,
    );
  });

  it('a card named in the 91 is not saved once the 93 refuses the payment (found by review r220)', async () => {
    const customer = { id: 'cust-r220-91-93' };
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR', customer, saveCard: 'optional' }, { saveCard: true });
    const aliasName = (await t.repository.getTransaction(reference))!.aliasRequest!;
    assert.equal((await post(feedbackFor(reference, 91, { ALIAS: aliasName }))).status, 200);
    assert.deepEqual(await t.repository.listAliases(customer.id), [], 'pending: nothing saved yet');
    assert.equal((await post(feedbackFor(reference, 93, { ALIAS: aliasName, NCERROR: '30001001', ACCEPTANCE: '' }))).status, 200);
    assert.equal((await t.repository.getTransaction(reference))?.state, 'declined');
    assert.deepEqual(
      (await t.repository.listAliases(customer.id)).map((card) => card.alias),
      [],
      'the payment was refused: the shopper has no saved card of it to be charged with',
    );
  });
});
