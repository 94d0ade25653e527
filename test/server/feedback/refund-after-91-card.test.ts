/**
 * Found by review r241 (commit 5431ac8, `alias_confirmed`).
 *
 * F1. A hosted payment whose shopper ticked "save my card" is answered 91 (capture processed
 * offline) naming the alias: it is only confirmed, the card to be saved "once the payment is
 * authorised or captured" (docs/ogone-protocol.md §10). Its 9 is lost (status changes are not sent
 * by default, §9) and the back office refunds part of it before the reconciler's round: the query
 * reads STATUS 8 and the refund level, and the payment goes from `pending` straight to
 * `partially_refunded` (apply-answer.ts withPlatformRefund: "a refund proves the money was
 * captured"). decide.ts saves only when its own state is authorised or captured, and an 8 is
 * final: the card the shopper agreed to store, on a payment that was paid, is never saved.
 * Before 5431ac8 it was saved at the 91.
 *
 * F2 (same path, older than 5431ac8). That payment is paid (PAID_STATES: "refunds included"), yet
 * its session is never marked paid: withPlatformRefund moves the state without `markSessionPaid`.
 * The merchant API shows the session `open` with no paidReference, the shopper may pay it again,
 * and that second payment is no duplicate to give back (no paidReference to compare with).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from './fake-platform.ts';
import { historyLevels } from '../maintenance/history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a 91 naming the alias, then a back-office partial refund read by a query (${kind})`, () => {
    const platform = historyLevels(PAYID);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));

    /** 91 with ALIAS, then the capture and a 5.00 refund made at the platform, read by a sync. */
    const paidThenPartlyRefunded = async (customerId: string) => {
      const t = app.t;
      const reference = await newHostedAttempt(
        t,
        { amount: 1999, currency: 'EUR', customer: { id: customerId }, saveCard: 'optional' },
        { saveCard: true },
      );
      const aliasName = (await t.repository.getTransaction(reference))!.aliasRequest!;
      assert.ok(aliasName, 'the attempt asked for an alias');
      platform.start(reference, '91');
      assert.equal((await app.feedback(feedbackFor(reference, 91, { ALIAS: aliasName, PAYID }))).status, 200);
      assert.equal((await t.repository.getTransaction(reference))?.aliasConfirmed, true, 'precondition: the 91 confirmed the alias');
      // The capture completes (its 9 never reaches us), then the back office refunds 5.00.
      platform.backOffice({ status: '9', amount: '19.99' });
      platform.backOffice({ status: '8', amount: '5.00' });
      const sync = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.equal(sync.status, 200, await sync.clone().text());
      const paid = (await t.repository.getTransaction(reference))!;
      assert.deepEqual(
        [paid.state, paid.capturedAmount, paid.refundedAmount],
        ['partially_refunded', 1999, 500],
        'precondition: the query found the payment captured and partly refunded',
      );
      return { reference, aliasName, paid };
    };

    it('F1: saves the card of the paid (captured, then partly refunded) payment', async () => {
      const customerId = `cust-r241-card-${kind}`;
      const { aliasName, paid } = await paidThenPartlyRefunded(customerId);
      assert.deepEqual(
        (await app.t.repository.listAliases(customerId)).map((card) => card.alias),
        [aliasName],
        `the payment was paid (${paid.state}) and the 91 confirmed alias ${aliasName}, yet no card was saved: ` +
          'the 8 the query read is final, so nothing will ever save it',
      );
    });

    it('F2: the session of that paid payment is paid', async () => {
      const { reference, paid } = await paidThenPartlyRefunded(`cust-r241-session-${kind}`);
      await new Promise((resolve) => setTimeout(resolve, 200)); // the background review, if any
      const response = await app.t.api(`/api/checkout-sessions/${paid.sessionId}`);
      assert.equal(response.status, 200);
      const session = (await response.json()) as { status: string; paidReference: string | null };
      assert.deepEqual(
        [session.status, session.paidReference],
        ['paid', reference],
        `the payment ${reference} is ${paid.state} (captured 19.99, 5.00 refunded) but its session reads ` +
          `${session.status} / paidReference ${session.paidReference}: the shopper may pay it again, and no give-back follows`,
      );
    });
  });
}
