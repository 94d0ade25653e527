/**
 * Found by review r1569 (2026-12-07), now fixed.
 *
 * Review r1569. README "Webhooks and how to verify them": "With DirectLink, a capture or refund
 * made in Ogone's back office is announced once the reconciler's query has read how much it was
 * … or at once after `POST /api/transactions/:reference/sync`"; README "Merchant API": `GET
 * /api/transactions/:reference` gives `refundedAmount`, and a refund takes at most what is left.
 *
 * What is wrong: server/maintenance/sync.ts reads the refund history levels (DirectLink guide
 * §5.1.2) only when the order's STATUS is itself a done refund (8, 84, 85, 7…). A captured payment
 * of 19.99 is refunded 5.00 in Ogone's back office (level 1: STATUS 8, 5.00); a second refund of
 * 2.00 is then refused by the acquirer (level 2: STATUS 83, "refund refused" — final). The
 * order's STATUS is 83. The sync (and every reconciler round after it) reads the 83, which moves
 * nothing on a captured payment, and never the levels: the payment stays `captured`, refundedAmount
 * 0, no `payment.refunded`, nothing left awaiting a query. The 5.00 given back is never learnt.
 * (With the second refund still pending, 81, the same sync also shows 0 refunded until it settles.)
 *
 * Why it matters: the merchant, told by the API, the dashboard and the webhooks that nothing was
 * refunded, refunds the customer's 5.00 again — the dashboard offers a refund of the whole 19.99 —
 * and the customer is refunded twice; the books and the CSV export overstate revenue by 5.00.
 *
 * Expectation (README): after the sync and the reconciler's rounds the payment is
 * `partially_refunded` with refundedAmount 500.
 *
 * The fix: maintenance/sync.ts backOfficeRefund reads the refund levels of an order naming history
 * levels whatever its STATUS while nothing is counted refunded.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, reconcilerRounds } from './history-levels.ts';

const PAYID = '3014726';

describe('r1569: a back-office refund, then a second one refused (83), read by a sync', () => {
  const platform = historyLevels(PAYID);
  const app = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form));

  it('counts the 5.00 refunded: partially_refunded, 500', async () => {
    const t = app.t;
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    platform.start(reference, '9');
    assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);

    // In Ogone's back office: refund 5.00 (done), then a refund of 2.00 the acquirer refuses.
    platform.backOffice({ status: '8', amount: '5.00' });
    platform.backOffice({ status: '83', amount: '2.00' });

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
      ['partially_refunded', 1999, 500],
      `the platform refunded 5.00 (a second refund of 2.00 was refused); the ledger says ${detail.state}, ` +
        `${detail.capturedAmount} captured, ${detail.refundedAmount} refunded`,
    );
  });
});
