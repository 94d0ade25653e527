/**
 * Writes the upgrade fixture of this release's schema (test/ops/fixtures/upgrade/):
 *   schema-<N>.sqlite         a SQLite database made by the current migrations, with sample data
 *   schema-<N>.postgres.sql   the same rows in PostgreSQL, as pg_dump writes it (psql -f restores it)
 *   schema-<N>.expected.json  the sample data as the repository read it back when it was made
 * where N is the number of migrations. test/ops/upgrade.test.ts migrates every fixture to the
 * latest schema and reads the sample back through the repository, so a migration that loses or
 * garbles what an older release wrote fails there.
 *
 * Run once per release that adds a migration, and commit the three files; a fixture already made
 * is never rewritten (it stands for what that release wrote), --force aside:
 *   node --import tsx scripts/make-upgrade-fixture.ts
 * Needs PostgreSQL (TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/test) and pg_dump.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { backupSqlite } from '../server/db/backup.ts';
import { openDatabase, SQLITE_FILE_NAME } from '../server/db/connect.ts';
import { MIGRATION_NAMES, migrateToLatest } from '../server/db/migrations.ts';
import type { Repository } from '../server/repository/types.ts';
import { createTestApp, newHostedAttempt, type TestApp } from '../test/support/app.ts';
import { createTestDatabase, type TestDatabase } from '../test/support/databases.ts';
import { feedbackFor } from '../test/support/feedback.ts';
import { PLATFORM_HEADERS } from '../test/support/headers.ts';

const OUT = fileURLToPath(new URL('../test/ops/fixtures/upgrade/', import.meta.url));
const CUSTOMER = 'cust-upgrade';

/**
 * Every table, parents first (foreign keys): the rows are copied to PostgreSQL in this order. A
 * table a later migration adds must be listed here, or the script stops.
 */
const TABLES = [
  'buttons',
  'checkout_sessions',
  'transactions',
  'aliases',
  'feedback_log',
  'webhook_events',
  'webhook_attempts',
  'webhook_delivery',
  'idempotency_keys',
  'maintenance_operations',
  'challenges',
  'daily_totals',
  'daily_totals_attention',
  'daily_totals_rollup',
  'platform_daily_totals',
  'platform_daily_totals_attention',
  'platform_daily_totals_rollup',
];

export interface UpgradeSample {
  schema: string[];
  buttons: string[];
  sessions: string[];
  references: string[];
  customer: string;
  /** What the repository answered for them when the fixture was made. */
  read: SampleRead;
}

export type SampleRead = Awaited<ReturnType<typeof readSample>>;

/** The sample as the repository reads it: what an upgraded database must still answer. */
export async function readSample(repository: Repository, sample: Omit<UpgradeSample, 'read' | 'schema'>) {
  return {
    buttons: await Promise.all(sample.buttons.map((id) => repository.getButton(id))),
    sessions: await Promise.all(sample.sessions.map((id) => repository.getSession(id))),
    transactions: await Promise.all(sample.references.map((reference) => repository.getTransaction(reference))),
    feedback: await Promise.all(sample.references.map((reference) => repository.listFeedback(reference, 50))),
    events: (await repository.listEvents({ limit: 100 })).items,
    aliases: await repository.listAliases(sample.customer),
  };
}

async function post(t: TestApp, path: string, json: unknown, headers: Record<string, string> = {}): Promise<{ id: string }> {
  const response = await t.api(path, { method: 'POST', json, headers });
  if (response.status !== 201) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { id: string };
}

async function feedback(t: TestApp, params: Record<string, string>): Promise<void> {
  const response = await t.app.request('/payment/ogone/return', {
    method: 'POST',
    headers: { ...PLATFORM_HEADERS, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  if (response.status !== 200) throw new Error(`feedback answered ${response.status}: ${await response.text()}`);
}

/** A little of everything a release writes: a button, paid, refused and open sessions, a saved card, events. */
async function writeSample(t: TestApp): Promise<Omit<UpgradeSample, 'read' | 'schema'>> {
  const button = await post(t, '/api/buttons', { name: 'Mug « upgrade »', amount: 1999, currency: 'EUR', maxQuantity: 3 });
  const paidSession = {
    amount: 1999,
    currency: 'EUR',
    description: 'Tasse et soucoupe',
    customer: {
      id: CUSTOMER,
      name: 'Zoë Ærø',
      email: 'zoe@example.com',
      address: { line1: 'Rue 1', zip: '9000', town: 'Gent', country: 'BE' },
    },
    locale: 'fr_BE',
    saveCard: 'always',
    successUrl: 'https://shop.example.com/thanks',
    failureUrl: 'https://shop.example.com/cart',
    metadata: { order: 'A-1001' },
  };
  const paid = await newHostedAttempt(t, paidSession);
  // The alias the attempt asked the platform for: only that name is recorded as the card (feedback/decide.ts).
  const alias = (await t.repository.getTransaction(paid))!.aliasRequest!;
  await feedback(t, feedbackFor(paid, 5, { ALIAS: alias }));
  await feedback(t, feedbackFor(paid, 9, { ALIAS: alias }));
  const refused = await newHostedAttempt(t, { amount: 1999, currency: 'EUR', customer: { id: 'cust-refused' } });
  await feedback(t, feedbackFor(refused, 2));
  const open = await post(
    t,
    '/api/checkout-sessions',
    { amount: 500, currency: 'EUR', reference: 'OPEN-1' },
    { 'Idempotency-Key': 'upgrade-key-1' },
  );
  const references = [paid, refused];
  const sessions = [];
  for (const reference of references) sessions.push((await t.repository.getTransaction(reference))!.sessionId);
  return { buttons: [button.id], sessions: [...sessions, open.id], references, customer: CUSTOMER };
}

/** Copies every row of the SQLite fixture into a PostgreSQL database migrated to the same schema. */
async function copyToPostgres(sqliteFile: string, database: TestDatabase): Promise<void> {
  const source = new SqliteDatabase(sqliteFile, { readonly: true });
  const target = openDatabase(database.options);
  try {
    await migrateToLatest(target.db);
    const tables = (
      source
        .prepare(`select name from sqlite_master where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%'`)
        .all() as Array<{ name: string }>
    ).map((row) => row.name);
    const unlisted = tables.filter((name) => !TABLES.includes(name));
    if (unlisted.length > 0) throw new Error(`add ${unlisted.join(', ')} to TABLES in scripts/make-upgrade-fixture.ts`);
    for (const table of TABLES) {
      // In the order they were written: rowid, or the feedback log's time-ordered id once it has
      // no rowid (migration 0026).
      const order = table === 'feedback_log' ? 'id' : 'rowid';
      const rows = source.prepare(`select * from ${table} order by ${order}`).all() as Array<Record<string, unknown>>;
      // A row a migration wrote itself (the roll-ups' one row) is replaced by the copy.
      await target.db.deleteFrom(table as never).execute();
      if (rows.length > 0)
        await target.db
          .insertInto(table as never)
          .values(rows as never)
          .execute();
    }
  } finally {
    source.close();
    await target.close();
  }
}

async function main(): Promise<void> {
  const force = process.argv.includes('--force');
  const version = MIGRATION_NAMES.length;
  const files = {
    sqlite: path.join(OUT, `schema-${version}.sqlite`),
    postgres: path.join(OUT, `schema-${version}.postgres.sql`),
    expected: path.join(OUT, `schema-${version}.expected.json`),
  };
  if (!force && Object.values(files).some((file) => existsSync(file))) {
    throw new Error(
      `the fixture of schema ${version} exists already (${OUT}); a released fixture is not rewritten (--force to do it anyway)`,
    );
  }
  mkdirSync(OUT, { recursive: true });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'oc-upgrade-fixture-'));
  const sqliteFile = path.join(dataDir, SQLITE_FILE_NAME);
  const local: TestDatabase = {
    kind: 'sqlite',
    options: { kind: 'sqlite', file: sqliteFile },
    env: { DATA_DIR: dataDir },
    dataDir,
    drop: () => rm(dataDir, { recursive: true, force: true }),
  };
  const postgres = await createTestDatabase('postgres');
  try {
    const t = await createTestApp(local);
    const sample = await writeSample(t);
    const read = await readSample(t.repository, sample);
    await t.close();
    await backupSqlite(sqliteFile, files.sqlite, { force: true });
    await copyToPostgres(files.sqlite, postgres);
    const dump = execFileSync('pg_dump', ['--no-owner', '--no-privileges', '--format=plain', postgres.env.DATABASE_URL!], {
      encoding: 'utf8',
    });
    // pg_dump ≥ 15.14 guards its output with `\restrict <random key>`, which older psql refuses;
    // this dump is committed and read, so the guard is dropped and the file stays the same per run.
    writeFileSync(files.postgres, dump.replace(/^\\(un)?restrict .*\n/gm, ''));
    const expected: UpgradeSample = { schema: MIGRATION_NAMES, ...sample, read };
    writeFileSync(files.expected, JSON.stringify(expected, null, 2) + '\n');
    console.log(`wrote ${Object.values(files).join(', ')}`);
  } finally {
    await postgres.drop();
    await local.drop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
