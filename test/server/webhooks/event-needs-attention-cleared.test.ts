/**
 * Review r1010. The event's data is not the payment as stored. A payment the reconciler gave up on is
 * flagged `needsAttention` (reconciler/attention.ts, with its `payment.needs_attention`). When a
 * late feedback then settles it, repository/mutate-transaction.ts clears the flag on the row
 * (`patch.needs_attention = 0`, "kept, the dashboard still said 'check it in the back office'")
 * — but only after decide built the events from `{ ...current, ...patch }`: the
 * `payment.captured` webhook says `needsAttention: true` while the payment stored, its API view
 * and the dashboard say false. A shop holding orders flagged for review never releases this one.
 * Fix: clear the flag before the events' data is taken (or rebuild the drafts' view from the
 * final patch).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, postServerFeedback, useTestApp } from '../../support/app.ts';
import { flagNeedsAttention } from '../../../server/reconciler/attention.ts';

for (const kind of DATABASE_KINDS)
  describe(`payment.captured after a payment flagged for attention is settled (${kind})`, () => {
    const t = useTestApp(kind);

    it("carries the payment's needsAttention as stored", async () => {
      const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR', customer: { id: 'cust-na' } }, { saveCard: false });
      // 51: waiting at the platform — unresolved; the reconciler then gives up on it.
      assert.equal((await postServerFeedback(t, feedbackFor(reference, 51))).status, 200);
      assert.equal(await flagNeedsAttention(t.repository, reference), true);

      // The late 9 settles it.
      assert.equal((await postServerFeedback(t, feedbackFor(reference, 9))).status, 200);
      const stored = await t.repository.getTransaction(reference);
      assert.equal(stored?.state, 'captured');
      assert.equal(stored?.needsAttention, false, 'the row: no longer needs attention');
      const api = (await (await t.api(`/api/transactions/${reference}`)).json()) as { needsAttention: boolean };
      assert.equal(api.needsAttention, false);

      const events = (await t.repository.listEvents({ limit: 50, reference })).items;
      const captured = events.find((event) => event.type === 'payment.captured');
      assert.ok(captured, `events: ${events.map((e) => e.type).join(', ')}`);
      const data = captured.data as { state: string; needsAttention: boolean };
      assert.equal(data.state, 'captured');
      assert.equal(data.needsAttention, false, 'payment.captured says the payment still needs attention; the stored payment does not');
    });
  });
