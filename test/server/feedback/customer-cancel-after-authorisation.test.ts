/**
 * A STATUS 1 ("Cancelled by customer") feedback arriving after the payment was authorised (5) or
 * while its capture is processing (91) changes nothing.
 *
 * STATUS 1 is the hosted page's own end of a try when the shopper presses Cancel ([ADV] §9.2.1,
 * [BAS] §2.4): it precedes any authorisation of the try, never follows one. Review r1365 found it
 * applied as a cancellation: `nextState` mapped it to `cancelled`, which TRANSITIONS allows from
 * `authorized` (for 6 / 64, "Authorised and cancelled"). A stale or replayed 1 — a shopper
 * replaying the signed CANCELURL redirect they hold (docs/ogone-protocol.md §5), a deferred
 * post-sale request crossing a later try that paid — cancelled authorised money in our books,
 * announced `payment.cancelled`, sent the shopper to the failure URL, and (`cancelled` being final)
 * threw away the 9 of the capture that followed. A 2 replayed the same way was already ignored
 * (docs §6 "One way"); a 1 now is too (shared/status.ts BEFORE_AUTHORISATION), and after a 91 it
 * is an earlier try's, which changes nothing (feedback/decide.ts endOfEarlierTry).
 *
 * Expected: a 1 after 5 leaves the payment `authorized`, with no `payment.cancelled` and the
 * shopper sent to the success URL; 91, 1, 9 ends `captured` for 19.99 with `payment.captured`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BROWSER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, postServerFeedback, useTestApp } from '../../support/app.ts';

describe('a customer-cancel STATUS 1 after the authorisation', () => {
  const t = useTestApp('sqlite', { env: { OGONE_OPERATION: 'RES' } });

  const newAttempt = () =>
    newHostedAttempt(t, {
      amount: 1999,
      currency: 'EUR',
      successUrl: 'https://shop.example.com/ok',
      failureUrl: 'https://shop.example.com/ko',
    });
  const browserReturn = (params: Record<string, string>) =>
    t.app.request(`/payment/ogone/return?${new URLSearchParams(params)}`, { headers: BROWSER_HEADERS });
  const eventTypes = async (reference: string) =>
    (await t.repository.listEvents({ limit: 100, reference })).items.map((event) => event.type).sort();

  it('a 2 replayed after the 5 is ignored (the rule the 1 should follow)', async () => {
    const reference = await newAttempt();
    assert.equal((await postServerFeedback(t, feedbackFor(reference, 5))).status, 200);
    await browserReturn(feedbackFor(reference, 2));
    assert.equal((await t.repository.getTransaction(reference))?.state, 'authorized');
  });

  it('a 1 replayed after the 5 leaves the payment authorised, announces no cancellation', async () => {
    const reference = await newAttempt();
    assert.equal((await postServerFeedback(t, feedbackFor(reference, 5))).status, 200);
    const replay = await browserReturn(feedbackFor(reference, 1));
    assert.equal(replay.status, 303);
    const after = await t.repository.getTransaction(reference);
    assert.deepEqual(
      { state: after?.state, events: await eventTypes(reference), shopperSentTo: replay.headers.get('location') },
      { state: 'authorized', events: ['payment.authorized'], shopperSentTo: `https://shop.example.com/ok?reference=${reference}` },
      'a STATUS 1 (cancelled by customer) after the authorisation must change nothing',
    );
  });

  it('a 1 between the 91 and the 9 does not keep the captured payment cancelled', async () => {
    const reference = await newAttempt();
    assert.equal((await postServerFeedback(t, feedbackFor(reference, 91))).status, 200);
    await browserReturn(feedbackFor(reference, 1));
    assert.equal((await postServerFeedback(t, feedbackFor(reference, 9))).status, 200);
    const after = await t.repository.getTransaction(reference);
    assert.deepEqual(
      {
        state: after?.state,
        capturedAmount: after?.capturedAmount,
        events: await eventTypes(reference),
      },
      { state: 'captured', capturedAmount: 1999, events: ['payment.captured', 'payment.pending'] },
      'the payment Ogone captured (9) must not stay cancelled because of a stale STATUS 1',
    );
  });
});
