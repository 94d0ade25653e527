/**
 * docs/ogone-protocol.md §5 "Idempotency": a copy of a feedback received before settles only the
 * operations created before its first copy arrived. A refund made in the back office is refused
 * (83): its feedback is logged, no operation of ours is. The merchant then refunds through our
 * API; the platform is still making that refund (81). A copy of the old 83 (Ogone's deferred
 * retry, a replayed URL) is no answer to it, and must not fail it: the money would go out while
 * the merchant is told it did not, and a second refund could follow.
 *
 * The copy is told by its fingerprint in the feedback log. An empty value is left out of the log
 * (it is left out of SHA-OUT, so padding a URL with empty names must not make a replay a new
 * feedback: review r850), while rows logged before that kept it in their fingerprint: a copy of
 * such a row must still be known as one (review r630).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../../server/db/connect.ts';
import { feedbackFingerprint, keptFeedbackParams } from '../../../server/feedback/log.ts';
import { sanitizeFeedbackParams } from '../../../server/payments/card.ts';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform, platformAnswer } from './fake-platform.ts';

const PAYID = '3014726';

/** How the first copy of the 83 was logged. */
const CASES = [
  { name: 'logged as it is now', legacyRow: false, padded: false },
  { name: 'logged before empty values were left out', legacyRow: true, padded: false },
  { name: 'replayed with an empty listed name appended', legacyRow: false, padded: true },
] as const;

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  for (const variant of CASES) {
    describe(`a copy of a back-office refund's 83, ${variant.name}, after our refund (${kind})`, () => {
      let reference = '';
      const app = appWithFakePlatform(kind, (path, form) => {
        if (!path.includes('maintenancedirect')) throw new Error(`unexpected call ${path}`);
        return platformAnswer({ orderID: reference, PAYID, PAYIDSUB: '2', STATUS: '81', amount: String(Number(form.AMOUNT) / 100) });
      });

      it('leaves our refund pending', async () => {
        reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
        // The platform's feedback carries empty values for the parameters it has none for.
        const empty = { AAVCHECK: '', SCORING: '' };
        assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID, ...empty }))).status, 200);
        const refused = feedbackFor(reference, 83, { PAYID, ...empty });
        assert.equal((await app.feedback(refused)).status, 200);
        const before = await app.t.repository.getTransaction(reference);
        assert.deepEqual([before?.state, before?.refundedAmount], ['captured', 0], 'precondition: nothing refunded');
        if (variant.legacyRow) {
          // The row as a server before this rule wrote it: its fingerprint over the empty values too.
          // (Of the parameters as logged: feedback/apply.ts.)
          const logged = sanitizeFeedbackParams(refused);
          const legacy = feedbackFingerprint(keptFeedbackParams(logged, { withEmpty: true }));
          assert.notEqual(legacy, feedbackFingerprint(keptFeedbackParams(logged)));
          const handle = openDatabase(app.database.options);
          try {
            const updated = await handle.db
              .updateTable('feedback_log')
              .set({ params_hash: legacy })
              .where('reference', '=', reference)
              .where('status', '=', 83)
              .executeTakeFirst();
            assert.equal(Number(updated.numUpdatedRows), 1);
          } finally {
            await handle.close();
          }
        }
        // An operation created in the same millisecond as the first copy counts as after it (§5).
        app.t.clock.advance(1000);
        const refund = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 500 } });
        assert.equal(refund.status, 202, await refund.clone().text());

        const copy = variant.padded ? { ...refused, ECI: '' } : refused;
        assert.equal((await app.feedback(copy)).status, 200);
        const operations = await app.t.repository.listOperations(reference);
        assert.deepEqual(
          operations.map((op) => [op.kind, op.status]),
          [['refund', 'pending']],
          'the copy of an 83 received before our refund failed it',
        );
      });
    });
  }
}
