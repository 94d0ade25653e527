/**
 * The retention pass deletes delivered webhook events a batch of 100 at a time (issue 17,
 * EVENT_RETENTION_DAYS). On SQLite, which runs no ANALYZE, the planner read the batch's DELETE
 * through webhook_events_due (status = 'delivered') and checked every delivered event against the
 * batch's list: a scan of the table per batch, so the first pass over two years of events took
 * 1,731 s at 1,000,000 payments. The DELETE now finds its rows by the primary key; this reads the
 * plan of the very statement the repository sends, on a database as the server leaves it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import SqliteDatabase from 'better-sqlite3';
import type { CompiledQuery, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, UnknownRow } from 'kysely';
import { manualClock } from '../../../server/clock.ts';
import { openDatabase, type DatabaseHandle } from '../../../server/db/connect.ts';
import { migrateToLatest } from '../../../server/db/migrations.ts';
import { createKyselyRepository } from '../../../server/repository/kysely-repository.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const LONG_AGO = '2026-01-01T00:00:00.000Z';

/** Keeps the SQL of every query the repository sends. */
class Capture implements KyselyPlugin {
  readonly queries: CompiledQuery[] = [];
  constructor(
    private readonly compile: (node: PluginTransformQueryArgs['node'], queryId: PluginTransformQueryArgs['queryId']) => CompiledQuery,
  ) {}
  transformQuery(args: PluginTransformQueryArgs) {
    this.queries.push(this.compile(args.node, args.queryId));
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

describe('the retention pass deleting delivered events on sqlite', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  before(async () => {
    database = await createTestDatabase('sqlite');
    handle = openDatabase(database.options);
    await migrateToLatest(handle.db);
    // More delivered events than a batch: the batch's list has its full 100 names.
    const events = Array.from({ length: 150 }, (_, i) => ({
      id: `evt_${String(i).padStart(26, '0')}`,
      type: 'payment.captured',
      reference: `OC${i}`,
      data_json: '{}',
      created_at: LONG_AGO,
      status: 'delivered' as const,
      attempts: 1,
      next_attempt_at: LONG_AGO,
      delivered_at: LONG_AGO,
      last_error: null,
    }));
    await handle.db.insertInto('webhook_events').values(events).execute();
  });
  after(async () => {
    await handle?.close();
    await database?.drop();
  });

  it('finds each batch by the primary key, not by the delivered status', async () => {
    const executor = handle.db.getExecutor();
    const capture = new Capture((node, queryId) => executor.compileQuery(node, queryId));
    const repository = createKyselyRepository({ ...handle, db: handle.db.withPlugin(capture) }, { clock: manualClock(NOW) });
    const pruned = await repository.pruneHistory({ eventsDeliveredBefore: NOW.toISOString(), feedbackBefore: LONG_AGO });
    assert.equal(pruned.events, 150, 'every delivered event deleted');

    const deletes = capture.queries.filter((query) => /^delete from "webhook_events"/i.test(query.sql));
    assert.ok(deletes.length >= 2, 'one DELETE per batch');
    const connection = new SqliteDatabase(database.options.kind === 'sqlite' ? database.options.file : '', { readonly: true });
    try {
      for (const query of deletes) {
        const plan = (
          connection.prepare(`explain query plan ${query.sql}`).all(...(query.parameters as unknown[])) as Array<{ detail: string }>
        )
          .map((row) => row.detail)
          .filter((detail) => /webhook_events /.test(detail));
        assert.deepEqual(
          plan.map((detail) => /USING (?:COVERING )?INDEX (\w+)/.exec(detail)?.[1] ?? detail),
          ['sqlite_autoindex_webhook_events_1'],
          `${query.sql}\n→ ${plan.join('; ')}`,
        );
      }
    } finally {
      connection.close();
    }
  });
});
