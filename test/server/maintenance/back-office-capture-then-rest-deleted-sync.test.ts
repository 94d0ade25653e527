/**
 * Found by review r1567 (2026-12-07), now fixed.
 *
 * Review r1567. README "Webhooks and how to verify them": "`payment.cancelled` (the authorisation
 * voided; after a partial capture — the back office capturing part, then deleting the rest — only
 * the rest is released, and the payment in the event's data stays captured with its captured
 * amount: read its state, not the type alone)"; README "Merchant API": "`POST
 * /api/transactions/:reference/sync` query Ogone for the current status now".
 *
 * What is wrong: with the back-office setup `doctor` prints ("HTTP request for status change"
 * left at "No request", docs/ogone-protocol.md §14 "Status changes later are not sent by
 * default"), a capture and a deletion made in Ogone's back office reach the server only through a
 * query. The back office captures 5.00 of a 19.99 authorisation (history level 1, STATUS 9), then
 * deletes the rest (level 2, STATUS 6): the order's STATUS is now 6, its PAYIDSUB 2 (DirectLink
 * guide §5.1.2 history levels). The merchant presses "Sync with Ogone": the sync
 * (server/maintenance/sync.ts) reads the order's 6 and moves the payment to `cancelled` with
 * capturedAmount 0 — it never asks for the levels, though the order names two (with a 9 on top it
 * does read each level and counts back-office captures). `payment.cancelled` is sent with
 * `state: "cancelled"`, `capturedAmount: 0`; nothing is flagged or left awaiting a query, and the
 * reconciler never asks about a cancelled payment again. r750 fixed this for the case where the
 * back office's 9 arrives as a feedback; with status-change requests off it never does.
 *
 * The same loss when the order's newest level is a refused second capture (93) made in the back
 * office after the 5.00: the sync reads the 93, leaves the payment `authorized` with 0 captured,
 * and no query ever comes back to it (an authorised payment is not unresolved).
 *
 * Why it matters: the shopper was charged 5.00 that the ledger, the API, the dashboard and the
 * webhooks never show — the merchant reads "cancelled", ships nothing, and cannot even refund the
 * 5.00 through the API (a cancelled payment cannot be refunded).
 *
 * Expectation (README): after the sync (and the reconciler's rounds, should the fix leave it to a
 * query), the payment is `captured` with 500 captured, and any `payment.cancelled` carries the
 * payment as captured with its captured amount.
 *
 * The fix: maintenance/sync.ts reads the history levels of an order naming them (its PAYIDSUB)
 * whatever its STATUS, records the deletion read in the same answer as the back office's cancel
 * (deletionLevel), and feedback/apply-answer.ts withPlatformCapture sends payment.cancelled after
 * payment.captured, the payment captured in its data.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, reconcilerRounds } from './history-levels.ts';

const PAYID = '3014726';

describe('r1567: a back-office partial capture, then the rest deleted in the back office, read by a sync', () => {
  const platform = historyLevels(PAYID);
  const app = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'RES' } });

  /** A payment of 19.99 EUR, authorised only (RES) by its feedback 5: its reference. */
  const authorised = async (): Promise<string> => {
    const reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    platform.start(reference, '5');
    assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
    return reference;
  };

  it('keeps the 5.00 captured: the payment stays captured, and payment.cancelled says so', async () => {
    const t = app.t;
    const reference = await authorised();

    // In Ogone's back office: capture 5.00, then delete the rest of the authorisation. No status
    // change request is sent (the setup doctor prints): only a query can learn of them.
    platform.backOffice({ status: '9', amount: '5.00' });
    platform.backOffice({ status: '6', amount: '14.99' });

    const sync = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.equal(sync.status, 200, `precondition: the sync answers: ${(await sync.clone().text()).slice(0, 200)}`);
    await reconcilerRounds(t, 3);

    const detail = (await (await t.api(`/api/transactions/${reference}`)).json()) as { state: string; capturedAmount: number };
    const cancelled = (
      (await (await t.api(`/api/events?reference=${reference}&type=payment.cancelled`)).json()) as {
        data: Array<{ data: { state: string; capturedAmount: number } }>;
      }
    ).data.map((event) => [event.data.state, event.data.capturedAmount]);
    assert.deepEqual(
      { payment: [detail.state, detail.capturedAmount], cancelledEvents: cancelled.filter(([state]) => state !== 'captured') },
      { payment: ['captured', 500], cancelledEvents: [] },
      `the platform captured 5.00 before the rest was deleted; the ledger says ${detail.state} with ${detail.capturedAmount} ` +
        `captured, and payment.cancelled carried ${JSON.stringify(cancelled)}`,
    );
  });

  it('keeps the 5.00 captured when a second back-office capture was refused (93) after it', async () => {
    const t = app.t;
    const reference = await authorised();
    platform.backOffice({ status: '9', amount: '5.00' });
    platform.backOffice({ status: '93', amount: '3.00' });
    const sync = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.equal(sync.status, 200, `precondition: the sync answers: ${(await sync.clone().text()).slice(0, 200)}`);
    await reconcilerRounds(t, 3);
    const detail = (await (await t.api(`/api/transactions/${reference}`)).json()) as { state: string; capturedAmount: number };
    assert.deepEqual(
      [detail.state, detail.capturedAmount],
      ['captured', 500],
      `the platform captured 5.00 (its second capture, of 3.00, was refused); the ledger says ${detail.state} with ${detail.capturedAmount} captured`,
    );
  });
});
