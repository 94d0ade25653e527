/**
 * the platform's own refusal (STATUS 2) of an uncertain payment (92), naming that very
 * payment's PAYID, is thrown away: the payment stays `pending` and blocks its session.
 *
 * Found by review r1391, now fixed (feedback/decide.ts endOfEarlierTry compares PAYIDs). What was wrong: feedback/decide.ts endOfEarlierTry drops every non-query 0 or 2 arriving after a
 * 91 or 92, on the premise that it can only be "a page's end of an earlier try" (docs §6 "One
 * way"). It never looks at the PAYID. Yet docs/ogone-protocol.md §9 "Another try on the page" says
 * each try has a PAYID of its own ("a query between two tries answers the refused one, with that
 * try's PAYID"), so a 2 carrying the 92's own PAYID is not an earlier try's: it is the platform's
 * status change of that payment — "wait until we have updated the status in our system" ([ADV]
 * App., 52/92). The project's own stand-in sends exactly this: the sandbox settles a 92 payment to
 * 2 and sends that status-change feedback (server/sandbox/controls.ts RESOLVABLE_TO "What they may
 * become: authorised, captured, refused (docs §13)"; [ADV] DECLINEURL: "declines the authorisation
 * (status 2 or 93)").
 *
 * Why it matters: the signed, server-to-server refusal is logged "unchanged" and nothing else
 * happens. The merchant is never sent `payment.declined`; the payment reads `pending` in the API
 * and dashboard; the shopper's status page keeps saying "processing"; and the session answers every
 * new attempt 409 `attempt_in_progress` ("still being processed by the platform (STATUS 92)") — the
 * shopper whose card was refused cannot pay with another one. Only a DirectLink query ever lifts
 * it: never for a merchant without DirectLink credentials or with RECONCILE_INTERVAL_SECONDS=0
 * (README: "0 turns it off"), and otherwise only at the reconciler's next question.
 *
 * Expected: after 92 then a signed 2 with the same PAYID, the payment is `declined`,
 * `payment.declined` is emitted, and a new attempt on the session is accepted (201).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { attemptsOfOneSession, postServerFeedback, useTestApp } from '../../support/app.ts';

describe('a 92 refused by the platform (2, the same PAYID)', () => {
  const t = useTestApp('sqlite');

  it('control: a refused payment (2) leaves the session open to another attempt', async () => {
    const [reference] = await attemptsOfOneSession(t, { amount: 1999, currency: 'EUR' }, 1);
    assert.equal((await postServerFeedback(t, feedbackFor(reference!, 2, { PAYID: '3019200' }))).status, 200);
    const payment = await t.repository.getTransaction(reference!);
    assert.equal(payment?.state, 'declined');
    const again = await t.app.request(`/checkout/sessions/${payment!.sessionId}/attempts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ saveCard: false }),
    });
    assert.equal(again.status, 201);
  });

  it('is recorded: declined, announced, the session open to another card', async () => {
    const [reference] = await attemptsOfOneSession(t, { amount: 1999, currency: 'EUR' }, 1);
    const payId = '3019201';
    assert.equal((await postServerFeedback(t, feedbackFor(reference!, 92, { PAYID: payId, NCERROR: '20001001' }))).status, 200);
    assert.equal((await t.repository.getTransaction(reference!))?.state, 'pending');
    // The platform's status change of that same payment: refused.
    assert.equal((await postServerFeedback(t, feedbackFor(reference!, 2, { PAYID: payId }))).status, 200);
    const payment = await t.repository.getTransaction(reference!);
    const events = (await t.repository.listEvents({ limit: 100, reference: reference! })).items.map((event) => event.type);
    const again = await t.app.request(`/checkout/sessions/${payment!.sessionId}/attempts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ saveCard: false }),
    });
    assert.deepEqual(
      {
        state: payment?.state,
        lastStatus: payment?.lastStatus,
        declinedAnnounced: events.includes('payment.declined'),
        newAttempt: again.status,
      },
      { state: 'declined', lastStatus: 2, declinedAnnounced: true, newAttempt: 201 },
      `the platform's refusal (2) of the uncertain payment ${payId} itself must be recorded; new attempt answered ${again.status} ${(await again.clone().text()).slice(0, 160)}`,
    );
  });
});
