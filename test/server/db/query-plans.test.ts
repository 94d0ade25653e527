/**
 * Hot queries read through an index, never a full scan of the table (issue 17), on SQLite and
 * PostgreSQL: each query is compiled exactly as the repository runs it, then explained over a
 * database seeded with a few thousand rows and ANALYZEd, so each planner chooses with real
 * statistics (PostgreSQL's `enable_seqscan=off` would prove nothing).
 *
 * One block per owner: add a block for other queries rather than changing this one.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../../server/db/connect.ts';
import { systemClock } from '../../../server/clock.ts';
import { createKyselyRepository } from '../../../server/repository/kysely-repository.ts';
import type { Database } from '../../../server/db/schema.ts';
import { transactionRowsQuery } from '../../../server/repository/transaction-query.ts';
import { flaggedQuery, transactionSummaryQueries } from '../../../server/repository/transaction-summary.ts';
import { paymentGroupsQuery, readRollupState, rollUpDailyTotals, rollupGroupsQuery } from '../../../server/repository/daily-totals.ts';
import { UNRESOLVED_DUE_STATUSES } from '../../../server/db/daily-totals-migration.ts';
import { UNRESOLVED_STATUSES } from '../../../shared/status.ts';
import { manualClock } from '../../../server/clock.ts';
import type { KyselyPlugin } from 'kysely';
import type { Repository } from '../../../server/repository/types.ts';
import type { PaymentState } from '../../../shared/status.ts';
import type { Insertable } from 'kysely';
import { createTestDatabase, DATABASE_KINDS, openTestRepository, type DatabaseKind, type TestDatabase } from '../../support/databases.ts';
import { sessionToRow, transactionToRow } from '../../../server/repository/rows.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const ROWS = 4000;
const at = (ms: number) => new Date(ms).toISOString();
const DAY_MS = 24 * 3600_000;
/** The newest payment; the others spread back over two years. */
const NEWEST = Date.parse('2026-11-30T12:00:00.000Z');
const STATE_MIX: PaymentState[] = [
  'captured',
  'captured',
  'captured',
  'captured',
  'captured',
  'captured',
  'authorized',
  'refunded',
  'draft',
  'declined',
  'expired',
  'cancelled',
];

/** Payments and their events: a realistic mix, in batches; ANALYZEd when `analyze`. */
async function seed(handle: DatabaseHandle, analyze: boolean): Promise<void> {
  const db = handle.db;
  const at = new Date(NEWEST).toISOString();
  await db
    .insertInto('checkout_sessions')
    .values({
      id: 'cs_plans',
      button_id: null,
      amount: 1999,
      currency: 'EUR',
      merchant_reference: null,
      description: null,
      customer_id: null,
      customer_json: null,
      locale: null,
      save_card: 'never',
      success_url: null,
      failure_url: null,
      metadata_json: null,
      quantity: 1,
      status: 'open',
      paid_reference: null,
      expires_at: at,
      created_at: at,
    })
    .execute();
  const transactions: Array<Insertable<Database['transactions']>> = [];
  const events: Array<Insertable<Database['webhook_events']>> = [];
  for (let i = 0; i < ROWS; i++) {
    const createdAt = new Date(NEWEST - Math.floor((i * 730 * DAY_MS) / ROWS)).toISOString();
    const reference = `PLAN${String(i).padStart(6, '0')}`;
    const state = STATE_MIX[i % STATE_MIX.length]!;
    const last4 = String((i * 37) % 10_000).padStart(4, '0');
    transactions.push({
      reference,
      session_id: 'cs_plans',
      amount: 1000 + i,
      currency: i % 5 === 0 ? 'USD' : 'EUR',
      captured_amount: state === 'captured' || state === 'refunded' ? 1000 + i : 0,
      refunded_amount: state === 'refunded' ? 1000 + i : 0,
      state,
      last_status: null,
      payid: null,
      pm: 'CreditCard',
      brand: 'VISA',
      card_number: state === 'draft' ? null : `XXXXXXXXXXXX${last4}`,
      expiry: '1230',
      card_holder: null,
      nc_error: null,
      trx_date: null,
      amount_mismatch: 0,
      alias_request: null,
      customer_id: `cust-${i % 400}`,
      operation: 'SAL',
      locale: null,
      created_at: createdAt,
      updated_at: createdAt,
      needs_attention: i % 997 === 0 ? 1 : 0,
      merchant_reference: `ORDER-${i}`,
      customer_email: `shopper${i % 400}@example.com`,
      card_last4: state === 'draft' ? null : last4,
    });
    events.push({
      id: `evt_plan_${String(i).padStart(6, '0')}`,
      type: 'payment.captured',
      reference,
      data_json: '{}',
      created_at: createdAt,
      status: i % 301 === 0 ? 'failed' : 'delivered',
      attempts: 1,
      next_attempt_at: createdAt,
      delivered_at: createdAt,
      last_error: null,
    });
  }
  for (let i = 0; i < ROWS; i += 400) {
    await db
      .insertInto('transactions')
      .values(transactions.slice(i, i + 400))
      .execute();
    await db
      .insertInto('webhook_events')
      .values(events.slice(i, i + 400))
      .execute();
  }
  if (analyze) await sql`analyze`.execute(db);
}

/** The plan of a compiled query, one line per node (SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN). */
async function planOf(handle: DatabaseHandle, query: CompiledQuery): Promise<string> {
  const prefix = handle.dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
  const result = await handle.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(prefix + query.sql, [...query.parameters]));
  return result.rows.map((row) => String(row.detail ?? row['QUERY PLAN'])).join('\n');
}

/** No node reads a whole table without an index. */
/** The repository over `handle`, every query it sends compiled into `sent` (for EXPLAIN). */
function capturingRepository(handle: DatabaseHandle, sent: CompiledQuery[]): Repository {
  const executor = handle.db.getExecutor();
  const capture: KyselyPlugin = {
    transformQuery(args) {
      sent.push(executor.compileQuery(args.node, args.queryId));
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
  return createKyselyRepository({ ...handle, db: handle.db.withPlugin(capture) }, { clock: manualClock(new Date(NEWEST)) });
}

/**
 * The draft selections' database of `kind`: `fill` writes its rows on a first connection, which is
 * then closed, so the connection the tests read through loads the schema and any statistics as a
 * starting server does; every query it sends lands in `sent`.
 */
function useDraftDatabase(kind: DatabaseKind, fill: (db: Kysely<Database>) => Promise<void>) {
  const state = { sent: [] as CompiledQuery[] } as { sent: CompiledQuery[]; handle: DatabaseHandle; repository: Repository };
  let database: TestDatabase | undefined;
  before(async () => {
    database = await createTestDatabase(kind);
    const seeding = await openTestRepository(database);
    await fill(seeding.handle.db);
    await seeding.repository.close();
    state.handle = openDatabase(database.options);
    state.repository = capturingRepository(state.handle, state.sent);
  });
  after(async () => {
    await state.repository?.close();
    await database?.drop();
  });
  return state;
}

/** The draft selections among `sent` (`'draft'` a literal, as in transactions_draft_due's WHERE), each with its plan. */
async function draftSelectionPlans(handle: DatabaseHandle, sent: CompiledQuery[]): Promise<Array<{ query: CompiledQuery; plan: string }>> {
  const drafts = sent.filter((query) => /"state" = 'draft'/.test(query.sql));
  return Promise.all(drafts.map(async (query) => ({ query, plan: await planOf(handle, query) })));
}

function assertIndexed(kind: string, plan: string, what: string): void {
  if (kind === 'sqlite') {
    assert.doesNotMatch(
      plan,
      /\bSCAN (transactions|webhook_events|checkout_sessions)\b(?! USING (COVERING )?INDEX)/,
      `${what}: a full scan\n${plan}`,
    );
    assert.match(plan, /USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY|MULTI-INDEX OR/, `${what}: no index\n${plan}`);
  } else {
    assert.doesNotMatch(plan, /Seq Scan/, `${what}: a sequential scan\n${plan}`);
    assert.match(plan, /Index/, `${what}: no index\n${plan}`);
  }
}

/**
 * SQLite reads statistics only when a connection loads the schema, and nothing in the server runs
 * ANALYZE: its plans are checked without statistics (as deployed) and with them (an operator ran
 * ANALYZE, then the server started). PostgreSQL's autovacuum analyzes on its own.
 */
const RUNS: ReadonlyArray<{ kind: DatabaseKind; analyze: boolean }> = DATABASE_KINDS.flatMap(
  (kind): Array<{ kind: DatabaseKind; analyze: boolean }> =>
    kind === 'sqlite'
      ? [
          { kind, analyze: false },
          { kind, analyze: true },
        ]
      : [{ kind, analyze: true }],
);

for (const { kind, analyze } of RUNS) {
  describe(`query plans on ${kind}${analyze ? ', analyzed' : ', without statistics'}`, { timeout: 120_000 }, () => {
    let database: TestDatabase;
    let repository: Repository;
    let handle: DatabaseHandle;

    before(async () => {
      database = await createTestDatabase(kind);
      const seeding = await openTestRepository(database);
      await seed(seeding.handle, analyze);
      await seeding.repository.close();
      handle = openDatabase(database.options);
      repository = createKyselyRepository(handle, { clock: systemClock });
    });
    after(async () => {
      await repository?.close();
      await database?.drop();
    });

    // ── Merchant API: transaction list, search, cursor, export, dashboard summary (issue 16) ──
    describe('merchant API transaction queries', () => {
      const hidden: PaymentState[] = ['draft', 'expired'];
      /** A page a year back: the cursor of the row created then. */
      const yearBack: [string, string] = [new Date(NEWEST - 365 * DAY_MS).toISOString(), 'PLAN002000'];
      const lists: Array<[what: string, filter: Parameters<typeof transactionRowsQuery>[1], after?: [string, string], index?: RegExp]> = [
        ['the first page', { hiddenStates: hidden }, undefined, /transactions_created/],
        ['a page a year back (row-value cursor)', { hiddenStates: hidden }, yearBack, /transactions_created/],
        ['one state, a year back', { state: 'refunded' }, yearBack],
        ['several states, a year back', { state: ['captured', 'refunded', 'authorized'] }, yearBack],
        ['a date range', { hiddenStates: hidden, createdFrom: '2026-01-01T00:00:00.000Z', createdTo: '2026-01-15T00:00:00.000Z' }],
        ['search: a reference', { q: 'PLAN001234', hiddenStates: hidden }],
        ['search: a customer id, a year back', { q: 'cust-42', hiddenStates: hidden }, yearBack, /transactions_customer\b/],
        ['search: an e-mail', { q: 'Shopper42@Example.com', hiddenStates: hidden }, undefined, /transactions_customer_email/],
        ['search: a card last four', { q: '0370', hiddenStates: hidden }, undefined, /transactions_card_last4/],
        [
          'search: a merchant reference, two states',
          { q: 'ORDER-77', state: ['captured', 'refunded'] },
          undefined,
          /transactions_merchant_reference/,
        ],
      ];
      for (const [what, filter, after, index] of lists) {
        it(`${what}: through an index`, async () => {
          const plan = await planOf(handle, transactionRowsQuery(handle.db, filter, after, 101).compile());
          assertIndexed(kind, plan, what);
          if (index) assert.match(plan, index, `${what}: uses ${index}\n${plan}`);
          if (after && kind === 'postgres' && filter.q === undefined && filter.state === undefined) {
            assert.match(plan, /Index Cond: \(ROW\(created_at, reference\) < ROW\(/, `the cursor is an index bound\n${plan}`);
          }
          if (after && kind === 'sqlite' && index?.source === 'transactions_created') {
            assert.match(plan, /\(created_at,reference\)<\(\?,\?\)/, `the cursor is an index bound\n${plan}`);
          }
        });
      }

      it('several states: the arms merged in their index order, no sort of whole rows (issue 17)', async () => {
        // SQLite merges a compound SELECT's ordered arms as the page needs them (MERGE); an arm
        // wrapped in a limited subquery was read whole and sorted again (USE TEMP B-TREE FOR ORDER BY).
        // PostgreSQL merges its limited arms (Merge Append), not a Sort of every arm's rows.
        const states: PaymentState[] = ['refunded', 'declined', 'draft'];
        for (const [filter, after] of [
          [{ state: states, createdFrom: at(NEWEST - 30 * DAY_MS) }, undefined],
          [{ state: states }, yearBack],
        ] as const) {
          const plan = await planOf(handle, transactionRowsQuery(handle.db, filter, after, 51).compile());
          assertIndexed(kind, plan, 'several states');
          if (kind === 'sqlite') {
            assert.match(plan, /MERGE \(UNION ALL\)/, plan);
            assert.doesNotMatch(plan, /USE TEMP B-TREE FOR ORDER BY/, plan);
          } else {
            // The merge under the LIMIT (an arm's own few rows may be sorted: a small range's plan).
            assert.match(plan, /^Limit .*\n\s+->\s+Merge Append /, plan);
          }
        }
      });

      it("the dashboard summary's reads: through indexes", async () => {
        const now = NEWEST + DAY_MS;
        const queries = transactionSummaryQueries(handle.db, {
          from: new Date(now - 14 * DAY_MS).toISOString(),
          to: new Date(now).toISOString(),
          platform: 1,
        });
        for (const [what, query] of Object.entries(queries)) assertIndexed(kind, await planOf(handle, query.compile()), `summary ${what}`);
        const eur = transactionSummaryQueries(handle.db, {
          from: new Date(now - 14 * DAY_MS).toISOString(),
          to: new Date(now).toISOString(),
          currency: 'EUR',
          platform: 1,
        });
        assertIndexed(kind, await planOf(handle, eur.groups.compile()), 'summary in one currency');
      });

      it("the dashboard summary's daily totals: each read an index range (issue 17)", async () => {
        // Every closed day rolled up, as a running server holds them (PostgreSQL: with its statistics).
        while (!(await rollUpDailyTotals(handle.db)).complete);
        if (kind === 'postgres') await sql`analyze platform_daily_totals`.execute(handle.db);
        const now = NEWEST + DAY_MS;
        const from = new Date(now - 14 * DAY_MS).toISOString();
        const to = new Date(now).toISOString();
        const rolled = {
          fromDay: from.slice(0, 10),
          toDay: new Date(now - DAY_MS).toISOString().slice(0, 10),
          watermark: at(NEWEST - 60_000),
        };
        const queries = transactionSummaryQueries(
          handle.db,
          { from, to, currency: 'EUR', platform: 1 },
          { ...rolled, dirty: ['2026-11-20'] },
        );
        const checks: Array<[string, CompiledQuery, RegExp?]> = [
          ['the dirty days', queries.dirtyDays!.compile(), /transactions_updated/],
          [
            'the totals of the rolled-up days',
            queries.totals!.compile(),
            /platform_daily_totals_pk|sqlite_autoindex_platform_daily_totals/,
          ],
          ["one day's sums (a dirty day)", paymentGroupsQuery(handle.db, `${rolled.fromDay}T00:00:00.000Z`, to, 'EUR', 1).compile()],
          ["one day's sums per platform (the roll-up)", rollupGroupsQuery(handle.db, `${rolled.fromDay}T00:00:00.000Z`, to).compile()],
          [
            "the flagged payments of the days not rolled up, of the server's platform",
            flaggedQuery(handle.db, from, undefined, undefined, 1).compile(),
            /transactions_needs_attention/,
          ],
          [
            'the newest write (max updated_at)',
            handle.db
              .selectFrom('transactions')
              .select((eb) => eb.fn.max('updated_at').as('m'))
              .compile(),
            /transactions_updated/,
          ],
        ];
        for (const [what, query, index] of checks) {
          const plan = await planOf(handle, query);
          if (what.startsWith('the totals')) assert.match(plan, index!, `${what}\n${plan}`);
          else assertIndexed(kind, plan, what);
          if (index && !what.startsWith('the totals')) assert.match(plan, index, `${what}: uses ${index}\n${plan}`);
        }
        assert.ok((await readRollupState(handle.db)).version >= 0, 'the roll-up state reads');
      });

      it("the reconciler's unresolved selections read transactions_unresolved_due in order on both databases (issue 17)", async () => {
        assert.deepEqual(
          [...UNRESOLVED_DUE_STATUSES],
          [...UNRESOLVED_STATUSES].sort((a, b) => a - b),
          'a new unresolved status needs a migration rebuilding the index',
        );
        const sent: CompiledQuery[] = [];
        const captured = capturingRepository(handle, sent);
        await captured.syncBacklog({
          statuses: UNRESOLVED_STATUSES,
          changedBefore: at(NEWEST - 60_000),
          draftsCreatedBefore: at(NEWEST - 600_000),
          createdAfter: at(NEWEST - 30 * DAY_MS),
          limit: 50,
        });
        // The too-old list too (migration 0015: SQLite walked transactions_created to spare a sort).
        await captured.listTooOldForSync({
          statuses: UNRESOLVED_STATUSES,
          changedBefore: at(NEWEST - 60_000),
          createdBefore: at(NEWEST - 30 * DAY_MS),
          limit: 50,
        });
        const unresolved = sent.filter((query) => /"last_status" in/.test(query.sql));
        assert.equal(unresolved.length, 2, 'the backlog and the too-old list each sent the unresolved selection');
        for (const query of unresolved) {
          const plan = await planOf(handle, query);
          assertIndexed(kind, plan, 'the unresolved selection');
          assert.match(plan, /transactions_unresolved_due/, plan);
          assert.doesNotMatch(plan, kind === 'postgres' ? /Sort/ : /TEMP B-TREE/, `read in order, not sorted\n${plan}`);
        }
      });

      it('the seeded data answers as the plans assume (the queries run)', async () => {
        const page = await repository.listTransactions({ q: '0370', limit: 5 });
        assert.ok(page.items.every((t) => t.cardNumber?.endsWith('0370')));
        const deep = await repository.listTransactions({
          limit: 3,
          hiddenStates: hidden,
          cursor: Buffer.from(JSON.stringify(yearBack)).toString('base64url'),
        });
        assert.ok(deep.items.every((t) => t.createdAt <= yearBack[0]));
        assert.equal(deep.items.length, 3);
      });
    });
  });
}

/**
 * The reconciler's draft selections (issue 17, migration 0017) over a history where drafts pile
 * up flagged for a person: every draft past the maximum age (30 days) is flagged, as the too-old
 * list leaves it, but for a few that just crossed it; a tenth of the younger ones are flagged too.
 * Through transactions_state_created each selection read and dropped those flagged drafts; through
 * the partial transactions_draft_due it reads only what it may return, in created_at order.
 */
for (const { kind, analyze } of RUNS) {
  describe(`the reconciler's draft selections on ${kind}${analyze ? ', analyzed' : ', without statistics'}`, { timeout: 120_000 }, () => {
    const MAX_AGE = at(NEWEST - 30 * DAY_MS);
    const candidates = {
      statuses: UNRESOLVED_STATUSES,
      changedBefore: at(NEWEST - 60_000),
      draftsCreatedBefore: at(NEWEST - 600_000),
    };

    const drafted = useDraftDatabase(kind, async (db) => {
      await db
        .insertInto('checkout_sessions')
        .values(sessionToRow(sessionRecord({ id: 'cs_drafts', createdAt: at(NEWEST - 800 * DAY_MS) })))
        .execute();
      // 3,000 payments over the last 30 days and 6,000 over the two years before, a tenth of them drafts.
      const rows = [];
      for (let i = 0; i < 9000; i++) {
        const created =
          i < 3000
            ? NEWEST - 700_000 - Math.floor((i * 30 * DAY_MS) / 3000)
            : NEWEST - 31 * DAY_MS - Math.floor(((i - 3000) * 700 * DAY_MS) / 6000);
        const draft = i % 10 === 0;
        const old = created < Date.parse(MAX_AGE);
        rows.push(
          transactionToRow(
            transactionRecord('cs_drafts', {
              reference: `DR${String(i).padStart(6, '0')}`,
              state: draft ? 'draft' : 'captured',
              lastStatus: draft ? null : 9,
              needsAttention: draft && (old || i % 100 === 50),
              createdAt: at(created),
              updatedAt: at(created + 1000),
            }),
          ),
        );
      }
      // Three drafts past the maximum age not flagged yet: what the too-old list must return.
      for (const row of rows.filter((r) => r.state === 'draft' && r.created_at < MAX_AGE).slice(0, 3)) row.needs_attention = 0;
      for (let i = 0; i < rows.length; i += 500)
        await db
          .insertInto('transactions')
          .values(rows.slice(i, i + 500))
          .execute();
      if (analyze) await sql`analyze`.execute(db);
    });

    it('the too-old list and the claim (as the backlog sends it) read transactions_draft_due in order', async () => {
      const { handle, repository, sent } = drafted;
      sent.length = 0;
      const tooOld = await repository.listTooOldForSync({ ...candidates, createdBefore: MAX_AGE, limit: 50 });
      assert.equal(tooOld.length, 3, 'the three drafts past the maximum age not yet flagged, and no other');
      // The claim's selection (the claim itself adds FOR UPDATE SKIP LOCKED on PostgreSQL).
      assert.equal((await repository.syncBacklog({ ...candidates, createdAfter: MAX_AGE, limit: 50 })).due, 50);
      const drafts = await draftSelectionPlans(handle, sent);
      assert.equal(drafts.length, 2, "each sent its draft selection, 'draft' a literal as in the index's WHERE");
      for (const { plan } of drafts) {
        assertIndexed(kind, plan, 'the draft selection');
        assert.match(plan, /transactions_draft_due/, `not transactions_state_created, which holds every flagged draft\n${plan}`);
        assert.doesNotMatch(plan, kind === 'postgres' ? /Sort/ : /TEMP B-TREE/, `read in order, not sorted\n${plan}`);
      }
      if (kind === 'postgres') {
        // What the too-old selection really read: its three rows, none dropped by a filter.
        const tooOldQuery = drafts[0]?.query;
        const { rows } = await handle.db.executeQuery<{ 'QUERY PLAN': string }>(
          CompiledQuery.raw(`explain (analyze, costs off, timing off) ${tooOldQuery!.sql}`, [...tooOldQuery!.parameters]),
        );
        const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
        assert.match(plan, /Index Scan using transactions_draft_due .*\(actual rows=3 loops=1\)/, plan);
        assert.doesNotMatch(plan, /Rows Removed by Filter/, plan);
      }
    });
  });
}

/**
 * sqlite_stat1 and sqlite_stat4 for transactions_state_created and transactions_draft_due as
 * ANALYZE writes them at 1,000,000 payments over two years (bench/growth-seed.ts's shape: one in a
 * hundred a draft, those past 30 days flagged), from a table holding just those columns in memory.
 */
function statisticsAtOneMillion(): { stat1: unknown[][]; stat4: unknown[][] } {
  const template = new SqliteDatabase(':memory:');
  try {
    template.exec(`create table transactions (state text, created_at text, needs_attention integer);
      create index transactions_state_created on transactions (state, created_at);
      create index transactions_draft_due on transactions (state, created_at) where state = 'draft' and needs_attention = 0;`);
    const n = 1_000_000;
    const span = 730 * DAY_MS;
    template.exec(`insert into transactions (state, created_at, needs_attention)
      with recursive c(i) as (select 0 union all select i + 1 from c where i < ${n - 1})
      select case when i % 100 = 0 then 'draft' when i % 100 < 69 then 'captured' when i % 100 < 77 then 'authorized'
                  when i % 100 < 85 then 'declined' when i % 100 < 90 then 'cancelled' else 'refunded' end,
             strftime('%Y-%m-%dT%H:%M:%fZ', (${NEWEST - span} + i * ${span / n}) / 1000.0, 'unixepoch'),
             i % 100 = 0 and i < ${Math.floor(n * (1 - 30 / 730))}
      from c`);
    template.exec('analyze');
    return {
      stat1: template.prepare('select tbl, idx, stat from sqlite_stat1').raw().all() as unknown[][],
      stat4: template.prepare('select tbl, idx, neq, nlt, ndlt, sample from sqlite_stat4').raw().all() as unknown[][],
    };
  } finally {
    template.close();
  }
}

/**
 * The claim's draft selection on SQLite with the statistics of 1 M payments (issue 17): both bounds
 * of created_at an index range, sqlite_stat4 counted the young drafts in transactions_state_created
 * as a few rows (they lie between two samples) and SQLite read them, flagged ones too, through it
 * from about 200,000 payments on. A small database is given those statistics (written to
 * sqlite_stat1/sqlite_stat4, then loaded by a new connection), so SQLite plans as at 1 M.
 */
describe("the reconciler's draft selections on sqlite with the statistics of 1 M payments", { timeout: 120_000 }, () => {
  const MAX_AGE = at(NEWEST - 30 * DAY_MS);
  const candidates = { statuses: UNRESOLVED_STATUSES, changedBefore: at(NEWEST - 60_000), draftsCreatedBefore: at(NEWEST - 600_000) };

  const drafted = useDraftDatabase('sqlite', async (db) => {
    await db
      .insertInto('checkout_sessions')
      .values(sessionToRow(sessionRecord({ id: 'cs_drafts_1m', createdAt: at(NEWEST - 800 * DAY_MS) })))
      .execute();
    // 200 drafts over the last 30 days, one in four flagged, and 200 older ones, all flagged.
    const rows = [];
    for (let i = 0; i < 400; i++) {
      const young = i < 200;
      const created = young ? NEWEST - 700_000 - i * 3 * 3600_000 : NEWEST - 31 * DAY_MS - i * DAY_MS;
      rows.push(
        transactionToRow(
          transactionRecord('cs_drafts_1m', {
            reference: `DM${String(i).padStart(6, '0')}`,
            state: 'draft',
            lastStatus: null,
            needsAttention: !young || i % 4 === 0,
            createdAt: at(created),
            updatedAt: at(created + 1000),
          }),
        ),
      );
    }
    await db.insertInto('transactions').values(rows).execute();
    await sql`analyze`.execute(db);
    const { stat1, stat4 } = statisticsAtOneMillion();
    await sql`delete from sqlite_stat1 where idx in ('transactions_state_created', 'transactions_draft_due')`.execute(db);
    await sql`delete from sqlite_stat4 where idx in ('transactions_state_created', 'transactions_draft_due')`.execute(db);
    for (const row of stat1) await sql`insert into sqlite_stat1 (tbl, idx, stat) values (${sql.join(row)})`.execute(db);
    for (const row of stat4) await sql`insert into sqlite_stat4 (tbl, idx, neq, nlt, ndlt, sample) values (${sql.join(row)})`.execute(db);
  });

  it('the claim (as the backlog sends it) and the too-old list read transactions_draft_due', async () => {
    const { handle, repository, sent } = drafted;
    const { rows } = await sql<{ stat: string }>`select stat from sqlite_stat1 where idx = 'transactions_state_created'`.execute(handle.db);
    assert.match(rows[0]!.stat, /^1000000 /, 'the statistics of 1 M payments in place');
    sent.length = 0;
    assert.equal(
      (await repository.syncBacklog({ ...candidates, createdAfter: MAX_AGE, limit: 500 })).due,
      150,
      'the unflagged young drafts',
    );
    assert.deepEqual(await repository.listTooOldForSync({ ...candidates, createdBefore: MAX_AGE, limit: 50 }), []);
    const drafts = await draftSelectionPlans(handle, sent);
    assert.equal(drafts.length, 2);
    for (const { plan } of drafts) {
      assert.match(plan, /transactions_draft_due/, `not transactions_state_created, which holds every flagged draft\n${plan}`);
      assert.doesNotMatch(plan, /TEMP B-TREE/, `read in order, not sorted\n${plan}`);
    }
  });
});
