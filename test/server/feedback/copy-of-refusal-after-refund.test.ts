/**
 * docs/ogone-protocol.md §5 "Idempotency": a copy of a feedback received before settles only the
 * operations created before its first copy arrived. A refund made in the back office is refused
 * (83): its feedback is logged, no operation of ours is. The merchant then refunds through our
 * API; the platform is still making that refund (81). A copy of the old 83 (Ogone's deferred
 * retry, a replayed URL) is no answer to it, and must not fail it: the money would go out while
 * the merchant is told it did not, and a second refund could follow.
 *
 * The copy is told by its parameters in the feedback log. An empty value is left out of the log
 * (it is left out of SHA-OUT, so padding a URL with empty names must not make a replay a new
 * feedback: review r850), while rows logged before that kept the first copy's empty values: a
 * copy of such a row, whichever empty values it carries, must still be known as one (reviews
 * r630, r860). Past the 100 oldest rows of one STATUS compared, a feedback is taken for a copy
 * of the oldest: it answers fewer operations, never more.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../../server/db/connect.ts';
import { feedbackFingerprint, keptFeedbackParams } from '../../../server/feedback/log.ts';
import { maskCardNumber, sanitizeFeedbackParams } from '../../../server/payments/card.ts';
import { storedFeedbackParams } from '../../../server/repository/feedback-params.ts';
import { packFeedbackParams } from '../../../server/repository/feedback-params-packing.ts';
import type { DatabaseKind, TestDatabase } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform, platformAnswer } from './fake-platform.ts';

const PAYID = '3014726';

type Params = Record<string, string>;

/**
 * How the first copy of the 83 was logged — as now, or as an earlier release wrote it (its
 * empty values kept; before that, DIGESTCARDNO kept too and every parameter in params_json) —
 * and how the copy differs from it (same SHASIGN).
 */
const CASES: ReadonlyArray<{ name: string; logged: 'now' | 'empty values kept' | 'DIGESTCARDNO kept'; copy: (first: Params) => Params }> = [
  { name: 'logged as it is now, the same copy', logged: 'now', copy: (first) => first },
  { name: 'logged as it is now, padded with an empty listed name', logged: 'now', copy: (first) => ({ ...first, ECI: '' }) },
  { name: 'logged by an earlier release, the same copy', logged: 'empty values kept', copy: (first) => first },
  { name: 'logged by an earlier release, padded', logged: 'empty values kept', copy: (first) => ({ ...first, ECI: '' }) },
  {
    name: "logged by an earlier release, the platform's empty names stripped",
    logged: 'empty values kept',
    copy: ({ AAVCHECK: _check, SCORING: _scoring, ...rest }) => rest,
  },
  { name: 'with DIGESTCARDNO, logged by a release that kept it (review r870)', logged: 'DIGESTCARDNO kept', copy: (first) => first },
];

const DIGESTCARDNO = '6A3F1C0E2B9D4A7E8F0C1B2A3D4E5F60718293A4';

/** The test's app, whose platform answers a refund of `payment` 81: still making it. */
function platformMakingRefunds(kind: DatabaseKind) {
  const payment = { reference: '' };
  const app = appWithFakePlatform(kind, (path, form) => {
    if (!path.includes('maintenancedirect')) throw new Error(`unexpected call ${path}`);
    return platformAnswer({ orderID: payment.reference, PAYID, PAYIDSUB: '2', STATUS: '81', amount: String(Number(form.AMOUNT) / 100) });
  });
  return { app, payment };
}

/** The 83's log row rewritten as an earlier release wrote it. */
async function asEarlierRelease(
  database: TestDatabase,
  reference: string,
  refused: Params,
  logged: 'empty values kept' | 'DIGESTCARDNO kept',
) {
  // Of the parameters as logged then, the empty values kept.
  const digestKept = logged === 'DIGESTCARDNO kept';
  const kept = keptFeedbackParams(digestKept ? { ...refused, CARDNO: maskCardNumber(refused.CARDNO)! } : sanitizeFeedbackParams(refused), {
    withEmpty: true,
  });
  assert.equal(kept.AAVCHECK, '');
  if (digestKept) assert.equal(kept.DIGESTCARDNO, DIGESTCARDNO);
  const handle = openDatabase(database.options);
  try {
    // Before migrations 0026 and 0028 every kept parameter was in params_json, ORDERID and STATUS too.
    const { paramsJson, paramsPacked } = digestKept
      ? { paramsJson: JSON.stringify(kept), paramsPacked: null }
      : packFeedbackParams(storedFeedbackParams(kept, reference, 83));
    const updated = await handle.db
      .updateTable('feedback_log')
      .set({ params_hash: feedbackFingerprint(kept), params_json: paramsJson, params_packed: paramsPacked })
      .where('reference', '=', reference)
      .where('status', '=', 83)
      .executeTakeFirst();
    assert.equal(Number(updated.numUpdatedRows), 1);
  } finally {
    await handle.close();
  }
}

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  for (const variant of CASES) {
    describe(`a copy of a back-office refund's 83, ${variant.name}, after our refund (${kind})`, () => {
      const { app, payment } = platformMakingRefunds(kind);

      it('leaves our refund pending', async () => {
        const reference = (payment.reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false }));
        // The platform's feedback carries empty values for the parameters it has none for, and the
        // card number's digest when the merchant selected it.
        const carried = { AAVCHECK: '', SCORING: '', ...(variant.logged === 'DIGESTCARDNO kept' ? { DIGESTCARDNO } : {}) };
        assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID, ...carried }))).status, 200);
        const refused = feedbackFor(reference, 83, { PAYID, ...carried });
        assert.equal((await app.feedback(refused)).status, 200);
        const before = await app.t.repository.getTransaction(reference);
        assert.deepEqual([before?.state, before?.refundedAmount], ['captured', 0], 'precondition: nothing refunded');
        if (variant.logged !== 'now') await asEarlierRelease(app.database, reference, refused, variant.logged);
        // An operation created in the same millisecond as the first copy counts as after it (§5).
        app.t.clock.advance(1000);
        const refund = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 500 } });
        assert.equal(refund.status, 202, await refund.clone().text());

        const copy = variant.copy(refused);
        assert.equal(copy.SHASIGN, refused.SHASIGN, 'the same signed feedback');
        assert.equal((await app.feedback(copy)).status, 200);
        const operations = await app.t.repository.listOperations(reference);
        assert.deepEqual(
          operations.map((op) => [op.kind, op.status]),
          [['refund', 'pending']],
          'the copy of an 83 received before our refund failed it',
        );
        // The same copy many times at once (the platform's retries, a replayed URL): still none.
        const burst = await Promise.all(Array.from({ length: 8 }, () => app.feedback(copy)));
        assert.deepEqual(
          burst.map((response) => response.status),
          Array.from({ length: 8 }, () => 200),
        );
        const afterBurst = await app.t.repository.listOperations(reference);
        assert.deepEqual(
          afterBurst.map((op) => [op.kind, op.status]),
          [['refund', 'pending']],
          'concurrent copies of an 83 received before our refund failed it',
        );
      });
    });
  }
}

/** Logged 83s a new 83 cannot be compared with all: more than are read, or one this release cannot unpack. */
const UNCOMPARED: ReadonlyArray<{
  name: string;
  rows: number;
  packed: (i: number) => { paramsJson: string; paramsPacked: Buffer | null };
}> = [
  // None a copy of the new one (as many as padded replays logged by an earlier release could leave).
  { name: 'more logged 83s than are compared', rows: 100, packed: (i) => packFeedbackParams({ PAYID, [`PAD${i}`]: '' }) },
  // Packed with a dictionary a later release added (read here after a rollback).
  {
    name: 'a logged 83 packed by a later release',
    rows: 1,
    packed: () => ({ paramsJson: '{}', paramsPacked: Buffer.concat([Buffer.of(99), Buffer.from('later')]) }),
  },
];

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  for (const variant of UNCOMPARED) {
    describe(`a new 83 on a payment with ${variant.name} (${kind})`, () => {
      const { app, payment } = platformMakingRefunds(kind);

      it('is taken for a copy of the oldest: our refund is left to the query, not failed', async () => {
        const reference = (payment.reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false }));
        assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
        const handle = openDatabase(app.database.options);
        try {
          const start = app.t.clock.now().getTime();
          for (let i = 0; i < variant.rows; i++) {
            const { paramsJson, paramsPacked } = variant.packed(i);
            await handle.db
              .insertInto('feedback_log')
              .values({
                id: `fb_other_${i}`,
                reference,
                received_at: new Date(start + i).toISOString(),
                channel: 'server',
                status: 83,
                outcome: 'unchanged',
                params_json: paramsJson,
                params_packed: paramsPacked,
                params_hash: `other-${i}`,
                repeat_count: 0,
                last_received_at: null,
              })
              .execute();
          }
        } finally {
          await handle.close();
        }
        app.t.clock.advance(1000);
        const refund = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 500 } });
        assert.equal(refund.status, 202, await refund.clone().text());
        // A refusal naming no level, which no logged row holds: it could be the answer to our refund.
        assert.equal((await app.feedback(feedbackFor(reference, 83, { PAYID, COMPLUS: 'new' }))).status, 200);
        const operations = await app.t.repository.listOperations(reference);
        assert.deepEqual(
          operations.map((op) => [op.kind, op.status]),
          [['refund', 'pending']],
        );
        assert.equal((await app.t.repository.getTransaction(reference))?.syncNeeded, true, 'left to the reconciler’s query');
      });
    });
  }
}
