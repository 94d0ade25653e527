/**
 * What `synchronous = FULL` costs (issue 13, "Durable commits"): the same writes through the group
 * commit driver (server/db/group-commit.ts) with the writer at NORMAL and at FULL, side by side,
 * on a real file in the temp directory's filesystem. One write per commit (a quiet server) and 16
 * concurrent writes sharing a commit (a busy one: the fsync is paid once per batch).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, sql, type Generated } from 'kysely';
import { GroupCommitDialect } from '../server/db/group-commit.ts';

export interface DurabilityFigures {
  /** Writes a second, one per commit. */
  alone: { normal: number; full: number };
  /** Writes a second, 16 sharing each commit. */
  grouped: { normal: number; full: number };
}

async function measure(synchronous: 'NORMAL' | 'FULL', concurrency: number, writes: number): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'oc-bench-durability-'));
  const file = path.join(dir, 'bench.sqlite');
  const writer = new SqliteDatabase(file);
  writer.pragma('journal_mode = WAL');
  writer.pragma(`synchronous = ${synchronous}`);
  const reader = new SqliteDatabase(file);
  const db = new Kysely<{ payments: { id: Generated<number>; body: string } }>({ dialect: new GroupCommitDialect({ writer, reader }) });
  try {
    await sql`create table payments (id integer primary key, body text not null)`.execute(db);
    const body = 'x'.repeat(400); // about a payment row
    const started = performance.now();
    for (let done = 0; done < writes; done += concurrency) {
      await Promise.all(Array.from({ length: concurrency }, () => db.insertInto('payments').values({ body }).execute()));
    }
    return writes / ((performance.now() - started) / 1000);
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runDurabilityBench(writes = 3200): Promise<DurabilityFigures> {
  return {
    alone: { normal: await measure('NORMAL', 1, writes / 4), full: await measure('FULL', 1, writes / 4) },
    grouped: { normal: await measure('NORMAL', 16, writes), full: await measure('FULL', 16, writes) },
  };
}

// `node --import tsx bench/durability.ts` runs just this part.
if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await runDurabilityBench();
  console.log(JSON.stringify(figures, null, 2));
}
