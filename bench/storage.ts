/**
 * Storage per payment (issue 17, "bytes per payment ≤ 1.5 KB"): seeds payments as a merchant
 * accumulates them over two years, oldest first as the server appends them (growth-seed.ts), runs
 * the retention pass the server runs every hour (server/retention/purger.ts, with the documented
 * defaults and the seed's clock SEED_END), then counts the bytes every table and index holds:
 *
 * - SQLite: the pages in use, (page_count − freelist_count) × page_size, with the dbstat virtual
 *   table's per-object split (what VACUUM would leave: freed pages are reused, not counted);
 * - PostgreSQL: pg_relation_size of each table, its TOAST and each index, after VACUUM FULL
 *   (a plain VACUUM keeps the files' size; FULL rewrites them as a long-running database would
 *   after autovacuum reused the space).
 *
 * `BENCH_ROWS=100000 node --import tsx bench/storage.ts` prints both databases' split, before
 * and after the retention pass.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { manualClock } from '../server/clock.ts';
import { openDatabase, type DatabaseHandle, type DatabaseOptions } from '../server/db/connect.ts';
import { migrateToLatest } from '../server/db/migrations.ts';
import { createKyselyRepository } from '../server/repository/kysely-repository.ts';
import { createRetentionPurger } from '../server/retention/purger.ts';
import { RETENTION_DEFAULTS } from '../server/retention/policy.ts';
import { withPostgres } from './http.ts';
import { SEED_END, seedDataSet, type SeedDialect } from './growth-seed.ts';

export interface StorageSplit {
  /** How the bytes were counted. */
  method: string;
  total: number;
  /** table or index name → bytes (a table's TOAST counted with the table on PostgreSQL). */
  objects: Record<string, number>;
  /** SQLite: the same once compacted by VACUUM. */
  vacuumedTotal?: number;
  vacuumedObjects?: Record<string, number>;
}

/** The bytes each table and index takes now (see the header for how each database is counted). */
export async function storageSplit(db: Kysely<any>, dialect: SeedDialect): Promise<StorageSplit> {
  if (dialect === 'sqlite') {
    // A connection of its own: the handle's reader is query_only and dbstat reads every page.
    const file = (await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(db)).rows[0]!.file;
    const split = (target: string) => {
      const raw = new SqliteDatabase(target, { readonly: true });
      try {
        const rows = raw.prepare('select name, sum(pgsize) as bytes from dbstat group by name').all() as { name: string; bytes: number }[];
        const pageSize = Number(raw.pragma('page_size', { simple: true }));
        const pages = Number(raw.pragma('page_count', { simple: true })) - Number(raw.pragma('freelist_count', { simple: true }));
        return { total: pages * pageSize, objects: Object.fromEntries(rows.map((row) => [row.name, Number(row.bytes)])) };
      } finally {
        raw.close();
      }
    };
    // The same database compacted (VACUUM INTO a copy): what the pages in use hold once the
    // half-emptied ones are rewritten — the steady state new rows filling freed space tends to.
    const copy = `${file}.vacuumed`;
    rmSync(copy, { force: true });
    const source = new SqliteDatabase(file, { readonly: true });
    try {
      source.prepare('vacuum into ?').run(copy);
    } finally {
      source.close();
    }
    const inUse = split(file);
    const vacuumed = split(copy);
    rmSync(copy, { force: true });
    return {
      method: '(page_count − freelist_count) × page_size; vacuumed: the same after VACUUM INTO a copy',
      total: inUse.total,
      objects: inUse.objects,
      vacuumedTotal: vacuumed.total,
      vacuumedObjects: vacuumed.objects,
    };
  }
  await sql`vacuum full analyze`.execute(db);
  const { rows } = await sql<{ name: string; bytes: string }>`
    select c.relname as name,
      pg_relation_size(c.oid) + case when c.reltoastrelid <> 0 then pg_total_relation_size(c.reltoastrelid) else 0 end as bytes
    from pg_class c join pg_namespace s on s.oid = c.relnamespace
    where s.nspname = 'public' and c.relkind in ('r', 'i') order by 2 desc`.execute(db);
  const objects = Object.fromEntries(rows.map((row) => [row.name, Number(row.bytes)]));
  return {
    method: 'sum of pg_relation_size (+ TOAST) after VACUUM FULL',
    total: Object.values(objects).reduce((a, b) => a + b, 0),
    objects,
  };
}

/** Runs the server's retention pass as production runs it: documented defaults, the seed's clock. */
export async function retentionPass(handle: DatabaseHandle): Promise<void> {
  const clock = manualClock(SEED_END);
  const purger = createRetentionPurger({
    repository: createKyselyRepository(handle, { clock }),
    clock,
    ...RETENTION_DEFAULTS,
    logger: { info() {}, warn() {} },
  });
  await purger.runOnce();
  await purger.close();
}

const perPayment = (split: StorageSplit, rows: number) => ({
  bytesPerPayment: Math.round(split.total / rows),
  ...(split.vacuumedTotal === undefined ? {} : { vacuumedBytesPerPayment: Math.round(split.vacuumedTotal / rows) }),
  ...split,
});

async function measure(options: DatabaseOptions, dialect: SeedDialect, rows: number) {
  const handle = openDatabase(options);
  try {
    await migrateToLatest(handle.db);
    const db = handle.db as Kysely<any>;
    const started = performance.now();
    await seedDataSet(db, dialect, rows);
    const seedSeconds = (performance.now() - started) / 1000;
    const before = await storageSplit(db, dialect);
    const purgeStarted = performance.now();
    await retentionPass(handle);
    const purgeSeconds = (performance.now() - purgeStarted) / 1000;
    const after = await storageSplit(db, dialect);
    return {
      rows,
      seedSeconds: Math.round(seedSeconds),
      purgeSeconds: Math.round(purgeSeconds),
      before: perPayment(before, rows),
      after: perPayment(after, rows),
    };
  } finally {
    await handle.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.env.BENCH_ROWS ?? 100_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'oc-bench-storage-'));
  try {
    const only = process.env.BENCH_DB;
    const sqlite = only === 'postgres' ? undefined : await measure({ kind: 'sqlite', file: path.join(dir, 's.sqlite') }, 'sqlite', rows);
    const postgres =
      only === 'sqlite' ? undefined : await withPostgres((url) => measure({ kind: 'postgres', url, poolSize: 4 }, 'postgres', rows));
    console.log(JSON.stringify({ sqlite, postgres }, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
