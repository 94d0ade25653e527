/**
 * The retention pass deletes an idempotency keys' backlog in short batches on SQLite.
 *
 * Releases before ecb9fa8 kept the merchant API's idempotency keys for good; the first retention
 * pass of a release that prunes them deleted the whole backlog with one `DELETE … WHERE created_at
 * < ?` (repository/idempotency.ts pruneIdempotencyKeys). On SQLite the driver is synchronous and
 * the writer is the process's only one: while that statement ran the whole server stood still —
 * no feedback acknowledged, no payment written, no page served (600,000 keys: about two seconds
 * here), against what the retention pass promises (docs/deploy.md: "no pass holds the database for
 * long").
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'kysely';
import { manualClock } from '../../../server/clock.ts';
import { createRetentionPurger } from '../../../server/retention/purger.ts';
import { useTestRepository } from '../../support/test-repository.ts';
import { sessionRecord } from '../../support/records.ts';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const quiet = { info() {}, warn() {} };
const BACKLOG = 400_000;
/** Far above what one batch of deletions takes; far below what the backlog's single DELETE took. */
const MAX_STALL_MS = 500;

describe('the idempotency keys backlog on sqlite', () => {
  const clock = manualClock(NOW);
  const store = useTestRepository('sqlite', clock);

  it('is deleted in short batches: the first pass after the upgrade does not freeze the server', async () => {
    // The keys an earlier release kept, each with its stored answer (a session's customer).
    await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${BACKLOG})
      insert into idempotency_keys (scope, key, request_hash, status_code, response_json, created_at)
      select 'merchant', 'key-' || i, 'hash', 201,
        '{"customer":{"id":"cust-1","name":"Bárbara Souza","email":"b@example.com"},"pad":"' || hex(randomblob(150)) || '"}',
        '2025-06-01T00:00:00.000Z'
      from n`.execute(store.handle.db);

    const purger = createRetentionPurger({ repository: store.repository, clock, retentionDays: 400, intervalMs: 0, logger: quiet });
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    let passing = true;
    const pass = purger.runOnce().finally(() => {
      passing = false;
    });
    // Shoppers' checkouts written while the pass runs, one every 10 ms: the longest any of them took.
    let writeMs = 0;
    const writes = (async () => {
      while (passing) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        const at = performance.now();
        await store.repository.createSession(sessionRecord({ createdAt: NOW.toISOString() }));
        writeMs = Math.max(writeMs, performance.now() - at);
      }
    })();
    await Promise.all([pass, writes]);
    delay.disable();
    await purger.close();

    const left = await store.handle.db
      .selectFrom('idempotency_keys')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(left.n), 0, 'the backlog is deleted');
    const stallMs = delay.max / 1e6;
    assert.ok(
      stallMs < MAX_STALL_MS,
      `the retention pass froze the process for ${Math.round(stallMs)} ms (a checkout written meanwhile took up to ${Math.round(writeMs)} ms)`,
    );
  });
});
