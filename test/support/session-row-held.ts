/**
 * Two writers of one checkout session made to meet (PostgreSQL): another connection holds the
 * session's row lock while `start` runs, and lets go once `waiters` backends wait on a lock — each
 * writer having locked its payment and now waiting on the session row (a payment change locks it
 * after the payment's, repository/mutate-transaction.ts), so they then go one after the other.
 * Resolves with what `start` resolves with, after the lock is released.
 */
import pg from 'pg';

export async function withSessionRowHeld<T>(url: string, sessionId: string, waiters: number, start: () => Promise<T>): Promise<T> {
  const blocker = new pg.Client({ connectionString: url });
  // pg_stat_activity is read once per transaction: polled from a connection of its own.
  const watcher = new pg.Client({ connectionString: url });
  await blocker.connect();
  await watcher.connect();
  try {
    await blocker.query('begin');
    await blocker.query('select id from checkout_sessions where id = $1 for update', [sessionId]);
    const running = start();
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { rows } = await watcher.query(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (rows[0].n >= waiters) break;
      if (Date.now() > deadline) throw new Error(`the writers never all waited (${rows[0].n} of ${waiters} waiting)`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await blocker.query('commit');
    return await running;
  } finally {
    await blocker.end();
    await watcher.end();
  }
}
