/**
 * Found by review r1755 (2026-12-07), now fixed.
 * The fix: claimDueEvents on PostgreSQL takes a payment's events under a transaction-scoped advisory lock on the payment (skipping a payment another claim holds) and rechecks the order in its UPDATE, whose snapshot follows the lock.
 *
 * What is wrong: server/repository/outbox.ts `claimDueEvents` keeps an event back while a newer
 * event of its payment is in flight by reading that newer event's row (`next_attempt_at` in the
 * future, `attempts` above the attempts recorded) without locking it. On PostgreSQL (READ
 * COMMITTED) a claim only sees what was committed when its statement started: while another
 * instance's claim of the newer event has updated that row (its lease, its attempt counted) but
 * not yet committed — the UPDATE and the COMMIT are two round trips apart — a second instance's
 * claim still reads the newer event as merely due, not in flight, and takes the older event the
 * merchant has just redelivered (`POST /api/events/:id/redeliver`, the dashboard's Redeliver). Both
 * instances then post an event of the same payment at once: the fix of review r1605 holds only
 * when the two claims do not overlap.
 *
 * Why it matters: README "Webhooks and how to verify them" promises that "a payment's own events
 * go one after another, in order (an event redelivered by hand waits for one of its payment's still
 * in flight)", and docs/deploy.md lets several instances share one PostgreSQL. A shop relying on it
 * (no per-payment locking of its own) runs its payment.authorized handler beside its
 * payment.captured handler and may leave the order "authorized" after it was paid.
 *
 * The test widens the window between the first instance's UPDATE and its COMMIT with a trigger that
 * waits on an advisory lock the test holds (as a slow network to the database would), redelivers
 * the older event meanwhile, and lets a second instance claim. Without the trigger the race happens
 * too: two real dispatchers on one PostgreSQL, with redeliveries asked while events flow, had two
 * deliveries of one payment open at once 16 times in about 1,100 POSTs over 20 s on loopback (never
 * with one dispatcher, never without redeliveries).
 *
 * Expectation: while one instance's claim of a payment's event is under way, another instance's
 * claim never takes another event of that payment (it waits, or skips it): of the two claims, at
 * most one holds an event of the payment.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { systemClock } from '../../../server/clock.ts';
import type { Repository, WebhookEventRecord } from '../../../server/repository/types.ts';
import { createTestDatabase, openTestRepository, type TestDatabase } from '../../support/databases.ts';
import { eventually } from '../../support/waiting.ts';

const LOCK = 175501;
const LEASE_MS = 135_000;

describe('two instances claiming on PostgreSQL while the merchant redelivers an earlier event of the payment', () => {
  let database: TestDatabase;
  let first: Repository;
  let second: Repository;
  let admin: pg.Client;

  before(async () => {
    database = await createTestDatabase('postgres');
    ({ repository: first } = await openTestRepository(database, systemClock));
    ({ repository: second } = await openTestRepository(database, systemClock));
    admin = new pg.Client({ connectionString: (database.options as { url: string }).url });
    await admin.connect();
  });
  after(async () => {
    await admin?.end();
    await first?.close();
    await second?.close();
    await database?.drop();
  });

  it('never lets a second claim take an event of the payment beside one being claimed', async () => {
    const reference = 'R1755-RACE';
    const [authorized, captured] = await first.insertEvents([
      { type: 'payment.authorized', reference, data: { reference, state: 'authorized' } },
      { type: 'payment.captured', reference, data: { reference, state: 'captured' } },
    ]);
    // payment.authorized was delivered earlier.
    const [claimed] = await first.claimDueEvents({ limit: 10, leaseMs: LEASE_MS });
    assert.equal(claimed?.id, authorized!.id);
    await first.recordDelivery(authorized!.id, { statusCode: 200, error: null, ok: true }, { status: 'delivered' }, () => [
      claimed!.nextAttemptAt,
    ]);

    // The first instance's claim of payment.captured stalls between its UPDATE and its COMMIT.
    await admin.query(`select pg_advisory_lock(${LOCK})`);
    await admin.query(`
      create function r1755_hold() returns trigger language plpgsql as $$
      begin perform pg_advisory_xact_lock(${LOCK}); return new; end $$`);
    await admin.query(`
      create trigger r1755_hold before update on webhook_events for each row
      when (old.id = '${captured!.id}' and new.attempts > old.attempts) execute function r1755_hold()`);

    let firstClaim: Promise<WebhookEventRecord[]> | undefined;
    let secondClaim: Promise<WebhookEventRecord[]> | undefined;
    try {
      firstClaim = first.claimDueEvents({ limit: 10, leaseMs: LEASE_MS });
      const waitingOnLock = async () =>
        Number(
          (
            await admin.query<{ n: string }>(
              `select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
            )
          ).rows[0]!.n,
        );
      await eventually(waitingOnLock, (n) => n >= 1, "the first instance's claim of payment.captured under way");

      // The merchant redelivers payment.authorized (the dashboard's Redeliver button).
      const redelivered = await second.redeliverEvent(authorized!.id);
      assert.equal(redelivered?.status, 'pending');

      // The second instance claims now: it answers, or waits on the first claim's locks.
      let settled = false;
      secondClaim = second.claimDueEvents({ limit: 10, leaseMs: LEASE_MS });
      void secondClaim.then(
        () => (settled = true),
        () => (settled = true),
      );
      await eventually(
        async () => settled || (await waitingOnLock()) >= 2,
        (done) => done,
        "the second instance's claim answered or waiting",
      );
    } finally {
      await admin.query(`select pg_advisory_unlock(${LOCK})`);
    }
    const [byFirst, bySecond] = await Promise.all([firstClaim!, secondClaim!]);
    await admin.query('drop trigger r1755_hold on webhook_events');
    await admin.query('drop function r1755_hold()');

    const ofPayment = (events: WebhookEventRecord[]) => events.filter((event) => event.reference === reference).map((event) => event.type);
    assert.deepEqual(ofPayment(byFirst), ['payment.captured'], 'the first instance claimed payment.captured');
    assert.deepEqual(
      ofPayment(bySecond),
      [],
      `the second instance claimed ${ofPayment(bySecond).join(', ')} while payment.captured was being claimed: both posted at once`,
    );
  });
});
