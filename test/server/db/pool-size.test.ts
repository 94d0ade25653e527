/**
 * DATABASE_POOL_SIZE: the connections one instance holds open to PostgreSQL. Requests that each
 * need the database, all held up by a lock, take connections until the pool is full and then wait
 * for one, so an operator can keep instances × pool under PostgreSQL's max_connections
 * (docs/deploy.md §9).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { startServer } from '../../../server/start-server.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { eventually } from '../../support/waiting.ts';

describe('DATABASE_POOL_SIZE', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase('postgres');
  });
  after(async () => {
    await database.drop();
  });

  /** The connections the server holds while 24 requests wait behind a lock on transactions (at least `expected`). */
  async function connectionsUnderLoad(poolSize: string | undefined, expected: number): Promise<number> {
    const server = await startServer({
      env: { OGONE_ENVIRONMENT: 'sandbox', ...database.env, ...(poolSize === undefined ? {} : { DATABASE_POOL_SIZE: poolSize }) },
      port: 0,
      host: '127.0.0.1',
      quiet: true,
    });
    const holder = new pg.Client({ connectionString: database.env.DATABASE_URL });
    // Counted from outside the holder's transaction, which would see one snapshot of pg_stat_activity.
    const counter = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await holder.connect();
    await counter.connect();
    try {
      const holderPid = (await holder.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      await holder.query('begin');
      await holder.query('lock table transactions in access exclusive mode');
      // Each status page reads its payment: the read waits for the lock on a connection of the pool.
      const answers = Promise.all(Array.from({ length: 24 }, (_, i) => fetch(`${server.url}/payment/status/NOPE${i}`)));
      const count = async () => {
        const { rows } = await counter.query<{ n: string }>(
          'select count(*) as n from pg_stat_activity where datname = current_database() and pid not in (pg_backend_pid(), $1)',
          [holderPid],
        );
        return Number(rows[0]!.n);
      };
      await eventually(count, (n) => n >= expected, `${expected} connections taken`);
      // And no more join them a moment later (a pool that ignored the setting would reach 10).
      await new Promise((resolve) => setTimeout(resolve, 300));
      const taken = await count();
      await holder.query('rollback');
      assert.deepEqual([...new Set((await answers).map((answer) => answer.status))], [404], 'every request answered once the lock went');
      return taken;
    } finally {
      await holder.end();
      await counter.end();
      await server.close();
    }
  }

  it('requests held up take DATABASE_POOL_SIZE connections and no more (10 by default)', async () => {
    assert.equal(await connectionsUnderLoad('3', 3), 3);
    assert.equal(await connectionsUnderLoad(undefined, 10), 10);
  });
});
