/**
 * Found by review r1415 (2026-12-07), now fixed. What was wrong: a payment whose cancelled authorisation is found captured after all (the
 * back office captured part of it before the rest was deleted, counted by the reconciler's query:
 * feedback/apply-answer.ts withPlatformCapture, shared/status.ts capturedBeforeCancel) after another
 * payment of its session took the session over in its paying write (feedback/session-role.ts)
 * announces a plain `payment.captured` — without `duplicateOf` — and is flagged a duplicate only by
 * the review after that write (maintenance/duplicates.ts reviewPayment), then given back. The flag
 * in the write (decide.ts) follows decideFeedback's own reading of the query's STATUS (6: no
 * change), not the state the capture reading leaves; withSessionRole / withDuplicateAnnounced
 * add nothing for it.
 *
 * Why it matters: README "Webhooks" / docs/ogone-protocol.md §8: a payment paid beside the
 * session's own carries `duplicateOf` in its payment.captured, "never fulfil an order for an
 * event whose payment has duplicateOf set" — the shop here receives two plain payment.captured for
 * one session (the one that took the session over, and the first payment's 3.00) and ships twice,
 * while the 3.00 is then refunded as a duplicate.
 *
 * The fix: feedback/session-role.ts decides take-over or flag on the state the whole decision
 * leaves, so the capture found on the cancelled payment is flagged, and its event says so, in that write.
 *
 * Expectation: once the session is paid by another payment holding the money, every
 * payment.captured of the first payment written after that carries `duplicateOf`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { attemptsOfOneSession } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { eventually } from '../../support/waiting.ts';
import { appWithFakePlatform, platformAnswer } from './fake-platform.ts';
import { historyLevels, reconcilerRounds } from '../maintenance/history-levels.ts';

const PAYID_A = '3141501';
const PAYID_B = '3141502';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`first payment's cancel found to follow a back-office capture, after a take-over (${kind})`, () => {
    const platform = historyLevels(PAYID_A);
    let referenceB = '';
    const app = appWithFakePlatform(
      kind,
      (path, form) => {
        if (form.PAYID === PAYID_B || (referenceB && form.ORDERID === referenceB)) {
          if (path.includes('querydirect'))
            return platformAnswer({
              orderID: referenceB,
              PAYID: PAYID_B,
              STATUS: '9',
              amount: '19.99',
              ACCEPTANCE: 'x',
              PM: 'CreditCard',
              BRAND: 'VISA',
            });
          throw new Error(`unexpected call for B ${path} ${JSON.stringify(form)}`);
        }
        return platform.handle(path, form);
      },
      { env: { OGONE_OPERATION: 'RES' } },
    );

    it("announces the first payment's late capture with duplicateOf", async () => {
      const t = app.t;
      const [a, b] = (await attemptsOfOneSession(t, { amount: 1999, currency: 'EUR' }, 2)) as [string, string];
      referenceB = b;
      const sessionId = (await t.repository.getTransaction(a))!.sessionId;
      platform.start(a, '5');
      assert.equal((await app.feedback(feedbackFor(a, 5, { PAYID: PAYID_A }))).status, 200);
      // The back office captures 3.00; its feedback is late. The merchant cancels the authorisation.
      platform.backOffice({ status: '9', amount: '3' });
      const cancel = await t.api(`/api/transactions/${a}/cancel`, { method: 'POST', json: {} });
      assert.equal(cancel.status, 200, `precondition: cancel ${await cancel.clone().text()}`);
      assert.equal((await t.repository.getTransaction(a))!.state, 'cancelled', 'precondition: A cancelled');

      // Another tab pays: B takes the session over in its own write.
      assert.equal((await app.feedback(feedbackFor(b, 9, { PAYID: PAYID_B }))).status, 200);
      assert.equal((await t.repository.getSession(sessionId))!.paidReference, b, 'precondition: B took the session over');

      // The back office's 9 reaches us; the reconciler's query counts the 3.00.
      assert.equal((await app.feedback(feedbackFor(a, 9, { PAYID: PAYID_A }))).status, 200);
      await reconcilerRounds(t, 3);
      await eventually(
        async () => (await t.repository.getTransaction(a))!,
        (tx) => tx.capturedAmount === 300,
        'the 3.00 counted',
      );
      await reconcilerRounds(t, 2);
      const storedA = (await t.repository.getTransaction(a))!;
      const eventsA = (await t.repository.listEvents({ reference: a, limit: 50 })).items.reverse();
      const eventsB = (await t.repository.listEvents({ reference: b, limit: 50 })).items.reverse();
      const plain = [...eventsA, ...eventsB].filter(
        (e) => e.type === 'payment.captured' && !(e.data as { duplicateOf?: string | null }).duplicateOf,
      );
      const describeEvent = (e: { type: string; reference: string | null; data: unknown }) =>
        `${e.reference === a ? 'A' : 'B'}:${e.type}(${(e.data as { capturedAmount?: number }).capturedAmount},dup=${(e.data as { duplicateOf?: string | null }).duplicateOf ?? null})`;
      assert.equal(
        plain.length,
        1,
        `${plain.length} plain payment.captured for one session (a shop fulfilling on it ships twice): ` +
          `${plain.map(describeEvent).join(', ')}; A ends ${storedA.state} captured ${storedA.capturedAmount} refunded ` +
          `${storedA.refundedAmount} duplicateOf=${storedA.duplicateOf}; events ${[...eventsA, ...eventsB].map(describeEvent).join(' > ')}`,
      );
    });
  });
}
