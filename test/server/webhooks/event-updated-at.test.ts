/**
 * Review r1010. Every payment event's `data.updatedAt` is the time of the payment's *previous* change.
 * decide builds the events from `transactionView({ ...current, ...patch })` (feedback/decide.ts,
 * maintenance, reconciler) and the patch never carries `updatedAt`: repository/mutate-transaction.ts
 * updateWrite stamps the row's `updated_at` with `now` after the events' data was taken. So the
 * `payment.captured` webhook says the payment was last updated when it was authorised, while
 * `GET /api/transactions/:reference` says now. A merchant ordering at-least-once, unordered
 * deliveries the usual way — keep the newest `updatedAt` seen, drop anything not newer — drops the
 * capture as stale once it has read the payment after its authorisation, and never ships.
 * Fix: take the events' view of the row as written (updatedAt = now), e.g. add `updatedAt: now`
 * to the view's input in decideAndPlan, or build the drafts' data after the patch is final.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, postServerFeedback, useTestApp } from '../../support/app.ts';

for (const kind of DATABASE_KINDS)
  describe(`an event's data.updatedAt (${kind})`, () => {
    const t = useTestApp(kind);

    it('is the stored updatedAt of the change it announces', async () => {
      const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR', customer: { id: 'cust-ua' } }, { saveCard: false });
      assert.equal((await postServerFeedback(t, feedbackFor(reference, 5))).status, 200);
      const authorised = (await (await t.api(`/api/transactions/${reference}`)).json()) as { state: string; updatedAt: string };
      assert.equal(authorised.state, 'authorized');

      // Ten minutes later the capture's feedback arrives.
      t.clock.advance(10 * 60_000);
      assert.equal((await postServerFeedback(t, feedbackFor(reference, 9))).status, 200);
      const captured = (await (await t.api(`/api/transactions/${reference}`)).json()) as { state: string; updatedAt: string };
      assert.equal(captured.state, 'captured');
      assert.ok(captured.updatedAt > authorised.updatedAt, 'the API: updated by the capture');

      const events = (await t.repository.listEvents({ limit: 50, reference })).items;
      const event = events.find((e) => e.type === 'payment.captured');
      assert.ok(event, `events: ${events.map((e) => e.type).join(', ')}`);
      const data = event.data as { state: string; updatedAt: string };
      assert.equal(data.state, 'captured');
      assert.equal(
        data.updatedAt,
        captured.updatedAt,
        `payment.captured carries updatedAt ${data.updatedAt} (the authorisation's: ${authorised.updatedAt}), the payment stored ${captured.updatedAt}`,
      );
    });
  });
