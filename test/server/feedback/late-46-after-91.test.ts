/**
 * end to end (SQLite and PostgreSQL) for review r1411: the paying try's own late 46, arriving
 * after its 91, makes the session read payable to the widget while the platform is capturing, and
 * lets an earlier try's deferred 2 decline the payment (`payment.declined`, final).
 *
 * Found by review r1413, now fixed (feedback/decide.ts endOfEarlierTry: no try goes back to the page's waiting). What was wrong: server/feedback/decide.ts keeps a 46 of the payment's own PAYID as its last STATUS
 * over the 91 (both "unresolved", recordsLastStatus), though a try never goes back from its
 * authorisation request (91: "Payment processing", the capture processed offline) to 3-D Secure
 * (46). Two effects: (1) repository/sessions.ts paymentBeingDecided ignores a pending payment at
 * 46, so GET /checkout/sessions/:id (the widget) answers `open` — "processing (claim or payment
 * being decided)" is what the README promises while the platform decides a payment, and an `open`
 * session invites the shopper to pay a second time; (2) endOfEarlierTry no longer holds (its guard
 * `PAGE_STAGE.has(current.lastStatus)`), so the earlier try's deferred 2 (another PAYID) declines
 * the payment. docs/ogone-protocol.md §6 "Rules around the table": such a page end "changes
 * nothing … it writes neither the state nor the details … and the payment still holds its
 * session as a payment being decided does (§8)".
 *
 * Steps: payment session 19.99 EUR, hosted-page attempt; server feedback STATUS 91 PAYID 3000002;
 * server feedback STATUS 46 PAYID 3000002 (its own, late: a retried post-sale request); widget
 * status read; server feedback STATUS 2 PAYID 3000001 (the earlier try's refusal, deferred).
 * A second hosted-page attempt (POST /checkout/sessions/:id/attempts) is tried right after the 46.
 * Expected: widget `processing`; the second attempt refused 409 (payment being decided,
 * payments/session-claims.ts assertNoPaymentBeingDecided — as it is at the 91); the payment still
 * `pending`, no payment.declined. Actual: widget `open`; a second attempt 201 (a second order may be
 * charged beside the one being captured); the payment `declined` with the earlier try's PAYID.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../../shared/schemas/api.ts';
import { postServerFeedback, useTestApp } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`(${kind}): the paying try's own late 46 after its 91`, () => {
    const t = useTestApp(kind);

    it("keeps the session processing and the payment pending through an earlier try's 2", async () => {
      const created = (await (
        await t.api('/api/checkout-sessions', { method: 'POST', json: { amount: 1999, currency: 'EUR' } })
      ).json()) as { id: string };
      const attempt = await t.app.request(`/checkout/sessions/${created.id}/attempts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      assert.equal(attempt.status, 201);
      const { reference } = (await attempt.json()) as Extract<AttemptResult, { kind: 'redirect' }>;

      assert.equal((await postServerFeedback(t, feedbackFor(reference, 91, { PAYID: '3000002' }))).status, 200);
      const widgetAt91 = ((await (await t.app.request(`/checkout/sessions/${created.id}`)).json()) as { status: string }).status;
      assert.equal(widgetAt91, 'processing', 'precondition: at the 91 the widget reads processing');
      const atThe91 = await t.app.request(`/checkout/sessions/${created.id}/attempts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      assert.equal(atThe91.status, 409, 'precondition: at the 91 a second attempt is refused');

      assert.equal((await postServerFeedback(t, feedbackFor(reference, 46, { PAYID: '3000002' }))).status, 200);
      const widget = ((await (await t.app.request(`/checkout/sessions/${created.id}`)).json()) as { status: string }).status;
      // "Pay" again while the platform processes the 91: a second order beside the first (§8).
      const second = await t.app.request(`/checkout/sessions/${created.id}/attempts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });

      assert.equal((await postServerFeedback(t, feedbackFor(reference, 2, { PAYID: '3000001' }))).status, 200);
      const payment = (await (await t.api(`/api/transactions/${reference}`)).json()) as { state: string; payid?: string | null };

      assert.deepEqual(
        { widget, secondAttempt: second.status, state: payment.state },
        { widget: 'processing', secondAttempt: 409, state: 'pending' },
        `after the 91 (3000002), its own late 46 and an earlier try's 2 (3000001): ${JSON.stringify(payment).slice(0, 300)}`,
      );
    });
  });
}
