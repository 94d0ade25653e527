/**
 * Migration 0027_platform_totals on a database whose daily totals the release before rolled up
 * (0011's `daily_totals`, every platform's payments summed together): the migration starts totals
 * per platform with nothing rolled up, the next summary rolls them up from the payments and counts
 * only the server's platform and the payments recording none, and whatever an instance of the
 * release before still writes into the old tables during a rolling restart changes nothing this
 * release reads. Down drops the new tables and leaves the old ones.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { manualClock } from '../../../server/clock.ts';
import { migrateToLatest, MIGRATION_NAMES } from '../../../server/db/migrations.ts';
import type { Flag } from '../../../server/db/schema.ts';
import { readRollupState } from '../../../server/repository/daily-totals.ts';
import { createKyselyRepository } from '../../../server/repository/kysely-repository.ts';
import { sessionToRow, transactionToRow } from '../../../server/repository/rows.ts';
import type { TransactionSummary } from '../../../server/repository/types.ts';
import type { PaymentState } from '../../../shared/status.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';
import { useUnmigratedDatabase } from '../../support/test-repository.ts';

const MIGRATION = '0027_platform_totals';
const BEFORE = MIGRATION_NAMES[MIGRATION_NAMES.indexOf(MIGRATION) - 1]!;
const WINDOW = { from: '2026-05-01T00:00:00.000Z', to: '2026-05-05T00:00:00.000Z' };

/** reference, livemode as recorded, created at, state, captured amount, flagged. */
const PAYMENTS: Array<[string, Flag | null, string, PaymentState, number, boolean]> = [
  ['TEST-1', 0, '2026-05-01T10:00:00.000Z', 'captured', 1000, false],
  ['LIVE-1', 1, '2026-05-01T11:00:00.000Z', 'captured', 2000, false],
  ['OLD-1', null, '2026-05-01T12:00:00.000Z', 'captured', 300, false],
  ['TEST-2', 0, '2026-05-02T09:00:00.000Z', 'pending', 0, true],
  ['LIVE-2', 1, '2026-05-02T10:00:00.000Z', 'authorized', 0, true],
  ['OLD-2', null, '2026-05-02T11:00:00.000Z', 'captured', 400, false],
];

/** Per day, the EUR captured and the payments counted, and the flagged count: what the dashboard shows. */
function figures(summary: TransactionSummary) {
  const days: Record<string, { captured: number; payments: number }> = {};
  for (const g of summary.groups) {
    const day = (days[g.day] ??= { captured: 0, payments: 0 });
    day.captured += g.capturedAmount;
    day.payments += g.count;
  }
  return { days, needsAttention: summary.needsAttention };
}

for (const kind of DATABASE_KINDS) {
  describe(`daily totals per platform, migration 0027 on ${kind}`, () => {
    const opened = useUnmigratedDatabase(kind);

    it('replaces totals rolled up without a platform: the next summary counts only its own platform', async () => {
      const { handle } = opened;
      const db = handle.db as Kysely<any>;
      await migrateToLatest(db, { upTo: BEFORE });

      const session = sessionRecord({ createdAt: '2026-05-01T09:00:00.000Z' });
      await handle.db.insertInto('checkout_sessions').values(sessionToRow(session)).execute();
      for (const [reference, livemode, createdAt, state, captured, flagged] of PAYMENTS) {
        const record = transactionRecord(session.id, {
          reference,
          amount: Math.max(captured, 100),
          state,
          capturedAmount: captured,
          needsAttention: flagged,
          createdAt,
          updatedAt: createdAt,
        });
        await handle.db
          .insertInto('transactions')
          .values(transactionToRow(record, livemode ?? undefined))
          .execute();
      }
      // The release before rolled the two days up, every platform together (its roll-up's GROUP BY).
      await sql`insert into daily_totals (day, currency, state, count, captured_count, captured_amount, refunded_amount, attention)
        select substr(created_at, 1, 10), currency, state, count(*), sum(case when captured_amount > 0 then 1 else 0 end),
          sum(captured_amount), sum(refunded_amount), sum(needs_attention)
        from transactions group by substr(created_at, 1, 10), currency, state`.execute(db);
      await sql`insert into daily_totals_attention (currency, count) select currency, sum(needs_attention) from transactions group by currency`.execute(
        db,
      );
      await sql`update daily_totals_rollup set version = 7, rolled_from = '', rolled_until = '2026-05-03', watermark = '2026-05-02T11:00:00.000Z' where id = 1`.execute(
        db,
      );
      const oldTotals = await sql`select * from daily_totals order by day, currency, state`.execute(db);
      assert.equal(oldTotals.rows.length, 4);

      assert.deepEqual(await migrateToLatest(db, { upTo: MIGRATION }), [MIGRATION]);
      const state = await readRollupState(handle.db);
      assert.deepEqual(
        { version: state.version, rolledFrom: state.rolledFrom, rolledUntil: state.rolledUntil, watermark: state.watermark },
        { version: 0, rolledFrom: null, rolledUntil: null, watermark: null },
        'nothing rolled up yet: the next summary sums the payments',
      );
      assert.deepEqual(
        (await sql`select * from daily_totals order by day, currency, state`.execute(db)).rows,
        oldTotals.rows,
        'the old totals are left to the instances of the release before',
      );

      // A payment past midnight after the last one: the 1st and 2nd are closed days, rolled up.
      const late = transactionRecord(session.id, {
        reference: 'LIVE-3',
        state: 'captured',
        amount: 50,
        capturedAmount: 50,
        createdAt: '2026-05-04T01:00:00.000Z',
        updatedAt: '2026-05-04T01:00:00.000Z',
      });
      await handle.db.insertInto('transactions').values(transactionToRow(late, 1)).execute();

      const clock = manualClock(new Date('2026-05-04T02:00:00.000Z'));
      const production = createKyselyRepository(handle, { clock, livemode: true });
      const test = createKyselyRepository(handle, { clock, livemode: false });
      const live = figures(await production.summarizeTransactions(WINDOW));
      const rolled = await readRollupState(handle.db);
      assert.equal(rolled.rolledUntil, '2026-05-04', `the closed days are rolled up again: ${JSON.stringify(rolled)}`);
      assert.equal(rolled.rolledFrom, '');
      assert.deepEqual(live, {
        days: {
          '2026-05-01': { captured: 2300, payments: 2 },
          '2026-05-02': { captured: 400, payments: 2 },
          '2026-05-04': { captured: 50, payments: 1 },
        },
        needsAttention: 1,
      });
      assert.deepEqual(figures(await test.summarizeTransactions(WINDOW)), {
        days: {
          '2026-05-01': { captured: 1300, payments: 2 },
          '2026-05-02': { captured: 400, payments: 2 },
        },
        needsAttention: 1,
      });
      const kept = await sql<{ livemode: number }>`select distinct livemode from platform_daily_totals order by livemode`.execute(db);
      assert.deepEqual(
        kept.rows.map((row) => Number(row.livemode)),
        [-1, 0, 1],
        'the totals keep each platform, and the payments recording none, apart',
      );

      // An instance of the release before, still running: its roll-up rewrites the old tables only.
      await sql`update daily_totals_rollup set version = version + 1, rolled_until = '2026-05-04'`.execute(db);
      await sql`update daily_totals set captured_amount = captured_amount * 10`.execute(db);
      await sql`update daily_totals_attention set count = count + 5`.execute(db);
      assert.deepEqual(figures(await production.summarizeTransactions(WINDOW)), live, 'what the release before writes is not read');
      assert.equal((await readRollupState(handle.db)).version, rolled.version, 'nor does it move this release’s roll-up');

      await migrateToLatest(db, { upTo: BEFORE });
      const left = await sql<{ n: number | string }>`select count(*) as n from daily_totals`.execute(db);
      assert.equal(Number(left.rows[0]!.n), 4, 'down leaves the old totals');
      await assert.rejects(sql`select 1 from platform_daily_totals`.execute(db), 'down drops the new tables');
    });
  });
}
