/**
 * Found by review r1641 (2026-12-07), now fixed.
 * The fix: maintenance/sync.ts backOfficeRefund reads the refund levels of an order naming levels whatever its STATUS, a deletion of the rest (6) included.
 *
 * Review r1641: a regression of the r1585 fix (8fcb933): refund levels are read under a refund
 * STATUS 81/82/83 only, so a back-office refund followed by any other level is lost again.
 *
 * What is wrong: server/maintenance/sync.ts `backOfficeRefund` reads the order's refund history
 * levels ([DL] §5.1.2) when the head is a done refund, a feedback left the amount to the query,
 * or — since 8fcb933 — `nothingRefundedYet && REFUND_NOT_DONE.has(head.status)` (81, 82, 83).
 * a63345b (r1569) read them whenever the order named levels and nothing was counted refunded;
 * r1585 narrowed that to 81-83 to keep a reversal (94) from being counted back, and with it shut
 * out every other STATUS a later level leaves on the order. A payment of 19.99 authorised (RES):
 * in Ogone's back office the merchant captures 5.00 (level 1: 9), refunds 2.00 of it (level 2: 8),
 * then deletes the rest of the authorisation (level 3: 6). With status-change requests off
 * (docs/ogone-protocol.md §14) only a sync learns of it; it reads the order's 6 and the capture
 * levels (backOfficeCapture: "the order names history levels whatever its STATUS"), records the
 * deletion — and never reads the refund: the payment says `captured`, 500 captured, 0 refunded.
 *
 * Why it matters: README "Webhooks and how to verify them": a refund made in Ogone's back office
 * is announced once a query (or POST /api/transactions/:reference/sync) has read how much it
 * was; README "Merchant API": refundedAmount is what was given back. The 2.00 given back is never
 * learnt (no payment.refunded), the books overstate revenue, and the dashboard offers a refund of
 * the whole 5.00 — the customer is refunded the 2.00 twice. docs/ogone-protocol.md §9 gives the
 * reason the levels must be read (r1569): with status-change requests off (§14) a back-office
 * refund's 8 replaced by a later level's STATUS is said by nothing else; it then reads them only
 * under 81, 82 or 83, though a deletion of the rest (6) or a refused second capture (93) replaces
 * the 8 just the same — and under a63345b's rule these levels were read.
 *
 * Expectation: after the sync and the reconciler's rounds the payment is `partially_refunded`
 * with 500 captured and 200 refunded.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, reconcilerRounds } from './history-levels.ts';

const PAYID = '3014726';

describe('r1641: a back-office capture, a refund of part of it, then the rest deleted, read by a sync', () => {
  const platform = historyLevels(PAYID);
  const app = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'RES' } });

  it('counts the 2.00 refunded beside the 5.00 captured', async () => {
    const t = app.t;
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    platform.start(reference, '5');
    assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);

    // In Ogone's back office: capture 5.00, refund 2.00 of it, then delete the rest.
    platform.backOffice({ status: '9', amount: '5.00' });
    platform.backOffice({ status: '8', amount: '2.00' });
    platform.backOffice({ status: '6', amount: '14.99' });

    const sync = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.equal(sync.status, 200, `precondition: the sync answers: ${(await sync.clone().text()).slice(0, 200)}`);
    await reconcilerRounds(t, 3);

    const detail = (await (await t.api(`/api/transactions/${reference}`)).json()) as {
      state: string;
      capturedAmount: number;
      refundedAmount: number;
    };
    assert.deepEqual(
      [detail.state, detail.capturedAmount, detail.refundedAmount],
      ['partially_refunded', 500, 200],
      `the back office captured 5.00, refunded 2.00 of it and deleted the rest; the ledger says ${detail.state}, ` +
        `${detail.capturedAmount} captured, ${detail.refundedAmount} refunded`,
    );
  });
});
