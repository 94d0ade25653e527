/**
 * Found by review r1605 (2026-12-07), now fixed.
 * The fix: repository/outbox.ts claimDueEvents also holds an event back while a newer event of its payment is in flight (claimed, its attempt not yet recorded).
 *
 * What is wrong: server/repository/outbox.ts `claimDueEvents` only keeps an event back while its
 * payment has an OLDER pending event (`p.id < e.id`). `POST /api/events/:id/redeliver`
 * (outbox.ts `redeliverEvent`) turns an earlier, delivered event of a payment pending again, and
 * the next claim posts it while a later event of the same payment is still in flight: the
 * merchant's endpoint has two deliveries of one payment open at once (payment.authorized beside
 * payment.captured), the redelivered one answering after the newer one started.
 *
 * Why it matters: README "Webhooks and how to verify them" promises "a payment's own events go one
 * after another, in order", and README "Merchant API" (`POST /api/events/:id/redeliver`) says a
 * redelivery is "a new delivery attempt" of that event — not one run beside another of the same
 * payment. A shop whose handler relies on that promise (no per-payment locking: the README says
 * none is needed) races its payment.authorized handler against the payment.captured handler and
 * may leave the order "authorized" after it was paid. The dashboard's Redeliver button does the
 * same (README `/dashboard`).
 *
 * Expectation: while an event of a payment is in flight, no other event of that payment is posted;
 * the redelivered event goes out once the in-flight one has been answered.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../../server/logger.ts';
import { createWebhookDispatcher } from '../../../server/webhooks/dispatcher.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { newHostedAttempt, postServerFeedback, useTestApp } from '../../support/app.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { eventually } from '../../support/waiting.ts';
import { startReceiver } from './receiver.ts';

for (const kind of DATABASE_KINDS)
  describe(`a redelivery asked while a later event of the payment is in flight (${kind})`, () => {
    const t = useTestApp(kind);

    it('is not posted beside it: one delivery of a payment at a time', async () => {
      // The merchant's endpoint answers payment.captured slowly (held until the test answers it).
      const receiver = await startReceiver((event) => event.type === 'payment.captured');
      const dispatcher = createWebhookDispatcher({
        repository: t.repository,
        url: receiver.url,
        secret: TEST_ENV.WEBHOOK_SECRET,
        clock: t.clock,
        logger: silentLogger(),
        random: () => 0,
      });
      try {
        const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
        assert.equal((await postServerFeedback(t, feedbackFor(reference, 5))).status, 200);
        assert.equal(await dispatcher.runOnce(), 1, 'payment.authorized goes out and is answered 204');
        assert.equal((await postServerFeedback(t, feedbackFor(reference, 9))).status, 200);

        // payment.captured is posted; its answer is slow.
        const capturedDelivery = dispatcher.runOnce();
        await eventually(
          async () => receiver.held.length,
          (n) => n === 1,
          'payment.captured in flight',
        );

        // The merchant redelivers payment.authorized (the dashboard's Redeliver button).
        const events = (await (await t.api(`/api/events?reference=${reference}`)).json()) as { data: Array<{ id: string; type: string }> };
        const authorized = events.data.find((event) => event.type === 'payment.authorized');
        assert.ok(authorized, `events: ${events.data.map((event) => event.type).join(', ')}`);
        assert.equal((await t.api(`/api/events/${authorized.id}/redeliver`, { method: 'POST' })).status, 202);

        // Any instance's next claim while payment.captured is still unanswered.
        const other = createWebhookDispatcher({
          repository: t.repository,
          url: receiver.url,
          secret: TEST_ENV.WEBHOOK_SECRET,
          clock: t.clock,
          logger: silentLogger(),
          random: () => 0,
        });
        try {
          await other.runOnce();
          assert.equal(
            receiver.mostOpen(),
            1,
            `deliveries of ${reference} open at once: ${receiver.mostOpen()} (posted: ${receiver.posts.map((post) => post.type).join(', ')})`,
          );
        } finally {
          receiver.held[0]?.writeHead(204).end();
          await capturedDelivery;
          await other.close();
        }
      } finally {
        for (const res of receiver.held) if (!res.writableEnded) res.writeHead(204).end();
        await dispatcher.close();
        await receiver.close();
      }
    });
  });
