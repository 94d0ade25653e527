/**
 * A payment flagged `duplicateOf` by the write of its refund reversal is announced with
 * `payment.duplicate` (review r1340 found it never was).
 *
 * Since 76e98a2 the write that makes a payment paid again flags it `duplicateOf` the session's
 * payment, and writes `payment.duplicate` beside its paid event, when that payment holds the money
 * (feedback/decide.ts); maintenance/duplicates.ts reviewPayment then only gives it back and writes
 * no event for a payment it finds flagged already. But decide.ts's events are not always the ones
 * written: a payment with maintenance operations is decided by the ledger
 * (feedback/with-operations.ts withOperations / undoneRefund), which keeps the decision's patch
 * details — `duplicateOf` included (withoutMoney drops only state and amounts) — and replaces its
 * events with the ledger's own (`payment.refund_reversed`). The `payment.duplicate` is dropped, the
 * flag was written, and the review, finding the flag, wrote none: the duplicate was never announced.
 *
 * Scenario (docs/ogone-protocol.md §6 and §8; README "two hosted-page tabs"): tabs A and B of one
 * session. A is captured (the session's payment), then refunded in full through the merchant API
 * (an RFS operation, done). B is paid: A holds nothing, so the review makes B the session's payment
 * (takeOverSession). Then the acquirer declines A's refund — STATUS 94 naming the refund's level
 * (PAYIDSUB), DirectLink guide / e-Commerce guide status 94 "Refund declined by the acquirer": A is
 * captured again, beside B. A is now a second paid payment of a session B pays: it is flagged
 * `duplicateOf` B, and with DUPLICATE_PAYMENTS=keep ("decide yourself", README) the merchant's only
 * signal is `payment.duplicate` — never sent, so the shopper stays charged twice and nobody is told.
 * (With the default policy A is given back with no announcement either.) Before 76e98a2 the review flagged A and
 * wrote `payment.duplicate` itself.
 *
 * Every payment flagged `duplicateOf` is now announced with one `payment.duplicate` (README:
 * "announced once with payment.duplicate"), whichever decider made the write: the feedback and the
 * query apply feedback/duplicate-announcement.ts to their whole decision, last.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../support/databases.ts';
import { attemptsOfOneSession } from '../support/app.ts';
import { feedbackFor } from '../support/feedback.ts';
import { eventually } from '../support/waiting.ts';
import { appWithFakePlatform, platformAnswer } from '../server/feedback/fake-platform.ts';

const PAYID_A = '3014901';
const PAYID_B = '3014902';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a refund reversal making a kept-over payment a duplicate (${kind})`, () => {
    const maintenance: string[] = [];
    const app = appWithFakePlatform(
      kind,
      (path, form) => {
        if (path.includes('maintenancedirect')) {
          maintenance.push(`${form.OPERATION} ${form.PAYID}`);
          // A's full refund (RFS): level 2, STATUS 8.
          return platformAnswer({ orderID: '', PAYID: form.PAYID!, PAYIDSUB: '2', STATUS: '8', amount: '19.99' });
        }
        throw new Error(`unexpected call ${path} ${JSON.stringify(form)}`);
      },
      { env: { DUPLICATE_PAYMENTS: 'keep' } },
    );

    it('A, captured again beside B, is flagged and announced with payment.duplicate', async () => {
      const t = app.t;
      const [a, b] = await attemptsOfOneSession(t, { amount: 1999, currency: 'EUR' });
      const sessionId = (await t.repository.getTransaction(a!))!.sessionId;

      assert.equal((await app.feedback(feedbackFor(a!, 9, { PAYID: PAYID_A }))).status, 200);
      const refund = await t.api(`/api/transactions/${a}/refund`, { method: 'POST', json: {} });
      assert.ok(refund.status < 300, `refund: ${refund.status} ${await refund.clone().text()}`);
      assert.equal((await t.repository.getTransaction(a!))?.state, 'refunded', 'precondition: A refunded through the API');
      // The review that follows A's refund runs in the background: let it end while A is still the
      // session's payment (run after B's take-over, it would review A against B on its own).
      await new Promise((resolve) => setTimeout(resolve, 500));

      // B paid: A holds nothing, B becomes the session's payment (takeOverSession).
      assert.equal((await app.feedback(feedbackFor(b!, 9, { PAYID: PAYID_B }))).status, 200);
      await eventually(
        async () => (await t.repository.getSession(sessionId))?.paidReference,
        (paid) => paid === b,
        'B taking the session over',
      );
      assert.equal((await t.repository.getTransaction(b!))?.duplicateOf ?? null, null, 'precondition: B kept');

      // The acquirer declines A's refund (94 naming its level): A captured again, beside B.
      assert.equal((await app.feedback(feedbackFor(a!, 94, { PAYID: PAYID_A, PAYIDSUB: '2' }))).status, 200);
      await eventually(
        async () => t.repository.getTransaction(a!),
        (x) => x?.state === 'captured',
        'A captured again',
      );
      // Let the review the 94 brought run (background).
      await new Promise((resolve) => setTimeout(resolve, 1000));

      // Two payments of one session hold the money: one of them is the other's duplicate, and every
      // payment flagged so is announced, once.
      const flagged = [];
      for (const reference of [a!, b!]) {
        const stored = (await t.repository.getTransaction(reference))!;
        if (!stored.duplicateOf) continue;
        flagged.push(reference);
        const events = (await t.repository.listEvents({ reference, limit: 50 })).items;
        const duplicates = events.filter((e) => e.type === 'payment.duplicate');
        assert.equal(
          duplicates.length,
          1,
          `${reference === a ? 'A' : 'B'} (${reference}) is flagged duplicateOf ${stored.duplicateOf} but announced ` +
            `${duplicates.length} time(s) with payment.duplicate (its events, oldest first: ` +
            `${events
              .map((e) => e.type)
              .reverse()
              .join(', ')}; DUPLICATE_PAYMENTS=keep: the merchant is never told the ` +
            `shopper paid twice)`,
        );
        const data = duplicates[0]!.data as { duplicateOf?: string; action?: string };
        assert.equal(data.duplicateOf, stored.duplicateOf);
        assert.equal(data.action, 'keep');
      }
      assert.equal(flagged.length, 1, `A and B both hold the money: exactly one is flagged a duplicate (flagged: ${flagged})`);
    });
  });
}
