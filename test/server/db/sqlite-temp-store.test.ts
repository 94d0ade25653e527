/**
 * SQLite keeps its temporary tables in memory on both connections (server/db/connect.ts): RETURNING
 * gathers its rows in one before the first is read, and with temp_store DEFAULT each such
 * statement opened a temporary file — a payment's UPDATE … RETURNING cost 66 µs instead of 27.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../../../server/db/connect.ts';

describe('SQLite temporary storage', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'oc-temp-store-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is memory (2) on the writer and on the reader', async () => {
    const handle = openDatabase({ kind: 'sqlite', file: path.join(dir, 'db.sqlite') });
    try {
      // Inside a Kysely transaction the statement runs on the writer connection.
      const writer = await handle.db.transaction().execute((trx) => sql<{ temp_store: number }>`pragma temp_store`.execute(trx));
      assert.equal(writer.rows[0]?.temp_store, 2, 'the writer keeps temporary tables in memory');
      const reader = await sql<{ temp_store: number }>`pragma temp_store`.execute(handle.db);
      assert.equal(reader.rows[0]?.temp_store, 2, 'the reader keeps temporary tables in memory');
    } finally {
      await handle.close();
    }
  });
});
