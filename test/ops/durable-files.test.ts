/**
 * Durable commits and owner-only files (issue 13): SQLite commits with `synchronous = FULL` on the
 * connection that writes (a COMMIT answered to Ogone survives a power loss), and a server started
 * on an empty DATA_DIR creates it 0700 with the database, its -wal and -shm files 0600.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase, SQLITE_FILE_NAME } from '../../server/db/connect.ts';
import { startServer } from '../../server/start-server.ts';

const STRACE = ['/usr/bin/strace', '/bin/strace'].find((file) => {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
});

const mode = (file: string) => statSync(file).mode & 0o777;
const octal = (value: number) => value.toString(8).padStart(4, '0');

describe('durable commits and file permissions', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'oc-durable-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('SQLite runs synchronous = FULL (2) on the writer and the reader', async () => {
    const handle = openDatabase({ kind: 'sqlite', file: path.join(dir, 'pragma', 'db.sqlite') });
    try {
      // Inside a Kysely transaction the statement runs on the writer connection.
      const writer = await handle.db.transaction().execute((trx) => sql<{ synchronous: number }>`pragma synchronous`.execute(trx));
      assert.equal(writer.rows[0]?.synchronous, 2, 'the writer commits with synchronous = FULL');
      const journal = await handle.db.transaction().execute((trx) => sql<{ journal_mode: string }>`pragma journal_mode`.execute(trx));
      assert.equal(journal.rows[0]?.journal_mode, 'wal');
      const reader = await sql<{ synchronous: number }>`pragma synchronous`.execute(handle.db);
      assert.equal(reader.rows[0]?.synchronous, 2);
    } finally {
      await handle.close();
    }
  });

  it(
    'every answered write is fsynced: under strace, at least one fsync per commit',
    { skip: STRACE ? false : 'strace is not installed' },
    () => {
      // With synchronous = NORMAL, WAL commits are not synced at all (only checkpoints are): 0 here.
      const COMMITS = 8;
      const trace = path.join(dir, 'strace.txt');
      const child = spawnSync(
        STRACE!,
        [
          '-f',
          '-qq',
          '-e',
          'trace=fsync,fdatasync,write',
          '-e',
          'signal=none',
          '-o',
          trace,
          process.execPath,
          '--import',
          'tsx',
          path.join(import.meta.dirname, 'fixtures', 'commits.ts'),
        ],
        {
          env: { ...process.env, DATA_FILE: path.join(dir, 'strace', 'db.sqlite'), COMMITS: String(COMMITS) },
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
      assert.equal(child.status, 0, child.stderr);
      const lines = readFileSync(trace, 'utf8').split('\n');
      const begin = lines.findIndex((line) => line.includes('OC-COMMITS-BEGIN'));
      const end = lines.findIndex((line) => line.includes('OC-COMMITS-END'));
      assert.ok(begin >= 0 && end > begin, 'the markers are in the trace');
      const syncs = lines.slice(begin, end).filter((line) => /\b(fsync|fdatasync)\(/.test(line) && !/resumed/.test(line.split('(')[0]!));
      assert.ok(syncs.length >= COMMITS, `${syncs.length} fsync for ${COMMITS} commits`);
    },
  );

  it('a server on a new DATA_DIR creates it 0700, the database and its -wal/-shm 0600', async () => {
    const dataDir = path.join(dir, 'fresh', 'data');
    const server = await startServer({ env: { DATA_DIR: dataDir, OGONE_ENVIRONMENT: 'sandbox' }, port: 0, host: '127.0.0.1', quiet: true });
    try {
      // A write, so the WAL holds frames and both side files certainly exist.
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
      const database = path.join(dataDir, SQLITE_FILE_NAME);
      assert.equal(octal(mode(dataDir)), '0700', 'DATA_DIR');
      for (const file of [database, `${database}-wal`, `${database}-shm`]) assert.equal(octal(mode(file)), '0600', path.basename(file));
      assert.equal(octal(mode(path.join(dataDir, 'sandbox-credentials.json'))), '0600');
    } finally {
      await server.close();
    }
  });

  it('database files left 0644 by an older version are tightened to 0600 at start', async () => {
    const dataDir = path.join(dir, 'old');
    const file = path.join(dataDir, 'db.sqlite');
    const first = openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'db.sqlite') });
    await sql`create table t (x integer)`.execute(first.db);
    await first.close();
    for (const suffix of ['', '-wal', '-shm']) {
      try {
        chmodSync(file + suffix, 0o644);
      } catch {
        writeFileSync(file + suffix, '', { mode: 0o644 }); // closed cleanly: recreate the side file as an old crash would leave it
        chmodSync(file + suffix, 0o644);
      }
    }
    const second = openDatabase({ kind: 'sqlite', file });
    try {
      await sql`insert into t values (1)`.execute(second.db);
      for (const suffix of ['', '-wal', '-shm']) assert.equal(octal(mode(file + suffix)), '0600', `db.sqlite${suffix}`);
    } finally {
      await second.close();
    }
  });
});
