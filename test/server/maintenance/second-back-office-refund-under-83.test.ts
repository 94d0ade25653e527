/**
 * Found by review r1637 (2026-12-07), now fixed.
 * The fix: maintenance/sync.ts backOfficeRefund reads the refund levels of an order naming levels whether or not something is counted refunded already (the sum is all the back office refunded, never counted twice).
 *
 * Review r1637: the fix of r1569 (and its narrowing by r1585) missed the sibling where a refund is
 * already counted.
 *
 * What is wrong: server/maintenance/sync.ts `backOfficeRefund` reads the order's refund history
 * levels ([DL] §5.1.2) under a refund STATUS that is not itself a done refund (81, 82, 83) only
 * while `nothingRefundedYet` (`transaction.refundedAmount === 0`, passed by `syncOnce`). A
 * captured payment of 19.99 is refunded 3.00 in Ogone's back office (level 1: STATUS 8), which a
 * sync reads and counts (refundedAmount 300). Later the back office refunds 5.00 more (level 2:
 * STATUS 8), then a further 2.00 the acquirer refuses (level 3: STATUS 83). The order's STATUS is
 * 83 and refundedAmount is no longer 0: the levels are never read again, by the sync nor by any
 * reconciler round, and the second refund of 5.00 is never learnt. (With the last level an 8, the
 * same sync counts 800: only the 83 on top hides it.) The guard (a63345b, r1569) was there to keep
 * a refund read again beside its reversal (94) from being counted back; since r1585 REFUND_NOT_DONE
 * keeps 94 out anyway, yet the guard still shuts out every 81/82/83 once anything was refunded —
 * the very case r1569 fixed, one refund later.
 *
 * Why it matters: README "Webhooks and how to verify them": a refund made in Ogone's back office
 * is announced once the reconciler's query (or POST /api/transactions/:reference/sync) has read
 * how much it was; README "Merchant API": refundedAmount is what was given back. The API, the
 * dashboard and the CSV export say 3.00 refunded where 8.00 was; the dashboard offers to refund
 * 16.99 more, and the customer can be refunded the 5.00 twice.
 *
 * Expectation: after the syncs and the reconciler's rounds the payment is `partially_refunded`
 * with refundedAmount 800 (3.00 + 5.00; the refused 2.00 not counted).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, reconcilerRounds } from './history-levels.ts';

const PAYID = '3014726';

describe('r1637: a back-office refund counted, then another and a refused one (83), read by a sync', () => {
  const platform = historyLevels(PAYID);
  const app = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form));

  it('counts the second back-office refund of 5.00: partially_refunded, 800', async () => {
    const t = app.t;
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    platform.start(reference, '9');
    assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);

    // In Ogone's back office: a refund of 3.00 (level 1, STATUS 8), read by a sync and counted.
    platform.backOffice({ status: '8', amount: '3.00' });
    const first = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.equal(first.status, 200, `precondition: the first sync answers: ${(await first.clone().text()).slice(0, 200)}`);
    const before = (await (await t.api(`/api/transactions/${reference}`)).json()) as { refundedAmount: number };
    assert.equal(before.refundedAmount, 300, 'precondition: the first back-office refund is counted');

    // Later, in the back office: refund 5.00 (done), then a refund of 2.00 the acquirer refuses.
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
      ['partially_refunded', 1999, 800],
      `the back office refunded 3.00 then 5.00 (a further 2.00 was refused); the ledger says ${detail.state}, ` +
        `${detail.capturedAmount} captured, ${detail.refundedAmount} refunded`,
    );
  });
});
