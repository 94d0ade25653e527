/**
 * A migration that fails on SQLite leaves nothing of itself, nor of the others of its run, behind
 * (db/migrations.ts migrateToLatest). The run is one SQLite transaction, and Kysely's Migrator
 * reports a failure as a result rather than a throw: committed as it was, the transaction kept the
 * statements before the failure (0006's first ALTER TABLEs), and the next start failed on them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { openDatabase } from '../../../server/db/connect.ts';
import { migrateToLatest, migrationStatus } from '../../../server/db/migrations.ts';

describe('a failed SQLite migration', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'oc-migration-rollback-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a migration that fails leaves nothing of itself committed', async () => {
    const file = path.join(dir, 'migrate.sqlite');
    let handle = openDatabase({ kind: 'sqlite', file });
    await migrateToLatest(handle.db, { upTo: '0005_session_claims' });
    await handle.close();
    // Makes 0006's last statement fail (stands for any statement failing mid-migration: a
    // constraint over existing rows, a full disk on one statement).
    const raw = new SqliteDatabase(file);
    raw.exec('create index checkout_sessions_created on checkout_sessions (created_at)');
    raw.close();
    const feedbackColumns = () => {
      const db = new SqliteDatabase(file, { readonly: true });
      try {
        return (db.prepare('select name from pragma_table_info(?)').all('feedback_log') as Array<{ name: string }>).map((r) => r.name);
      } finally {
        db.close();
      }
    };
    const columnsBefore = feedbackColumns();

    handle = openDatabase({ kind: 'sqlite', file });
    await assert.rejects(migrateToLatest(handle.db), /0006_bounded_feedback_log failed/);
    const status = await migrationStatus(handle.db);
    await handle.close();

    assert.deepEqual(feedbackColumns(), columnsBefore, 'the failed migration 0006 left its first ALTER TABLEs committed');
    assert.equal(status.applied.at(-1), '0005_session_claims', 'no migration of the failed run is recorded');

    // Once the obstacle is gone, the next start applies the whole run.
    const fix = new SqliteDatabase(file);
    fix.exec('drop index checkout_sessions_created');
    fix.close();
    handle = openDatabase({ kind: 'sqlite', file });
    try {
      const applied = await migrateToLatest(handle.db);
      assert.equal(applied[0], '0006_bounded_feedback_log');
      assert.deepEqual((await migrationStatus(handle.db)).pending, []);
      assert.ok(feedbackColumns().includes('params_hash'));
    } finally {
      await handle.close();
    }
  });
});
