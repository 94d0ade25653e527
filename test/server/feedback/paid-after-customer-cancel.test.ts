/**
 * A signed STATUS 9 for an order whose earlier STATUS was 1 ("Cancelled by customer") is recorded:
 * the payment is `captured`, `payment.captured` goes out and the shopper's return goes to the
 * success URL.
 *
 * Whether the platform takes the same ORDERID again after a cancel (the Back button from the shop's
 * cancel page, a second tab of the page) is not in the guides (docs/ogone-protocol.md §6, §15).
 * For a refused order the code takes the money's side ("Retries on the page": a later 5 or 9 of
 * the order still applies), and for an expired attempt too. Review r1367 found a 9 after a 1
 * thrown away, `cancelled` being final (TRANSITIONS) as it is for 6 / 64, an authorisation
 * deleted: the platform captured 19.99 while the ledger, the API and the webhooks said
 * `cancelled`, never queried again, and the shopper who had just paid was sent to the failure URL.
 * A signed 9 is the platform's word that the shopper was charged: after a customer's cancel, as
 * after a refusal, it applies (shared/status.ts nextState, `lastStatus`).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BROWSER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, postServerFeedback, useTestApp } from '../../support/app.ts';

describe('a payment after a customer cancel of the same order', () => {
  const t = useTestApp('sqlite');

  const newAttempt = () =>
    newHostedAttempt(t, {
      amount: 1999,
      currency: 'EUR',
      successUrl: 'https://shop.example.com/ok',
      failureUrl: 'https://shop.example.com/ko',
    });
  const browserReturn = (params: Record<string, string>) =>
    t.app.request(`/payment/ogone/return?${new URLSearchParams(params)}`, { headers: BROWSER_HEADERS });

  it('a 2 then a 9 of the same order: captured (the rule for a refused page)', async () => {
    const reference = await newAttempt();
    await browserReturn(feedbackFor(reference, 2));
    assert.equal((await postServerFeedback(t, feedbackFor(reference, 9))).status, 200);
    assert.equal((await t.repository.getTransaction(reference))?.state, 'captured');
  });

  it('a 1 then a 9 of the same order: captured, announced, the shopper sent to the success URL', async () => {
    const reference = await newAttempt();
    await browserReturn(feedbackFor(reference, 1));
    assert.equal((await postServerFeedback(t, feedbackFor(reference, 9))).status, 200);
    const paidReturn = await browserReturn(feedbackFor(reference, 9));
    const payment = await t.repository.getTransaction(reference);
    const events = (await t.repository.listEvents({ limit: 100, reference })).items.map((event) => event.type);
    assert.deepEqual(
      {
        state: payment?.state,
        capturedAmount: payment?.capturedAmount,
        captureAnnounced: events.includes('payment.captured'),
        shopperSentTo: paidReturn.headers.get('location'),
      },
      {
        state: 'captured',
        capturedAmount: 1999,
        captureAnnounced: true,
        shopperSentTo: `https://shop.example.com/ok?reference=${reference}`,
      },
      'a signed 9 after a customer cancel (1) of the same order must be recorded: the shopper was charged',
    );
  });
});
