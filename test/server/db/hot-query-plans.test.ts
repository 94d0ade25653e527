/**
 * The queries that run all day in the background or on every dashboard visit (issue 17) read an
 * index range, never a whole table, on both databases: the reconciler's selections (claim,
 * too-old list, backlog), the outbox's claim and its backlog, the events list by type. Each query
 * is taken as the repository really sends it (captured by a Kysely plugin), explained on a
 * database of a few thousand payments and events with a realistic mix (most settled, a few
 * unresolved, flagged, in draft or pending delivery), after ANALYZE — and on SQLite also never
 * analyzed, as the server leaves it (it runs no ANALYZE; PostgreSQL's autovacuum analyzes its
 * tables by itself), so that a plan the statistics alone choose is not taken for the server's.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type {
  CompiledQuery,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { sql, type Selectable } from 'kysely';
import type { WebhookEventTable } from '../../../server/db/schema.ts';
import { manualClock } from '../../../server/clock.ts';
import { openDatabase, type DatabaseHandle } from '../../../server/db/connect.ts';
import { migrateToLatest } from '../../../server/db/migrations.ts';
import { createKyselyRepository } from '../../../server/repository/kysely-repository.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { sessionToRow, transactionToRow } from '../../../server/repository/rows.ts';
import { UNRESOLVED_STATUSES } from '../../../shared/status.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const PAYMENTS = 4000;
const EVENTS = 4000;
const NOW = new Date('2026-06-01T12:00:00.000Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Records every query the repository compiles, in order. */
class Capture implements KyselyPlugin {
  readonly queries: CompiledQuery[] = [];
  constructor(private readonly compile: (node: RootOperationNode, queryId: PluginTransformQueryArgs['queryId']) => CompiledQuery) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.queries.push(this.compile(args.node, args.queryId));
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** A realistic mix: settled payments over 60 days, a few unresolved, flagged, syncNeeded and drafts. */
async function seed(handle: DatabaseHandle, analyzed: boolean): Promise<void> {
  const session = sessionRecord({ createdAt: iso(NOW.getTime() - 60 * DAY) });
  await handle.db.insertInto('checkout_sessions').values(sessionToRow(session)).execute();
  const rows = [];
  for (let i = 0; i < PAYMENTS; i++) {
    const created = NOW.getTime() - Math.floor((i / PAYMENTS) * 60 * DAY) - 60_000;
    const kind = i % 100;
    const unresolved = kind === 1 || kind === 2;
    const record = transactionRecord(session.id, {
      reference: `OC${String(i).padStart(8, '0')}`,
      state: kind === 3 ? 'draft' : unresolved ? 'pending' : kind === 4 ? 'declined' : 'captured',
      lastStatus: kind === 3 ? null : unresolved ? UNRESOLVED_STATUSES[i % UNRESOLVED_STATUSES.length]! : kind === 4 ? 2 : 9,
      capturedAmount: kind >= 5 ? 1999 : 0,
      syncNeeded: kind === 5,
      needsAttention: kind === 2,
      createdAt: iso(created),
      updatedAt: iso(created + 1000),
    });
    rows.push(transactionToRow(record));
  }
  for (let i = 0; i < rows.length; i += 200)
    await handle.db
      .insertInto('transactions')
      .values(rows.slice(i, i + 200))
      .execute();
  const events: Array<Selectable<WebhookEventTable>> = [];
  for (let i = 0; i < EVENTS; i++) {
    const created = NOW.getTime() - Math.floor((i / EVENTS) * 60 * DAY);
    const pending = i % 200 === 0;
    events.push({
      id: `evt_${String(EVENTS - i).padStart(10, '0')}`,
      type: i % 250 === 0 ? 'payment.refunded' : 'payment.captured',
      reference: `OC${String(i % PAYMENTS).padStart(8, '0')}`,
      data_json: '{}',
      created_at: iso(created),
      status: pending ? 'pending' : i % 97 === 0 ? 'failed' : 'delivered',
      attempts: pending ? 0 : 1,
      next_attempt_at: iso(created),
      delivered_at: pending ? null : iso(created),
      last_error: null,
      livemode: 0,
    });
  }
  for (let i = 0; i < events.length; i += 200)
    await handle.db
      .insertInto('webhook_events')
      .values(events.slice(i, i + 200))
      .execute();
  if (analyzed) await sql`analyze`.execute(handle.db);
}

const BIG_TABLES = ['transactions', 'webhook_events'];

/** The plan's lines (SQLite) or nodes (PostgreSQL) that read a whole big table. */
async function fullScans(database: TestDatabase, query: CompiledQuery): Promise<string[]> {
  if (database.options.kind === 'sqlite') {
    const connection = new SqliteDatabase(database.options.file, { readonly: true });
    try {
      const plan = connection.prepare(`explain query plan ${query.sql}`).all(...(query.parameters as unknown[])) as Array<{
        detail: string;
      }>;
      // "SCAN t" reads every row; "SCAN t USING [COVERING] INDEX i" every entry of an index. "SEARCH" is a range.
      // A big table may appear under its alias (`"webhook_events" as "e"`).
      const names = new Set(BIG_TABLES);
      for (const [, table, alias] of query.sql.matchAll(/"(\w+)" as "(\w+)"/g)) if (BIG_TABLES.includes(table!)) names.add(alias!);
      return plan.map((row) => row.detail).filter((detail) => names.has(/^SCAN (\w+)/.exec(detail)?.[1] ?? ''));
    } finally {
      connection.close();
    }
  }
  const client = new pg.Client({ connectionString: database.options.url });
  await client.connect();
  try {
    const { rows } = await client.query(`explain (format json) ${query.sql}`, query.parameters as unknown[]);
    const scans: string[] = [];
    const walk = (node: Record<string, unknown>) => {
      if (node['Node Type'] === 'Seq Scan' && BIG_TABLES.includes(String(node['Relation Name'])))
        scans.push(`Seq Scan on ${String(node['Relation Name'])}`);
      for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
    };
    walk((rows[0] as { 'QUERY PLAN': Array<{ Plan: Record<string, unknown> }> })['QUERY PLAN'][0]!.Plan);
    return scans;
  } finally {
    await client.end();
  }
}

const VARIANTS = DATABASE_KINDS.flatMap((kind) => (kind === 'sqlite' ? [true, false] : [true]).map((analyzed) => ({ kind, analyzed })));

for (const { kind, analyzed } of VARIANTS) {
  describe(`hot query plans on ${kind}${analyzed ? ', after ANALYZE' : ', never analyzed'}`, () => {
    let database: TestDatabase;
    let handle: DatabaseHandle;
    let capture: Capture;
    let repository: Repository;
    before(async () => {
      database = await createTestDatabase(kind);
      handle = openDatabase(database.options);
      await migrateToLatest(handle.db);
      await seed(handle, analyzed);
      const executor = handle.db.getExecutor();
      capture = new Capture((node, queryId) => executor.compileQuery(node, queryId));
      repository = createKyselyRepository({ ...handle, db: handle.db.withPlugin(capture) }, { clock: manualClock(NOW) });
    });
    after(async () => {
      await handle?.close();
      await database?.drop();
    });

    /** Runs `call`, then explains every SELECT (and UPDATE) it sent; returns them with their full scans. */
    async function explained(call: () => Promise<unknown>): Promise<Array<{ sql: string; scans: string[] }>> {
      capture.queries.length = 0;
      await call();
      const sent = capture.queries.filter((query) => /^\s*(select|update|with)/i.test(query.sql));
      assert.ok(sent.length > 0, 'the call sent queries');
      return Promise.all(sent.map(async (query) => ({ sql: query.sql, scans: await fullScans(database, query) })));
    }

    const criteria = {
      statuses: UNRESOLVED_STATUSES,
      changedBefore: iso(NOW.getTime() - 60_000),
      draftsCreatedBefore: iso(NOW.getTime() - 600_000),
    };

    const cases: Array<[string, (r: Repository) => Promise<unknown>]> = [
      [
        'the reconciler claim',
        (r) => r.claimForSync({ ...criteria, createdAfter: iso(NOW.getTime() - 30 * DAY), limit: 50, leaseMs: 30_000 }),
      ],
      ['the reconciler too-old list', (r) => r.listTooOldForSync({ ...criteria, createdBefore: iso(NOW.getTime() - 30 * DAY), limit: 50 })],
      ['the reconciler backlog (metrics)', (r) => r.syncBacklog({ ...criteria, createdAfter: iso(NOW.getTime() - 30 * DAY), limit: 1000 })],
      ['the outbox claim', (r) => r.claimDueEvents({ limit: 20, leaseMs: 30_000 })],
      ['the outbox backlog (metrics)', (r) => r.outboxBacklog()],
      ['events of a rare type, newest first', (r) => r.listEvents({ type: 'payment.refunded', limit: 20 })],
      ['events of a payment', (r) => r.listEvents({ reference: 'OC00000010', limit: 20 })],
    ];
    for (const [name, call] of cases) {
      it(`${name} reads no table whole`, async () => {
        const queries = await explained(() => call(repository));
        for (const query of queries) assert.deepEqual(query.scans, [], `${query.sql}\n→ ${query.scans.join('; ')}`);
      });
    }

    it('the reconciler claim finds the due payments of every reason through those ranges', async () => {
      const claimed = await repository.claimForSync({
        ...criteria,
        createdAfter: iso(NOW.getTime() - 30 * DAY),
        limit: 1000,
        leaseMs: 30_000,
      });
      const rows = await handle.db
        .selectFrom('transactions')
        .select(['reference', 'state', 'sync_needed', 'last_status'])
        .where('reference', 'in', claimed)
        .execute();
      assert.ok(
        rows.some((row) => row.state === 'draft'),
        'drafts',
      );
      assert.ok(
        rows.some((row) => Number(row.sync_needed) === 1),
        'syncNeeded',
      );
      assert.ok(
        rows.some((row) => row.last_status !== null && UNRESOLVED_STATUSES.includes(Number(row.last_status))),
        'unresolved',
      );
      assert.equal(new Set(claimed).size, claimed.length, 'each payment once');
      assert.deepEqual(
        await repository.claimForSync({ ...criteria, createdAfter: iso(NOW.getTime() - 30 * DAY), limit: 1000, leaseMs: 30_000 }),
        [],
        'leased: not claimed again',
      );
    });
  });
}
