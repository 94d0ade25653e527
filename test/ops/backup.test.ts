/**
 * `ogone-checkout backup` while a server process is serving under load, then `restore` into a
 * fresh DATA_DIR and a server on it. The restored database is one moment of the live one: every
 * payment and feedback answered before the moment the backup reports is in it, each table holds exactly
 * the rows the live one had committed at one point (a prefix of its commit order) — no row that
 * was never committed, none half-written, sessions, payments, feedback and events consistent.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { SQLITE_FILE_NAME } from '../../server/db/connect.ts';
import { MIGRATION_NAMES, MIGRATION_TABLE, migrateToLatest } from '../../server/db/migrations.ts';
import { openDatabase } from '../../server/db/connect.ts';
import { restoreCommand } from '../../server/commands/restore.ts';
import type { CommandIO } from '../../server/commands/io.ts';
import { MERCHANT_API_KEY, SCALE_ACCOUNT, secretsIn } from '../support/accounts.ts';
import { feedbackParams, sendFeedback } from '../support/feedback.ts';
import { createTestDatabase } from '../support/databases.ts';
import { runCli } from '../support/cli.ts';
import { api, createPayment } from '../support/merchant.ts';
import { spawnServer, type ServerProcess } from '../support/processes.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORKERS = 6;
/** Tables compared row by row, and the columns that never change once written. */
const TABLES = {
  checkout_sessions: 'id, amount',
  transactions: 'reference, session_id, amount',
  feedback_log: 'id, reference, channel, status',
  webhook_events: 'id, type, reference, data_json',
} as const;

type Rows = Record<keyof typeof TABLES, Array<Record<string, unknown>>>;

function readRows(file: string): Rows {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const rows = {} as Rows;
    for (const [table, columns] of Object.entries(TABLES)) {
      // In commit order (one writer): rowids only grow, and so do the ids of the feedback log,
      // which has no rowid (migration 0026; ids.ts, time-ordered), padded alike to compare as text.
      const order = table === 'feedback_log' ? 'id' : `printf('%012d', rowid)`;
      rows[table as keyof Rows] = db.prepare(`select ${order} as row, ${columns} from ${table} order by row`).all() as Array<
        Record<string, unknown>
      >;
    }
    return rows;
  } finally {
    db.close();
  }
}

function stateOf(file: string): Map<string, string> {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    return new Map(
      (db.prepare('select reference, state from transactions').all() as Array<{ reference: string; state: string }>).map((row) => [
        row.reference,
        row.state,
      ]),
    );
  } finally {
    db.close();
  }
}

/** One command in a process of its own, as an operator (or cron) runs it. */
const runCommand = (args: string[], env: Record<string, string>) => runCli(args, env, { cwd: ROOT, killAfterMs: 60_000 });

interface Answered {
  reference: string;
  /** What was answered: the attempt (201), or a feedback's STATUS (200). */
  what: 'attempt' | 5 | 9;
  at: number;
  /** Wall clock, to compare with the moment the backup says it is consistent as of. */
  wall: number;
}

describe('backup while serving under load, restore, serve the restored database', { timeout: 180_000 }, () => {
  let scratch: string;
  let liveDir: string;
  let restoredDir: string;
  const servers: ServerProcess[] = [];
  const output: string[] = [];

  before(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'oc-backup-'));
    liveDir = path.join(scratch, 'live');
    restoredDir = path.join(scratch, 'restored');
  });

  after(async () => {
    for (const server of servers) await server.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  // The whole load comes from one address: the limits are lifted as for a shop's own traffic.
  const envFor = (dataDir: string) => ({
    ...SCALE_ACCOUNT,
    OGONE_ENVIRONMENT: 'sandbox',
    MERCHANT_API_KEYS: MERCHANT_API_KEY,
    DATA_DIR: dataDir,
    RATE_LIMIT_PER_MINUTE: '1000000',
    FEEDBACK_RATE_LIMIT_PER_MINUTE: '1000000',
  });

  it('restores exactly what was committed when the backup was taken', async () => {
    const live = await spawnServer({ env: envFor(liveDir), sink: output });
    servers.push(live);
    const answered: Answered[] = [];
    const failures: string[] = [];
    let stop = false;
    let amount = 1000;

    // Each worker: a session and an attempt, then the platform's feedback 5 and 9, again and again.
    const worker = async () => {
      while (!stop) {
        const payment = await createPayment(live.url, { amount: amount++, currency: 'EUR' });
        answered.push({ reference: payment.reference, what: 'attempt', at: performance.now(), wall: Date.now() });
        for (const status of [5, 9] as const) {
          const params = feedbackParams({
            reference: payment.reference,
            amount: payment.amount,
            currency: 'EUR',
            status,
            payId: String(5_000_000 + amount),
          });
          const code = await sendFeedback(live.url, params, { channel: 'server', method: 'POST' });
          if (code === 200) answered.push({ reference: payment.reference, what: status, at: performance.now(), wall: Date.now() });
          else failures.push(`${payment.reference} STATUS ${status}: ${code}`);
        }
      }
    };
    const load = Promise.all(Array.from({ length: WORKERS }, worker));
    // The backup starts once a good part of the load has been answered.
    while (answered.filter((entry) => entry.what === 9).length < 12 && failures.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const backupFile = path.join(scratch, 'nightly.sqlite');
    const backupStarted = performance.now();
    const backup = await runCommand(['backup', '--to', backupFile], envFor(liveDir));
    const backupFinished = performance.now();
    // The same file again is refused without --force (and left as it is).
    const again = await runCommand(['backup', '--to', backupFile], envFor(liveDir));
    // Restoring onto the live database while the server runs on it is refused.
    const ontoLive = await runCommand(['restore', backupFile], envFor(liveDir));
    await new Promise((resolve) => setTimeout(resolve, 500));
    stop = true;
    await load;

    assert.equal(backup.code, 0, backup.stderr);
    assert.match(backup.stdout, /backed up .* bytes, schema version \d+/);
    assert.deepEqual(failures, [], 'every request of the load was answered');
    assert.equal(again.code, 1);
    assert.match(again.stderr, /--to: .* already exists \(add --force to overwrite it\)/);
    assert.equal(ontoLive.code, 1);
    assert.match(ontoLive.stderr, /in use by a running server: stop it, then restore/);
    assert.equal(statSync(backupFile).mode & 0o777, 0o600, 'the backup is owner-only like the live database');

    // The backup names the moment its snapshot is not older than: everything answered before it must be in.
    const asOf = Date.parse(/consistent as of (\S+),/.exec(backup.stdout)?.[1] ?? '');
    assert.ok(Number.isFinite(asOf), backup.stdout);
    const before = answered.filter((entry) => entry.wall < asOf);
    const during = answered.filter((entry) => entry.at >= backupStarted && entry.at <= backupFinished);
    const afterwards = answered.filter((entry) => entry.at > backupFinished);
    assert.ok(before.filter((entry) => entry.what === 9).length >= 10, `a load before the backup (${before.length} answers)`);
    assert.ok(
      during.length > 0 && afterwards.length > 0,
      `writes went on during (${during.length}) and after (${afterwards.length}) the backup`,
    );

    assert.equal(await live.stop(), 0);
    const liveFile = path.join(liveDir, SQLITE_FILE_NAME);
    const liveRows = readRows(liveFile);
    const liveStates = stateOf(liveFile);

    const restored = await runCommand(['restore', backupFile], envFor(restoredDir));
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stdout, /there was no database to replace/);
    const restoredFile = path.join(restoredDir, SQLITE_FILE_NAME);
    assert.equal(statSync(restoredFile).mode & 0o777, 0o600);
    const restoredRows = readRows(restoredFile);
    const restoredStates = stateOf(restoredFile);

    // One moment of the live database: each table is exactly the live rows up to one point of
    // its commit order (readRows), with the same content.
    for (const table of Object.keys(TABLES) as Array<keyof Rows>) {
      const got = restoredRows[table];
      const last = String(got.at(-1)?.row ?? '');
      assert.deepEqual(
        got,
        liveRows[table].filter((row) => String(row.row) <= last),
        `${table}: the restored rows are the live rows committed up to one point`,
      );
      assert.ok(got.length < liveRows[table].length, `${table}: the live database went on after the backup`);
    }

    // Everything answered before the backup's snapshot is in it.
    for (const entry of before) {
      const state = restoredStates.get(entry.reference);
      assert.ok(state, `${entry.reference} (attempt answered before the backup) is restored`);
      if (entry.what === 9) assert.equal(state, 'captured', `${entry.reference}: its STATUS 9 answered before the backup is restored`);
      if (entry.what === 5)
        assert.ok(state === 'authorized' || state === 'captured', `${entry.reference}: its STATUS 5 is restored (${state})`);
    }
    // And between tables it is one moment too: a payment's state and its events agree.
    const eventTypes = new Map<string, Set<string>>();
    for (const event of restoredRows.webhook_events) {
      const reference = String(event.reference);
      assert.ok(restoredStates.has(reference), `event ${String(event.id)} belongs to a restored payment`);
      if (!eventTypes.has(reference)) eventTypes.set(reference, new Set());
      eventTypes.get(reference)!.add(String(event.type));
    }
    const sessionIds = new Set(restoredRows.checkout_sessions.map((row) => row.id));
    for (const row of restoredRows.transactions)
      assert.ok(sessionIds.has(row.session_id), `${String(row.reference)}: its session is restored`);
    for (const [reference, state] of restoredStates) {
      const types = eventTypes.get(reference) ?? new Set<string>();
      assert.equal(types.has('payment.captured'), state === 'captured', `${reference}: state ${state}, events ${[...types].join(', ')}`);
      assert.equal(
        types.has('payment.authorized'),
        state === 'authorized' || state === 'captured',
        `${reference}: state ${state}, events ${[...types].join(', ')}`,
      );
      assert.ok(liveStates.has(reference), `${reference}: a restored payment is one the live server made`);
    }

    // A server starts on the restored database and answers for a payment captured before the backup.
    const captured = before.find((entry) => entry.what === 9)!;
    const second = await spawnServer({ env: envFor(restoredDir), sink: output });
    servers.push(second);
    const read = await api(second.url, `/api/transactions/${captured.reference}`);
    assert.equal(read.status, 200, JSON.stringify(read.body));
    assert.equal(read.body.state, 'captured');
    const last = answered.filter((entry) => entry.what === 'attempt').at(-1)!;
    assert.ok(last.at > backupFinished + 300);
    const missing = await api(second.url, `/api/transactions/${last.reference}`);
    assert.equal(missing.status, 404, 'a payment made after the backup is not in it');
    assert.equal(await second.stop(), 0);

    assert.deepEqual(secretsIn(output.join('') + backup.stdout + backup.stderr + restored.stdout + restored.stderr), []);
    console.log(
      `backup under load: ${before.length} answers before its snapshot, ${during.length} during (${Math.round(backupFinished - backupStarted)} ms with process start), ` +
        `${afterwards.length} after; restored ${restoredRows.transactions.length} of ${liveRows.transactions.length} payments, ` +
        `${restoredRows.webhook_events.length} of ${liveRows.webhook_events.length} events; ${(await readFile(backupFile)).length} bytes`,
    );
  });

  it("README's PostgreSQL recipe: pg_dump -Fc, pg_restore into an empty database, the same rows", async () => {
    const source = await createTestDatabase('postgres');
    const target = await createTestDatabase('postgres');
    const dump = path.join(scratch, 'shop.dump');
    try {
      const fixture = fileURLToPath(new URL(`./fixtures/upgrade/schema-${MIGRATION_NAMES.length}.postgres.sql`, import.meta.url));
      execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', source.env.DATABASE_URL!, '-f', fixture], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      execFileSync('pg_dump', ['--format=custom', '--no-owner', `--file=${dump}`, source.env.DATABASE_URL!], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      execFileSync('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${target.env.DATABASE_URL!}`, dump], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const tables = async (url: string) => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          const names = (
            await client.query<{ tablename: string }>(`select tablename from pg_tables where schemaname = 'public' order by tablename`)
          ).rows.map((row) => row.tablename);
          const contents: Record<string, unknown[]> = {};
          for (const name of names) contents[name] = (await client.query(`select * from "${name}" order by 1`)).rows;
          return contents;
        } finally {
          await client.end();
        }
      };
      const before = await tables(source.env.DATABASE_URL!);
      assert.ok((before.transactions?.length ?? 0) > 0 && (before.webhook_events?.length ?? 0) > 0, 'the fixture has payments and events');
      assert.deepEqual(await tables(target.env.DATABASE_URL!), before);
    } finally {
      await source.drop();
      await target.drop();
    }
  });

  it('restore keeps the database it replaces, and refuses what it cannot run, changing nothing', async () => {
    const dataDir = path.join(scratch, 'replace');
    const liveFile = path.join(dataDir, SQLITE_FILE_NAME);
    const handle = openDatabase({ kind: 'sqlite', file: liveFile });
    await migrateToLatest(handle.db);
    await handle.close();
    const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
    const env = { DATA_DIR: dataDir };
    const run = async (file: string) => {
      const io: CommandIO & { out: string[]; err: string[] } = {
        out: [],
        err: [],
        stdout: (line) => io.out.push(line),
        stderr: (line) => io.err.push(line),
      };
      return { code: await restoreCommand([file], env, io), out: io.out.join('\n'), err: io.err.join('\n') };
    };
    const fixture = fileURLToPath(new URL(`./fixtures/upgrade/schema-${MIGRATION_NAMES.length}.sqlite`, import.meta.url));

    // Refused, each naming why, and the live database left as it was.
    const text = path.join(scratch, 'notes.txt');
    writeFileSync(text, 'not a database at all, just some text that is long enough to have a header\n'.repeat(20));
    const foreign = path.join(scratch, 'foreign.sqlite');
    const other = new SqliteDatabase(foreign);
    other.exec('create table notes (body text)');
    other.close();
    const newer = path.join(scratch, 'newer.sqlite');
    copyFileSync(fixture, newer);
    const future = new SqliteDatabase(newer);
    future.prepare(`insert into ${MIGRATION_TABLE} (name, timestamp) values (?, ?)`).run('0099_from_the_future', new Date().toISOString());
    future.close();
    const torn = path.join(scratch, 'torn.sqlite');
    const bytes = readFileSync(fixture);
    bytes.fill(0x5a, 4096 * 3, 4096 * 6);
    writeFileSync(torn, bytes);
    const unchanged = digest(liveFile);
    for (const [file, reason] of [
      [path.join(scratch, 'missing.sqlite'), /does not exist/],
      [text, /is not a SQLite database/],
      [foreign, /is not an ogone-checkout database \(it has no kysely_migration table\)/],
      [
        newer,
        new RegExp(
          `schema is version ${MIGRATION_NAMES.length + 1} \\(0099_from_the_future\\), newer than this binary's version ${MIGRATION_NAMES.length}`,
        ),
      ],
      [torn, /integrity check|not a SQLite database|malformed/],
    ] as const) {
      const refused = await run(file);
      assert.equal(refused.code, 1, `${path.basename(file)}: ${refused.out}`);
      assert.match(refused.err, reason, path.basename(file));
      assert.equal(digest(liveFile), unchanged, `${path.basename(file)}: the live database is untouched`);
    }

    // Accepted: the fixture's payments are live, and the database it replaced is kept beside it.
    const restored = await run(fixture);
    assert.equal(restored.code, 0, restored.err);
    const previous = /kept as (\S+)$/.exec(restored.out)?.[1];
    assert.ok(previous, restored.out);
    assert.match(path.basename(previous), new RegExp(`^${SQLITE_FILE_NAME.replace('.', '\\.')}\\.before-restore-\\d{8}T\\d{6}Z$`));
    assert.equal(digest(previous), unchanged, 'the replaced database is kept as it was');
    assert.equal(statSync(liveFile).mode & 0o777, 0o600);
    assert.deepEqual([...stateOf(liveFile).keys()].sort(), [...stateOf(fixture).keys()].sort());
    assert.ok(stateOf(liveFile).size > 0);
  });
});
