/**
 * A checkout session whose payment is pending at Ogone reads `expired` once its expiry
 * passes, then turns `paid` when the platform captures it.
 *
 * Found by review r1397, now fixed (payments/views.ts sessionStatus). What was wrong: sessionStatus (server/payments/views.ts) checks the expiry before the
 * session's payments: `paid` → `expired` → `processing` (a pending payment) → `open`. A shopper
 * who paid on Ogone's page shortly before the session's expiry and whose payment is still
 * "processing" there (STATUS 91, a pending payment: docs/ogone-protocol.md §6) makes the
 * session read `processing` until the expiry — and `expired` from then on, with the pending
 * transaction listed beside it. When the platform's STATUS 9 arrives, the same session reads
 * `paid`: `expired` was never true.
 *
 * Why it matters (money, merchant misled): GET /api/checkout-sessions/:id is how a merchant
 * learns a session's outcome (there is no session webhook other than payment.*). A merchant whose
 * order logic is "expired → release the stock / cancel the order" cancels an order whose money
 * is then taken. The docs themselves say a payment may complete after the expiry:
 * docs/ogone-protocol.md §9 "Unknown order": "Ogone's page knows nothing of our expiry: a
 * shopper sent to it just before the session expired may pay there after", and README
 * "Payment states": an attempt becomes `expired` only "once it could no longer be paid: its
 * session expired, and an hour since it was made". The widget (same status via payableStatus)
 * tells the shopper whose payment is processing "This link has expired." instead of
 * "Processing…", inviting a second payment.
 *
 * Expectation: while one of its payments is pending, a session past its expiry reads
 * `processing` in GET /api/checkout-sessions/:id (never `expired`), as it did a second before
 * the expiry; it reads `paid` once the payment is captured.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../../shared/schemas/api.ts';
import { postServerFeedback, useTestApp } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';

describe('a session with a pending payment, past its expiry', () => {
  const t = useTestApp('sqlite');

  it('reads processing, not expired, until its payment is decided', async () => {
    const created = (await (
      await t.api('/api/checkout-sessions', { method: 'POST', json: { amount: 1999, currency: 'EUR', expiresIn: 600 } })
    ).json()) as { id: string };
    const attempt = await t.app.request(`/checkout/sessions/${created.id}/attempts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(attempt.status, 201);
    const { reference } = (await attempt.json()) as Extract<AttemptResult, { kind: 'redirect' }>;

    // The shopper paid on Ogone's page; the platform answers "payment processing" (91).
    assert.equal((await postServerFeedback(t, feedbackFor(reference, 91))).status, 200);
    const read = async () =>
      (await (await t.api(`/api/checkout-sessions/${created.id}`)).json()) as {
        status: string;
        transactions: Array<{ reference: string; state: string }>;
      };
    const before = await read();
    assert.equal(before.status, 'processing', 'before the expiry the pending payment shows');

    t.clock.advance(601_000);
    const after = await read();
    assert.deepEqual(
      after.transactions.map((tx) => tx.state),
      ['pending'],
      'the payment is still pending at Ogone',
    );
    assert.equal(
      after.status,
      'processing',
      `past its expiry, with its payment ${reference} pending, the session reads "${after.status}" — a merchant cancels the order whose money is then taken`,
    );

    // What follows shows "expired" was never the outcome: the capture makes the session paid.
    assert.equal((await postServerFeedback(t, feedbackFor(reference, 9))).status, 200);
    assert.equal((await read()).status, 'paid');
  });
});
