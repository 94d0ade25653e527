/**
 * Growth with data (issue 17): the merchant's reads and the background selections at 10,000
 * payments and again at BENCH_ROWS (default 1,000,000), on SQLite and on PostgreSQL, side by
 * side: p50 / p99 of each, and the bytes each payment takes on disk. Target: p99 at the large
 * size ≤ 2 × p99 at 10 k — every one an index range whose cost follows the page, not the table.
 *
 * The merchant API is measured in process (`app.request`, the real routes, repository and
 * database, no sockets); the reconciler's and the outbox's selections through the repository.
 *
 * Each measure is SAMPLES calls after WARM_UP unmeasured ones (caches, the statement cache, the
 * JIT): with 200, a p99 is the 199th call of 200 — two unlucky calls, not one, as with the 60 it
 * was, where the p99 was the slowest call and flipped between runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { createApp } from '../server/app.ts';
import { createAppContext } from '../server/create-app-context.ts';
import { manualClock } from '../server/clock.ts';
import { parseServerConfig } from '../server/config/env.ts';
import { openDatabase, type DatabaseHandle, type DatabaseOptions } from '../server/db/connect.ts';
import { migrateToLatest } from '../server/db/migrations.ts';
import { createLogger } from '../server/logger.ts';
import { encodeCursor } from '../server/repository/cursor.ts';
import { forgetDailyTotals, rollUpDailyTotals } from '../server/repository/daily-totals.ts';
import { createKyselyRepository } from '../server/repository/kysely-repository.ts';
import type { Repository } from '../server/repository/types.ts';
import { UNRESOLVED_STATUSES } from '../shared/status.ts';
import { withPostgres } from './http.ts';
import { SEED_END, seedPayments, type SeedDialect } from './growth-seed.ts';
import { retentionPass, storageSplit } from './storage.ts';

const SMALL = 10_000;
/** Calls timed per measure, and calls before them left out (see above). */
const SAMPLES = 200;
const WARM_UP = 20;
const API_KEY = 'sk_bench_0123456789abcdefghijklmnopqrstuv';
const ENV = {
  OGONE_ENVIRONMENT: 'sandbox',
  OGONE_PSPID: 'BENCHPSPID',
  OGONE_USER_ID: 'bench-api',
  OGONE_PASSWORD: 'bench-api-password',
  OGONE_SHA_IN: 'bench-sha-in-passphrase-1',
  OGONE_SHA_OUT: 'bench-sha-out-passphrase-2',
  OGONE_HASH_ALGORITHM: 'sha512',
  MERCHANT_API_KEYS: API_KEY,
  PUBLIC_URL: 'http://127.0.0.1:3000',
};

export interface Latency {
  p50Ms: number;
  p99Ms: number;
}

export interface GrowthFigures {
  rows: number;
  seedSeconds: number;
  /** Calls timed per measure (each p99 rests on the slowest 1 % of them). */
  samples: number;
  /** Bytes on disk per payment at `rows` (every table and index), after the retention pass. */
  bytesPerPayment: number;
  /** name → latency at 10 k and at `rows`; a skipped measure says why. */
  measures: Record<string, { small: Latency; large: Latency } | { skipped: string }>;
}

type Probe = () => Promise<void>;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function time(probe: Probe, samples: number): Promise<Latency> {
  for (let i = 0; i < WARM_UP; i++) await probe();
  const took: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await probe();
    took.push(performance.now() - started);
  }
  took.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return { p50Ms: round(percentile(took, 0.5)), p99Ms: round(percentile(took, 0.99)) };
}

/** The probes: each a request the merchant or a worker makes all day. */
function probes(app: ReturnType<typeof createApp>, repository: Repository): Record<string, Probe> {
  const get = (url: string) => async () => {
    const response = await app.request(url, { headers: { authorization: `Bearer ${API_KEY}` } });
    if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  };
  const yearBack = new Date(SEED_END.getTime() - 365 * 86_400_000).toISOString();
  const now = SEED_END.getTime();
  return {
    'list: newest 50': get('/api/transactions?limit=50'),
    'list: a page one year back (cursor)': get(`/api/transactions?limit=50&cursor=${encodeCursor([yearBack, 'OCB~'])}`),
    'filter: state=refunded': get('/api/transactions?limit=50&state=refunded'),
    'filter: state=pending,error over last month': get(
      `/api/transactions?limit=50&state=pending,error&from=${new Date(now - 30 * 86_400_000).toISOString()}`,
    ),
    'search q: customer e-mail': get('/api/transactions?limit=50&q=shopper4242%40example.com'),
    'search q: merchant reference': get('/api/transactions?limit=50&q=order-7777'),
    'CSV export: first 1,000 rows': async () => {
      const response = await app.request('/api/transactions/export.csv', { headers: { authorization: `Bearer ${API_KEY}` } });
      if (!response.ok || !response.body) throw new Error(`export: ${response.status}`);
      const reader = response.body.getReader();
      let lines = 0;
      while (lines <= 1000) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const byte of value) if (byte === 10) lines++;
      }
      await reader.cancel();
    },
    'dashboard summary (14 days)': get('/api/dashboard/summary'),
    'events of a rare type': get('/api/events?limit=20&type=payment.needs_attention'),
    'reconciler selection (backlog of 50)': async () => {
      await repository.syncBacklog({
        statuses: UNRESOLVED_STATUSES,
        changedBefore: new Date(now - 60_000).toISOString(),
        draftsCreatedBefore: new Date(now - 600_000).toISOString(),
        createdAfter: new Date(now - 30 * 86_400_000).toISOString(),
        limit: 50,
      });
    },
    'outbox selection (claim 20)': async () => {
      await repository.claimDueEvents({ limit: 20, leaseMs: 0 });
    },
  };
}

/**
 * Bytes on disk after the hourly retention pass the server runs, with the documented defaults at
 * the seed's end (bench/storage.ts): SQLite's pages in use, PostgreSQL's relations after VACUUM FULL.
 */
async function bytesOnDisk(handle: DatabaseHandle, options: DatabaseOptions): Promise<number> {
  await retentionPass(handle);
  return (await storageSplit(handle.db, options.kind)).total;
}

async function measureOn(options: DatabaseOptions, dialect: SeedDialect, rows: number, samples: number): Promise<GrowthFigures> {
  const handle = openDatabase(options);
  try {
    await migrateToLatest(handle.db);
    const clock = manualClock(SEED_END);
    const repository = createKyselyRepository(handle, { clock });
    const config = parseServerConfig(ENV);
    const app = createApp(
      createAppContext({
        config: { ...config, publicUrl: config.publicUrl! },
        repository,
        logger: createLogger({ level: 'silent' }),
        clock,
      }),
      { rateLimit: { windowMs: 60_000, limit: 1_000_000_000 } },
    );
    const seedDb = handle.db as Kysely<any>;
    const seed = async (from: number, to: number) => {
      const started = performance.now();
      if (dialect === 'sqlite') await seedDb.transaction().execute((trx) => seedPayments(trx, dialect, from, to, rows));
      else await seedPayments(seedDb, dialect, from, to, rows);
      // A database two years old has been vacuumed by autovacuum all along; a freshly bulk-loaded
      // one has not, and autovacuum would run over the table in the middle of the measures
      // (PostgreSQL: its visibility map also makes index-only scans index-only).
      if (dialect === 'postgres') await sql`vacuum analyze`.execute(seedDb);
      else await sql`analyze`.execute(seedDb);
      // The seed writes behind the server's back, each payment stamped in the past, which no
      // watermark can see: the dashboard's daily totals are summed again, as a server that had
      // run all along would hold them (repository/daily-totals.ts).
      await forgetDailyTotals(handle.db);
      while (!(await rollUpDailyTotals(handle.db)).complete);
      return (performance.now() - started) / 1000;
    };
    const named = probes(app, repository);
    const small: Record<string, Latency | { skipped: string }> = {};
    let seedSeconds = await seed(0, Math.min(SMALL, rows));
    for (const [name, probe] of Object.entries(named)) {
      try {
        small[name] = await time(probe, samples);
      } catch (error) {
        small[name] = { skipped: (error as Error).message.slice(0, 120) };
      }
    }
    if (rows > SMALL) seedSeconds += await seed(SMALL, rows);
    const measures: GrowthFigures['measures'] = {};
    for (const [name, probe] of Object.entries(named)) {
      const before = small[name]!;
      if ('skipped' in before) {
        measures[name] = before;
        continue;
      }
      measures[name] = { small: before, large: await time(probe, samples) };
    }
    return { rows, seedSeconds, samples, bytesPerPayment: (await bytesOnDisk(handle, options)) / rows, measures };
  } finally {
    await handle.close().catch(() => {});
  }
}

export async function runGrowthBench(
  rows: number,
  samples = SAMPLES,
): Promise<{ sqlite: GrowthFigures; postgres: GrowthFigures | { skipped: string } }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'oc-bench-growth-'));
  try {
    const sqlite = await measureOn({ kind: 'sqlite', file: path.join(dir, 'growth.sqlite') }, 'sqlite', rows, samples);
    rmSync(dir, { recursive: true, force: true });
    const postgres = await withPostgres((url) => measureOn({ kind: 'postgres', url, poolSize: 4 }, 'postgres', rows, samples));
    return { sqlite, postgres };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `BENCH_ROWS=100000 node --import tsx bench/growth.ts` runs just this part.
if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await runGrowthBench(Number(process.env.BENCH_ROWS ?? 1_000_000)), null, 2));
}
