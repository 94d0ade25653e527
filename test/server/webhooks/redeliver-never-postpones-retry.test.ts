/**
 * Found by review r1312. `POST /api/events/:id/redeliver` answered by an instance whose clock is
 * ahead — within the two minutes docs/deploy.md §9 allows between instances (server/clock.ts
 * CLOCK_SKEW_TOLERANCE_MS) — pushed a pending event's next retry *later*, where the README
 * promises it is only brought forward.
 *
 * Why: repository/outbox.ts redeliverEvent set `next_attempt_at` to the answering instance's
 * `now` whenever the stored time was earlier than that `now`. On an instance 90 s ahead, an event
 * whose retry the delivering instance had due in 10 s was rescheduled 90 s out: the merchant who
 * asked for "a new delivery attempt now" waited 80 s longer than without asking.
 *
 * The fix made: a pending event already due keeps its time; only one waiting for its back-off
 * (and not in flight) is moved, to `now`, which is then earlier. A never claimed event is still
 * stamped while no instance has started delivering (for startDelivery), when nothing waits on it.
 *
 * Scenario (two instances on one database): instance B (the right time) delivers an event, the
 * endpoint fails, B schedules the retry 10 s later. The merchant's redelivery request lands on
 * instance A, whose clock is 90 s ahead. 11 s later B looks for due events.
 *
 * README, Merchant API, `POST /api/events/:id/redeliver`: "a `pending` event, still in its
 * retries, is only brought forward". The redelivery never moves a pending event's next attempt
 * later than it was: B delivers it when its retry was due.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../../server/clock.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { createTestDatabase, DATABASE_KINDS, openTestRepository, type TestDatabase } from '../../support/databases.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';

const START = new Date('2025-06-01T09:00:00.000Z');
const AHEAD_MS = 90_000;
const LEASE_MS = 135_000;

for (const kind of DATABASE_KINDS)
  describe(`a redelivery asked on an instance whose clock is ahead (${kind})`, () => {
    let database: TestDatabase;
    /** Instance A: answers the merchant API, its clock 90 s ahead. */
    let a: TestApp;
    /** Instance B: delivers webhooks, the right time. */
    let b: Repository;
    const clockB = manualClock(START);
    before(async () => {
      database = await createTestDatabase(kind);
      a = await createTestApp(database, { env: { WEBHOOK_URL: 'https://hooks.example.com/ogone' } });
      a.clock.set(new Date(START.getTime() + AHEAD_MS));
      b = (await openTestRepository(database, clockB)).repository;
    });
    after(async () => {
      await b?.close();
      await a?.close();
      await database?.drop();
    });

    it("never pushes the event's next retry later", async () => {
      const [event] = await b.insertEvents([
        { type: 'payment.captured', reference: 'R1312-SKEW', data: { reference: 'R1312-SKEW', state: 'captured' } },
      ]);
      const id = event!.id;
      const [claimed] = await b.claimDueEvents({ limit: 10, leaseMs: LEASE_MS });
      assert.equal(claimed?.id, id);
      const retryAt = new Date(START.getTime() + 10_000).toISOString();
      await b.recordDelivery(id, { statusCode: 503, error: 'HTTP 503', ok: false }, { status: 'pending', nextAttemptAt: retryAt }, () => [
        claimed!.nextAttemptAt,
      ]);

      const response = await a.api(`/api/events/${id}/redeliver`, { method: 'POST' });
      assert.equal(response.status, 202);
      const view = (await response.json()) as { delivery: { status: string; nextAttemptAt: string | null } };
      assert.equal(view.delivery.status, 'pending');
      assert.ok(
        view.delivery.nextAttemptAt !== null && view.delivery.nextAttemptAt <= retryAt,
        `the redelivery moved the retry due at ${retryAt} to ${view.delivery.nextAttemptAt}: later, not forward`,
      );

      clockB.set(new Date(START.getTime() + 11_000));
      const due = await b.claimDueEvents({ limit: 10, leaseMs: LEASE_MS });
      assert.deepEqual(
        due.map((e) => e.id),
        [id],
        'instance B finds the event due when its retry was, 11 s on; the redelivery asked for it postponed it instead',
      );
    });
  });
