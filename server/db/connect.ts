/**
 * Opens the database: SQLite (better-sqlite3, WAL) in DATA_DIR by default, PostgreSQL when a
 * DATABASE_URL is given. Both behind one Kysely instance; `dialect` tells the repository which
 * locking clause to use.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import type SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import { createRequire } from 'node:module';
import type PgModule from 'pg';
import type { Database } from './schema.ts';
import { GroupCommitDialect } from './group-commit.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives, without credentials (for logs). */
  description: string;
  /** Queries waiting for a pool connection (PostgreSQL); absent on SQLite, which has no pool. */
  poolWaiting?: () => number;
  /** PostgreSQL's pool (Kysely runs on it too), for the repository's multi-statement round trips. */
  pgPool?: PgModule.Pool;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | { kind: 'sqlite'; file: string; onBatchCommitted?: (writes: number) => void }
  | { kind: 'postgres'; url: string; poolSize?: number; connectTimeoutMs?: number };

export const SQLITE_FILE_NAME = 'ogone-checkout.sqlite';

/**
 * Page cache of each SQLite connection, in KiB (negative: SQLite's unit for a size in KiB).
 * better-sqlite3 compiles in 16 MiB (SQLITE_DEFAULT_CACHE_SIZE=-16000) where SQLite's own default
 * is 2 MiB: with a writer and a reader that is up to 32 MiB of resident memory holding copies of
 * pages the OS page cache holds anyway (issue 17: RSS under load). The hot pages — the B-trees'
 * upper levels, the last payments — fit in 2 MiB; a miss is a read from the OS cache.
 */
const SQLITE_CACHE_KIB = -2000;

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const TIMESTAMPTZ_OID = 1184;

/**
 * Each driver is loaded on first use: a server on the embedded SQLite default never pays for
 * loading pg, nor one on PostgreSQL for better-sqlite3 and its native addon (both part of the cold
 * start). Both are CommonJS, so a synchronous require works.
 */
const requireDriver = createRequire(import.meta.url);
let pgModule: typeof PgModule | undefined;
function loadPg(): typeof PgModule {
  pgModule ??= withNavigatorForPg(() => requireDriver('pg') as typeof PgModule);
  return pgModule;
}

/**
 * pg asks, as it loads (pg/lib/stream.js), whether it runs in a Cloudflare Worker: by
 * `navigator.userAgent` where there is a `navigator` (Node 21 and later), otherwise by constructing
 * a `Response`. On Node 20 that first touch of `Response` loads Node's fetch implementation
 * (undici): about 20 ms of a PostgreSQL start spent before the first connection could open
 * (issue 17, cold start). For the length of the synchronous require only, Node 20 gets the
 * `navigator` Node 21 has, so pg takes its first answer; undici then loads later, with the HTTP
 * modules, while the database works. Nothing else runs meanwhile, and the global is removed again.
 */
function withNavigatorForPg<T>(load: () => T): T {
  if ('navigator' in globalThis) return load();
  Object.defineProperty(globalThis, 'navigator', { value: { userAgent: `Node.js/${process.versions.node}` }, configurable: true });
  try {
    return load();
  } finally {
    delete (globalThis as { navigator?: unknown }).navigator;
  }
}
let sqliteModule: { Database: typeof SqliteDatabase; options: SqliteDatabase.Options } | undefined;
function loadSqlite(): { Database: typeof SqliteDatabase; options: SqliteDatabase.Options } {
  sqliteModule ??= { Database: requireDriver('better-sqlite3') as typeof SqliteDatabase, options: sqliteAddon() };
  return sqliteModule;
}

/**
 * better-sqlite3's native addon, named where its install builds it: by default the `bindings`
 * package finds it by trying a dozen paths (an Error's stack, stat calls, package.json reads), a
 * few milliseconds of every start. If it is not there (another build layout) `bindings` still
 * looks for it, as without this.
 */
function sqliteAddon(): SqliteDatabase.Options {
  const file = path.join(path.dirname(requireDriver.resolve('better-sqlite3')), '..', 'build', 'Release', 'better_sqlite3.node');
  return existsSync(file) ? { nativeBinding: file } : {};
}

/** PostgreSQL's `timestamptz` text in the session's UTC (DateStyle ISO): `2026-12-05 15:00:00.123+00`. */
const UTC_TIMESTAMPTZ = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;

/**
 * A `timestamptz` as the ISO-8601 text the server writes and compares (`Date#toISOString`:
 * milliseconds, `Z`), as every timestamp was before migration 0029 made them `timestamptz` on
 * PostgreSQL. In UTC (the usual server setting) it is rearranged as text; in another time zone
 * pg's own parser reads it, then toISOString writes it.
 */
export function isoFromTimestamptz(value: string): string {
  const utc = UTC_TIMESTAMPTZ.exec(value);
  if (utc) return `${utc[1]}T${utc[2]}.${`${utc[3] ?? ''}000`.slice(0, 3)}Z`;
  return (loadPg().types.getTypeParser(TIMESTAMPTZ_OID, 'text')(value) as Date).toISOString();
}

/** Date#toISOString's text as PostgreSQL's to_char writes it (read in UTC). */
const ISO_TEXT_PATTERN = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * SQL: `expression` (a timestamptz, or text that reads as one) as the text isoFromTimestamptz
 * gives, where PostgreSQL itself writes it out (JSON built in SQL, a column turned back into text).
 * Null stays null.
 */
export const pgIsoText = (expression: string): string => `to_char((${expression})::timestamptz at time zone 'UTC', ${ISO_TEXT_PATTERN})`;

/** pg returns BIGINT as text (it may exceed 2^53); our amounts are at most 15 digits, safe as numbers. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    if (oid === TIMESTAMPTZ_OID) return isoFromTimestamptz;
    return loadPg().types.getTypeParser(oid, format as 'text');
  },
};

/** Owner only: the database holds customers' names, e-mails, addresses and alias tokens. */
const DATA_DIR_MODE = 0o700;
const DATABASE_FILE_MODE = 0o600;

/** Creates DATA_DIR (and missing parents) owner-only; an existing directory is left as it is. */
export function ensureDataDir(dir: string): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: DATA_DIR_MODE });
}

/**
 * The database file exists, owner-only, before SQLite opens it: SQLite creates its -wal and -shm
 * files with the permissions of the database file, so they are 0600 too. Files left by an older
 * version (0644) are tightened.
 */
function prepareSqliteFile(file: string): void {
  try {
    ensureDataDir(path.dirname(path.resolve(file)));
    closeSync(openSync(file, 'a', DATABASE_FILE_MODE));
  } catch (error) {
    // A file system remounted read-only, DATA_DIR outside the unit's ReadWritePaths: the start is
    // refused naming the setting (README), not with the bare system error.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EROFS' && code !== 'EACCES' && code !== 'EPERM') throw error;
    const why = code === 'EROFS' ? 'is on a read-only file system' : 'cannot be written by this user';
    throw new Error(`DATA_DIR: ${path.dirname(path.resolve(file))} ${why} (${code}): the database must be written there`, { cause: error });
  }
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(file + suffix)) chmodSync(file + suffix, DATABASE_FILE_MODE);
  }
}

/**
 * The writer's settings, in one place for the server and for the benchmark's bare-driver limit
 * (bench/database-limit.ts), which must run a sign's statements on the same ones (issue 17).
 */
export function sqliteWriterPragmas(writer: SqliteDatabase.Database): void {
  writer.pragma('journal_mode = WAL');
  writer.pragma('busy_timeout = 5000');
  writer.pragma('foreign_keys = ON');
  // FULL: in WAL mode each COMMIT fsyncs the WAL, so a write answered as done (a feedback
  // acknowledged to Ogone, which never resends it) survives a power loss; NORMAL could lose the
  // last commits. The group commit (group-commit.ts) pays one fsync per batch, not per request.
  writer.pragma('synchronous = FULL');
  writer.pragma(`cache_size = ${SQLITE_CACHE_KIB}`);
  // RETURNING gathers its rows in a temporary table before the first is read
  // (https://sqlite.org/lang_returning.html): kept in memory, not in a temporary file opened for
  // each statement — 66 → 27 µs for a payment's UPDATE … RETURNING *. Our sorts and IN lists are
  // small (every hot read is an index range, test/server/db/query-plans.test.ts). A group
  // commit's member is a SAVEPOINT, whose journal is a temporary file too.
  writer.pragma('temp_store = MEMORY');
}

/** The reader's settings (see sqliteWriterPragmas): committed data only, never a write. */
export function sqliteReaderPragmas(reader: SqliteDatabase.Database): void {
  reader.pragma('busy_timeout = 5000');
  reader.pragma('synchronous = FULL');
  reader.pragma('query_only = true');
  reader.pragma(`cache_size = ${SQLITE_CACHE_KIB}`);
  reader.pragma('temp_store = MEMORY');
}

/**
 * The SQLite file is no database, or a damaged one (SQLITE_NOTADB, SQLITE_CORRUPT): named, with
 * what to do. SQLite's own "file is not a database" named no file, and serve's, migrate's and
 * backup's lines read as if something else were wrong (review r1500). A restart does not fix it:
 * serve exits 1 (commands/serve.ts, by this name).
 */
export class DatabaseDamagedError extends Error {
  readonly code: string;
  constructor(file: string, code: string) {
    super(`${path.resolve(file)} is not a SQLite database or is damaged (${code}): put a backup in place (ogone-checkout restore FILE)`);
    this.name = 'DatabaseDamagedError';
    this.code = code;
  }
}

/** SQLite's answers for a file that is no database or a damaged one. */
export function isDamagedDatabaseError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT';
}

/** A connection to the file, its pragmas set; a damaged file's error names it. */
function openSqliteConnection(file: string, pragmas: (connection: SqliteDatabase.Database) => void): SqliteDatabase.Database {
  const sqlite = loadSqlite();
  const connection = new sqlite.Database(file, sqlite.options);
  try {
    pragmas(connection);
    return connection;
  } catch (error) {
    connection.close();
    throw isDamagedDatabaseError(error) ? new DatabaseDamagedError(file, error.code) : error;
  }
}

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  if (options.kind === 'sqlite') {
    prepareSqliteFile(options.file);
    const writer = openSqliteConnection(options.file, sqliteWriterPragmas);
    // Reads outside transactions see committed data only, on a connection of their own (WAL:
    // readers and the writer do not block each other). See group-commit.ts.
    let reader: SqliteDatabase.Database;
    try {
      reader = openSqliteConnection(options.file, sqliteReaderPragmas);
    } catch (error) {
      writer.close();
      throw error;
    }
    const db = new Kysely<Database>({ dialect: new GroupCommitDialect({ writer, reader, onBatchCommitted: options.onBatchCommitted }) });
    return {
      db,
      dialect: 'sqlite',
      description: `sqlite:${path.resolve(options.file)}`,
      close: () => db.destroy(),
    };
  }
  const pg = loadPg();
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    types: pgTypes as never,
    // A database that does not answer fails the request (503) instead of holding it forever.
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => {});
  // Neither may a checked-out one: pg-pool only listens to idle clients, and a connection dropped
  // between two queries of a transaction emits 'error' with no listener (an uncaught exception).
  // The query in progress still fails, and the broken client is discarded when released.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let description = 'postgres';
  try {
    const url = new URL(options.url);
    description = `postgres://${url.host}${url.pathname}`;
  } catch {
    // keep the generic description; never echo a URL that may hold a password
  }
  return { db, dialect: 'postgres', description, poolWaiting: () => pool.waitingCount, pgPool: pool, close: () => db.destroy() };
}
