/**
 * The benchmark's bare-driver limit (bench/database-limit.ts) opens its connections with the
 * server's own settings (server/db/connect.ts sqliteWriterPragmas, sqliteReaderPragmas): until
 * issue 17's fifth round it had its own copy, which lacked the server's page cache size and its
 * in-memory temporary files, and the route was read against a database that was not the server's.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { openDatabase, sqliteReaderPragmas, sqliteWriterPragmas } from '../../../server/db/connect.ts';

const SETTINGS = ['journal_mode', 'synchronous', 'cache_size', 'temp_store', 'foreign_keys', 'busy_timeout', 'query_only'] as const;

describe('SQLite connection settings', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'oc-pragmas-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('are the same on a bare connection given the server pragmas as on the server', async () => {
    const file = path.join(dir, 'db.sqlite');
    const handle = openDatabase({ kind: 'sqlite', file });
    const bareWriter = new SqliteDatabase(file);
    const bareReader = new SqliteDatabase(file);
    try {
      sqliteWriterPragmas(bareWriter);
      sqliteReaderPragmas(bareReader);
      for (const name of SETTINGS) {
        // Inside a Kysely transaction the statement runs on the server's writer, outside on its reader.
        const writer = await handle.db.transaction().execute((trx) => sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(trx));
        const reader = await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(handle.db);
        assert.deepEqual(bareWriter.pragma(name), writer.rows, `writer ${name}`);
        assert.deepEqual(bareReader.pragma(name), reader.rows, `reader ${name}`);
      }
      // Not SQLite's nor better-sqlite3's defaults: a page cache of 2 MiB, temporary files in memory.
      assert.deepEqual(bareWriter.pragma('cache_size'), [{ cache_size: -2000 }]);
      assert.deepEqual(bareWriter.pragma('temp_store'), [{ temp_store: 2 }]);
    } finally {
      bareReader.close();
      bareWriter.close();
      await handle.close();
    }
  });
});
