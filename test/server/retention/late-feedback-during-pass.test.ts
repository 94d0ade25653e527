/**
 * Retention racing a late feedback on PostgreSQL. The feedback holds the payment's row lock and
 * reads its session, not yet redacted; the pass redacts the session, found no card holder or
 * e-mail to clear on the payment (so it never waited for that lock), and redacted the feedback
 * rows it could see — not the one the late feedback was about to commit. That row kept CN and IP
 * for good: later passes only walk the payments that aged since the previous one
 * (server/retention/purger.ts). The pass now waits for the payments' row locks first.
 *
 * The late feedback's commit is held back with a BEFORE INSERT trigger waiting on an advisory lock
 * the test holds: it stands for the time between the feedback's session read and its COMMIT
 * (a round trip, the decision, a busy event loop).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { manualClock } from '../../../server/clock.ts';
import { createRetentionPurger, DAY_MS } from '../../../server/retention/purger.ts';
import { applyFeedback } from '../../../server/feedback/apply.ts';
import { useTestRepository } from '../../support/test-repository.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';
import { eventually } from '../../support/waiting.ts';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const quiet = { info() {}, warn() {} };
const LOCK = 918_273;

describe('retention vs a late feedback committing during the pass (postgres)', () => {
  const clock = manualClock(NOW);
  const store = useTestRepository('postgres', clock);

  it('a late feedback that read the session before the pass redacted it leaves no CN or IP behind', async () => {
    const url = store.database.env.DATABASE_URL!;
    const created = new Date(NOW.getTime() - 500 * DAY_MS);
    clock.set(created);
    const session = sessionRecord({ createdAt: created.toISOString() });
    await store.repository.createSession(session);
    // A payment with no card holder stored (a method without CN), captured long ago.
    const t = transactionRecord(session.id, {
      createdAt: created.toISOString(),
      updatedAt: created.toISOString(),
      state: 'captured',
      capturedAmount: 1999,
      lastStatus: 9,
    });
    await store.repository.createTransaction(t);
    clock.set(NOW);

    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await admin.query(`create function late_feedback_hold() returns trigger language plpgsql as $$
        begin perform pg_advisory_xact_lock(${LOCK}); return new; end $$`);
      await admin.query(
        'create trigger late_feedback_hold before insert on feedback_log for each row execute function late_feedback_hold()',
      );
      await holder.query('select pg_advisory_lock($1)', [LOCK]);

      // Ogone's status-change feedback for a refund made in its back office, arriving now.
      const late = applyFeedback(
        { repository: store.repository },
        {
          reference: t.reference,
          status: 8,
          params: {
            ORDERID: t.reference,
            STATUS: '8',
            AMOUNT: '19.99',
            CURRENCY: 'EUR',
            PAYID: '123',
            CN: 'Bárbara Souza',
            IP: '203.0.113.7',
          },
        },
        'server',
      );
      // It has read the session and the payment, and waits at its feedback row's insert.
      await eventually(
        async () => Number((await admin.query(`select count(*) as n from pg_locks where locktype = 'advisory' and not granted`)).rows[0].n),
        (n) => n > 0,
        'the late feedback waiting to insert its row',
      );

      const purger = createRetentionPurger({ repository: store.repository, clock, retentionDays: 400, intervalMs: 0, logger: quiet });
      // The pass runs while the feedback is in flight: it redacts the session at once; whatever it
      // does next, the feedback then commits (the lock let go a moment later).
      const pass = purger.runOnce();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await holder.query('select pg_advisory_unlock($1)', [LOCK]);
      await late;
      await pass;

      // Hourly passes for the next two days, as the server runs them.
      for (let h = 1; h <= 48; h += 1) {
        clock.set(new Date(NOW.getTime() + h * 3_600_000));
        await purger.runOnce();
      }
      await purger.close();

      const rows = (await admin.query('select params_json, status, redacted_at from feedback_log where reference = $1', [t.reference]))
        .rows as Array<{ params_json: string; status: number | null; redacted_at: string | null }>;
      const params = rows.map((row) => JSON.parse(row.params_json) as Record<string, string>);
      const log = JSON.stringify(params);
      // Its STATUS is the row's status column (repository/feedback-params.ts).
      assert.ok(
        rows.some((row) => row.status === 8),
        `the feedback is logged: ${log}`,
      );
      const payment = await store.repository.getTransaction(t.reference);
      assert.equal(payment?.cardHolder, null, `the card holder written back on a payment 500 days old: ${payment?.cardHolder}`);
      assert.ok(
        !log.includes('203.0.113.7') && !log.includes('Bárbara'),
        `personal data of a payment 500 days old kept in the feedback log after the retention passes: ${log}`,
      );
    } finally {
      await holder.end().catch(() => {});
      await admin.query('drop trigger if exists late_feedback_hold on feedback_log').catch(() => {});
      await admin.end();
    }
  });
});
