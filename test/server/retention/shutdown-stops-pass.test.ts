/**
 * Found by review r1699 (2026-12-07), now fixed.
 * The fix: the retention purger's close() aborts a signal the repository checks between batches (and the pass between steps); a pass cut short is not marked done
 *
 * r1699 — SIGTERM during a retention pass waits for the whole pass. On the first pass after an
 * upgrade, the stop outlasts serve's deadline and ends in exit 1, with the database left open.
 *
 * What is wrong: `close()` (server/start-server.ts) awaits `retentionPurger.close()`, which only
 * clears the timers and then awaits the running pass to its end (server/retention/purger.ts).
 * Nothing tells the pass to stop, although it works in batches of short transactions.
 * docs/deploy.md §10 says the first pass starts a few seconds after the server starts, and that
 * after an upgrade it "deletes the whole backlog … about 20 s for 100,000 payments' events on
 * SQLite, but half an hour for a million". serve gives the close SHUTDOWN_GRACE_SECONDS + 10 s
 * (server/commands/serve.ts CLOSE_MARGIN_MS), then logs "stopping took too long" and exits 1.
 * The database is never closed, and the Idempotency-Keys of cut-off requests are never released.
 *
 * Why it matters (an operator, a merchant): README "Operations: what is guaranteed", Shutdown,
 * promises that on SIGTERM the background work stops, "the database closes, and the process exits
 * 0 — at once". Exit 1 is kept for "a close that cannot finish (a database gone silent)". The
 * upgrade procedure (docs/deploy.md §8, §9: restart the instances one at a time) runs into this
 * pass on every instance. Each stop then hangs for the deadline, fails with exit 1, and leaves
 * cut-off requests' Idempotency-Keys held (their retries meet 409). A pass that was stopped
 * rather than cut off would lose nothing: "a restart walks them all once" (§10).
 *
 * What the test expects: a SQLite server holding two years of payments (the storage benchmark's
 * seed, bench/growth-seed.ts), stopped with SHUTDOWN_GRACE_SECONDS=0 while its first retention
 * pass runs, closes well within serve's 10 s deadline.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { openDatabase, SQLITE_FILE_NAME } from '../../../server/db/connect.ts';
import { migrateToLatest } from '../../../server/db/migrations.ts';
import { startServer, type RunningServer } from '../../../server/start-server.ts';
import { seedDataSet } from '../../../bench/growth-seed.ts';

/** serve.ts CLOSE_MARGIN_MS: past grace + this, serve exits 1 ("stopping took too long"). */
const CLOSE_MARGIN_MS = 10_000;
/** Payments seeded: a first pass of them takes about 25 s on a two-core host (12 s for half). */
const PAYMENTS = 100_000;
/** retention/purger.ts FIRST_PASS_DELAY_MS: the first pass starts this long after the start. */
const FIRST_PASS_DELAY_MS = 5_000;

describe('r1699: SIGTERM during the first retention pass', { timeout: 300_000 }, () => {
  let dir = '';
  let server: RunningServer | undefined;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'oc-r1699-'));
    const handle = openDatabase({ kind: 'sqlite', file: path.join(dir, SQLITE_FILE_NAME) });
    try {
      await migrateToLatest(handle.db);
      await seedDataSet(handle.db as Kysely<any>, 'sqlite', PAYMENTS);
    } finally {
      await handle.close();
    }
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('close() stops the pass instead of waiting for its end', async () => {
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      quiet: true,
      reconciler: { intervalMs: 0 },
      env: { OGONE_ENVIRONMENT: 'sandbox', DATA_DIR: dir, SHUTDOWN_GRACE_SECONDS: '0' },
    });
    // The first pass is under way (it starts 5 s after the start and runs for tens of seconds).
    await sleep(FIRST_PASS_DELAY_MS + 1_000);
    const started = Date.now();
    await server.close();
    const tookMs = Date.now() - started;
    assert.ok(
      tookMs < CLOSE_MARGIN_MS,
      `close() took ${tookMs} ms: past serve's deadline of ${CLOSE_MARGIN_MS} ms, serve exits 1 with the database open`,
    );
  });
});
