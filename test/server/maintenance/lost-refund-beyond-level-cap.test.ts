/**
 * Found by review r790: an operation whose answer was lost, above the MAX_LEVELS (20) untied history
 * levels a sync reads, was released as "never reached the platform", and its retry under the same
 * Idempotency-Key sent it a second time.
 *
 * What happened: an authorisation (RES) of 19.99 EUR is captured in 20 parts of 0.50 in Ogone's
 * back office (levels 1–20: counted by queries, held by no operation of ours —
 * maintenance/sync.ts backOfficeCapture). The merchant refunds 5.00 under `Idempotency-Key:
 * refund-500`; the platform makes the refund (level 21) and the answer is lost (504). The retry
 * with the same key and body (maintenance/operations.ts replay) syncs first: untiedLevels asks
 * levels 1–20 and stops at the cap (`unread: true`), so the refund's own level 21 is never read;
 * operationUpdates sees no refund level at all (`free` is empty) and, the grace period over,
 * releases the refund as never sent (`failed`, no STATUS). The same sync knew levels were left
 * unread (`levelsLeftUnread`), but only uses that to keep `awaitsQuery`. Then:
 * - the platform processed the refund offline (level 21 says 81): nothing flags the payment, and
 *   replay() takes the refund for `releasedUnanswered` and resends it — a second RFD of 5.00
 *   reaches the platform for one request under one key (test 1);
 * - the platform did it at once (level 21 says 8): the head's 8 is left unexplained, so the resend
 *   is refused, but the refund the platform made stays `failed` ("never reached the platform"),
 *   and the next sync counts the order's AMOUNT instead: the ledger says 10.00 refunded
 *   (`refunded`, a payment.refunded webhook) for a 5.00 refund (test 2).
 *
 * Why it is wrong: docs/ogone-protocol.md §8–§9 and maintenance/sync.ts' own header: an operation
 * whose call got no answer is released only when the history levels show none for it after the
 * grace period; README "Merchant API": a capture, refund or cancel retried under its key is sent
 * again only when it "never reached the platform"; the brief's guarantee "money never moves
 * twice". Here the levels were not all read, the sync knew it, and released the refund anyway.
 *
 * Severity: high when it happens (a refund sent twice by one retried request, no person
 * involved; or a ledger counting twice the refund), but it needs more than 20 levels below the
 * operation that no operation of ours holds (an authorisation captured in many parts in the
 * back office — review r750's scenario).
 *
 * Now operationUpdates never releases an operation while levels were left unread: its amount
 * stays reserved and the payment goes to a person (needsAttention, one payment.needs_attention).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authorisedOnlyPayments } from './back-office-capture.ts';

const PAYID = '3014726';

describe('a lost refund above 20 untied back-office capture levels (sqlite)', () => {
  const { platform, app, authorised, capturedAndCounted } = authorisedOnlyPayments('sqlite', PAYID);

  /** A payment of 19.99 authorised, 10.00 of it captured in 20 parts in the back office, counted. */
  async function capturedInTwentyParts(): Promise<string> {
    const reference = await authorised();
    for (let i = 1; i <= 20; i++) await capturedAndCounted(reference, '0.50');
    const before = (await app.t.repository.getTransaction(reference))!;
    assert.deepEqual([before.capturedAmount, before.awaitsQuery === true], [1000, false], 'precondition: 10.00 captured and counted');
    return reference;
  }

  /** The next maintenance call makes its level (with `status`) and its answer is lost. */
  function loseNextAnswer(status: string): void {
    const answer = platform.maintenanceAnswer;
    platform.maintenanceAnswer = () => {
      platform.maintenanceAnswer = answer;
      platform.levels[platform.levels.length - 1]!.status = status;
      platform.orderSays(status);
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    };
  }

  const refund = (reference: string) =>
    app.t.api(`/api/transactions/${reference}/refund`, {
      method: 'POST',
      json: { amount: 500 },
      headers: { 'idempotency-key': 'refund-500' },
    });

  it('processed offline (81): the retry under the same key does not send the refund again', async () => {
    const reference = await capturedInTwentyParts();
    loseNextAnswer('81');
    const lost = await refund(reference);
    assert.equal(lost.status, 504, `precondition: the answer was lost: ${await lost.clone().text()}`);

    app.t.clock.advance(30 * 60_000); // past the 10-minute grace period
    const retry = await refund(reference);
    const sent = platform.maintenance.map((form) => `${form.OPERATION} ${form.AMOUNT}`);
    const refundLevels = platform.levels.filter((l) => l.status.startsWith('8')).map((l) => `${l.status} ${l.amount}`);
    assert.deepEqual(
      sent,
      ['RFD 500'],
      `one refund of 5.00 asked, under one key; the retry answered ${retry.status} and the platform now holds the refund levels ` +
        `${JSON.stringify(refundLevels)}, the ledger ${(await app.t.repository.getTransaction(reference))!.refundedAmount} refunded`,
    );
  });

  it('done at once (8): the refund is not recorded as never sent, nor 10.00 counted refunded', async () => {
    const reference = await capturedInTwentyParts();
    loseNextAnswer('8');
    const lost = await refund(reference);
    assert.equal(lost.status, 504, `precondition: the answer was lost: ${await lost.clone().text()}`);

    app.t.clock.advance(30 * 60_000);
    const retry = await refund(reference);
    const sync = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.equal(sync.status, 200, await sync.clone().text());
    const ours = (await app.t.repository.listOperations(reference)).find((op) => op.idempotencyKey === 'refund-500')!;
    const after = (await app.t.repository.getTransaction(reference))!;
    const refunded = await app.t.repository.listEvents({ reference, limit: 50, type: 'payment.refunded' });
    const atPlatform = platform.levels.filter((l) => l.status === '8').map((l) => l.amount);
    const ctx =
      `the platform made one refund of ${JSON.stringify(atPlatform)}; the retry answered ${retry.status}; ` +
      `our refund is ${ours.status} (STATUS ${ours.ogoneStatus}); the ledger says ${after.state}, ` +
      `${after.refundedAmount} refunded of ${after.capturedAmount}, ${refunded.items.length} payment.refunded`;
    assert.deepEqual(atPlatform, ['5.00'], `precondition: ${ctx}`);
    assert.notEqual(ours.status, 'failed', `a refund the platform carried out is recorded as never sent: ${ctx}`);
    assert.notEqual(after.refundedAmount, 1000, `the ledger counts 10.00 refunded for a 5.00 refund: ${ctx}`);
  });
});
