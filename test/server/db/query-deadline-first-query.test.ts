/**
 * The query deadline's `SET statement_timeout` (server/db/query-deadline.ts) is answered before a
 * connection's first query is sent, not queued ahead of it on the client.
 *
 * Queued behind the SET, that first query made pg print "Calling client.query() when the client
 * is already executing a query is deprecated and will be removed in pg@9.0" — on every new
 * connection's first use, in the promise form (Kysely's) and in the callback form (pg-pool's
 * pool.query, db/compiled-query.ts) alike; with pg@9 those queries would fail. The deadline now
 * holds the user's queries until the SET is answered.
 *
 * Run in a child process with a real PostgreSQL pool: Node prints a deprecation once per process,
 * and this one may have printed it already.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const module = (path: string) => JSON.stringify(new URL(`../../../server/db/${path}`, import.meta.url).href);

interface Seen {
  warnings: string[];
  /** statement_timeout as the first query of the connection made before arming reads it. */
  first: string;
  /** The same, read by pool.query (the callback form) on connections made after arming. */
  shown: string[];
  /** The SQLSTATE of a statement running past the deadline (57014: cancelled by PostgreSQL). */
  code: string | null;
}

async function runInChild(url: string): Promise<{ seen: Seen; stderr: string }> {
  const script = `
    const warnings = [];
    process.on('warning', (warning) => warnings.push(warning.name + ': ' + warning.message));
    const { openDatabase } = await import(${module('connect.ts')});
    const { armQueryDeadline } = await import(${module('query-deadline.ts')});
    const { sql } = await import('kysely');
    const handle = openDatabase({ kind: 'postgres', url: ${JSON.stringify(url)}, poolSize: 4 });
    // A connection made before arming, as start-server.ts arms once the migrations are done.
    await sql\`select 1\`.execute(handle.db);
    armQueryDeadline(handle.pgPool, { timeoutMs: 700 });
    // Kysely: the promise form.
    const first = (await sql\`show statement_timeout\`.execute(handle.db)).rows[0].statement_timeout;
    // pg-pool's pool.query: the callback form, on new connections (several at once).
    const shown = await Promise.all([1, 2, 3].map(() => new Promise((resolve, reject) =>
      handle.pgPool.query('show statement_timeout', (error, result) => (error ? reject(error) : resolve(result.rows[0].statement_timeout))),
    )));
    let code = null;
    try {
      await sql\`select pg_sleep(3)\`.execute(handle.db);
    } catch (error) {
      code = error.code ?? String(error);
    }
    await handle.close();
    // A warning is emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    console.log(JSON.stringify({ warnings, first, shown, code }));`;
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { seen: JSON.parse(stdout) as Seen, stderr };
}

describe('the query deadline and a connection’s first query', { timeout: 60_000 }, () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase('postgres');
  });
  after(async () => {
    await database?.drop();
  });

  it('sends the first query once the SET is answered: no pg warning, the deadline in force', async () => {
    const { seen, stderr } = await runInChild(database.env.DATABASE_URL!);
    assert.deepEqual(seen.warnings, [], `the child was warned: ${seen.warnings.join('; ')}`);
    assert.doesNotMatch(stderr, /already executing a query/);
    assert.equal(seen.first, '700ms', 'the connection made before arming is held to the deadline from its next query');
    assert.deepEqual(seen.shown, ['700ms', '700ms', '700ms'], 'new connections are held to it from their first query');
    assert.equal(seen.code, '57014', 'PostgreSQL cancels a statement past the deadline');
  });
});
