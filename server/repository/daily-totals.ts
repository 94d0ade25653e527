/**
 * Daily totals for the dashboard's summary (issue 17, migrations 0011 and 0027): a GROUP BY over a
 * window's payments grows with the data — at a million payments a 14-day window is ~20,000 rows —
 * so closed days are summed once into `platform_daily_totals`, and the summary
 * (transaction-summary.ts) adds them to a live GROUP BY over the days that are not rolled up
 * (today, and any day a payment of which changed since its roll-up). The answer is always exact,
 * never stale:
 *
 * - Every write that changes what the summary sums (state, amounts) goes through
 *   mutate-transaction.ts, which sets updated_at to the time of the write; a new payment's
 *   updated_at is its creation. `transactions_updated` (updated_at) finds the payments changed
 *   after a time as one index range. A payment's platform (`livemode`) is written with it and
 *   never changed.
 * - The totals are kept per platform, as the payments record it (`livemode`: 1, 0, or -1 for
 *   NULL, made before migration 0023; migration 0027 says why NULL is not resolved when summed):
 *   a roll-up sums every platform's payments whichever instance runs it, and the summary takes
 *   the rows of the server's platform and the -1 rows, as its live reads take the payments of
 *   the server's platform and those recording none (`ofPlatform`).
 * - A roll-up sets the watermark W to the newest updated_at it sees minus ROLLUP_MARGIN_MS, and
 *   sums days from reads made after that: a write stamped at or before W committed before those
 *   reads, unless it took longer than the margin between reading the clock (after its row lock,
 *   mutate-transaction.ts) and its COMMIT, or the instances' clocks differ by more. A write
 *   stamped after W makes its day "dirty": the summary reads it live until the next roll-up
 *   sums it again.
 * - A day is closed (may be rolled up) once W is past it, so a payment created just before
 *   midnight and committed just after is in its day's total, or its day is still live.
 * - Roll-ups never run on the hot paths: the summary runs one when its state is stale (a day
 *   closed, W far behind the newest write, or days not rolled up yet after the upgrade), and
 *   `rollUpDailyTotals` can run as a background pass. Each reads on its own, then writes in one
 *   transaction that first moves the version it read to the next (compare and set): of two
 *   roll-ups that read the same state — two instances, two requests — one writes, the other
 *   changes nothing. The totals it writes replace those days' rows whole, so it is idempotent.
 * - Nothing here is written by a payment: a trigger or a per-day counter would be a row every
 *   payment of the day updates, which serialises them on PostgreSQL.
 *
 * Timestamps are read and compared as ISO 8601 UTC text (`YYYY-MM-DDTHH:MM:SS.sssZ`): the first
 * ten characters are the UTC day, and text order is time order. PostgreSQL stores them as
 * timestamptz (migration 0029): there the day is taken in SQL with `at time zone 'UTC'` (utcDay).
 */
import { PostgresAdapter, sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database, Flag } from '../db/schema.ts';
import { ofPlatform } from './own-platform.ts';

/** How long a write may take between stamping updated_at and its COMMIT, clock differences included. */
export const ROLLUP_MARGIN_MS = 120_000;
/** The summary rolls up when W is further than this behind the newest write (bounds the dirty read). */
const WATERMARK_LAG_MS = 2 * ROLLUP_MARGIN_MS;
/** Days summed by one roll-up at most (the first ones after an upgrade catch up, newest first). */
export const ROLLUP_MAX_DAYS = 92;
const DAY_MS = 86_400_000;

export interface DailyTotalsTable {
  day: string;
  currency: string;
  state: string;
  /** The payments' livemode, LIVEMODE_NOT_RECORDED for NULL. */
  livemode: number;
  count: number | string;
  captured_count: number | string;
  captured_amount: number | string;
  refunded_amount: number | string;
  /** Flagged needsAttention. */
  attention: number | string;
}

/** Per currency and livemode (as DailyTotalsTable's), the flagged payments of all rolled-up days. */
export interface DailyTotalsAttentionTable {
  currency: string;
  livemode: number;
  count: number | string;
}

export interface DailyTotalsRollupTable {
  id: number;
  version: number | string;
  /** First rolled-up day; '' once every earlier day is rolled up too; null before the first roll-up. */
  rolled_from: string | null;
  /** Days before this one (exclusive) are rolled up. */
  rolled_until: string | null;
  watermark: string | null;
}

// A type, not an interface: withTables wants an index signature. Migration 0027's tables: 0011's
// (`daily_totals`…, without a platform) are left to the instances of earlier releases.
type TotalsTables = {
  platform_daily_totals: DailyTotalsTable;
  platform_daily_totals_rollup: DailyTotalsRollupTable;
  platform_daily_totals_attention: DailyTotalsAttentionTable;
};

export type TotalsDatabase = Database & TotalsTables;

export const withTotals = (db: Kysely<Database>): Kysely<TotalsDatabase> => db.withTables<TotalsTables>();

/** The first instant of a day; '' (before every timestamp) for ''. */
export const dayStart = (day: string) => (day === '' ? '' : `${day}T00:00:00.000Z`);
export const addDays = (day: string, days: number) => new Date(Date.parse(dayStart(day)) + days * DAY_MS).toISOString().slice(0, 10);
const minText = (a: string, b: string) => (a < b ? a : b);
const maxText = (a: string, b: string) => (a > b ? a : b);

/**
 * A payment's UTC day, `YYYY-MM-DD`. Literal, not a parameter, so PostgreSQL sees the grouped
 * expression and the selected one as the same. On PostgreSQL `created_at` is a `timestamptz`
 * (migration 0029; text before it, which the cast reads too: the totals' migrations run before
 * it), on SQLite ISO-8601 text.
 */
const utcDay = (db: Kysely<Database>) =>
  db.getExecutor().adapter instanceof PostgresAdapter
    ? sql<string>`to_char(created_at::timestamptz at time zone 'UTC', 'YYYY-MM-DD')`
    : sql<string>`substr(created_at, 1, 10)`;

/** The totals' livemode of the payments that record none (made before migration 0023). */
export const LIVEMODE_NOT_RECORDED = -1;
/** A payment's livemode as the totals key it: a literal too, for the same reason as utcDay. */
const LIVEMODE_KEY = sql<number>`coalesce(livemode, ${sql.lit(LIVEMODE_NOT_RECORDED)})`;

/**
 * The totals' rows the summary of a server on `platform` adds up: its own payments' and those of
 * the payments that record no platform, as own-platform.ts `ofPlatform` filters the payments.
 */
export const totalsOfPlatform = (platform: Flag) => [platform, LIVEMODE_NOT_RECORDED];

function paymentSums(db: Kysely<Database>, from: string, to: string) {
  return db
    .selectFrom('transactions')
    .select((eb) => [
      utcDay(db).as('day'),
      'currency',
      'state',
      eb.fn.countAll<number | string>().as('count'),
      eb.fn.sum<number | string | null>('captured_amount').as('captured_amount'),
      eb.fn.sum<number | string | null>('refunded_amount').as('refunded_amount'),
      eb.fn.sum<number | string | null>(eb.case().when('captured_amount', '>', 0).then(1).else(0).end()).as('captured_count'),
      eb.fn.sum<number | string | null>('needs_attention').as('attention'),
    ])
    .where('created_at', '>=', from)
    .where('created_at', '<', to);
}

/**
 * Per UTC day, currency and state, the payments created in [from, to) (of `platform`'s server
 * only, when given: ofPlatform): what the summary sums.
 */
export function paymentGroupsQuery(db: Kysely<Database>, from: string, to: string, currency?: string, platform?: Flag) {
  return paymentSums(db, from, to)
    .$if(currency !== undefined, (q) => q.where('currency', '=', currency!))
    .$if(platform !== undefined, (q) => q.where(ofPlatform(platform!)))
    .groupBy([utcDay(db), 'currency', 'state']);
}

/** As paymentGroupsQuery, every platform's payments, per platform too: what a roll-up stores. */
export function rollupGroupsQuery(db: Kysely<Database>, from: string, to: string) {
  return paymentSums(db, from, to)
    .select(LIVEMODE_KEY.as('livemode'))
    .groupBy([utcDay(db), 'currency', 'state', LIVEMODE_KEY]);
}

/**
 * The days (of payments created in [from, to)) that a payment changed after `watermark` was in.
 * Only updated_at is a condition: the index range then has one reading, transactions_updated; a
 * created_at range let SQLite read the window through transactions_created.
 * The few days found are kept to [from, to) here.
 */
export async function dirtyDays(db: Kysely<Database>, watermark: string, from: string, to: string): Promise<string[]> {
  const rows = await dirtyDaysQuery(db, watermark).execute();
  return rows.map((row) => row.day).filter((day) => dayStart(day) >= from && dayStart(day) < to);
}

export function dirtyDaysQuery(db: Kysely<Database>, watermark: string) {
  return db.selectFrom('transactions').select(utcDay(db).as('day')).distinct().where('updated_at', '>', watermark);
}

export interface RollupState {
  version: number;
  rolledFrom: string | null;
  rolledUntil: string | null;
  watermark: string | null;
  /** The newest updated_at of any payment (null: no payments). */
  newest: string | null;
}

/** The roll-up's row and the newest write, in one round trip (max(updated_at) is one index probe). */
export async function readRollupState(db: Kysely<Database>): Promise<RollupState> {
  const row = await withTotals(db)
    .selectFrom('platform_daily_totals_rollup')
    .select((eb) => [
      'version',
      'rolled_from',
      'rolled_until',
      'watermark',
      eb
        .selectFrom('transactions')
        .select((e) => e.fn.max('updated_at').as('m'))
        .as('newest'),
    ])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return {
    version: Number(row.version),
    rolledFrom: row.rolled_from,
    rolledUntil: row.rolled_until,
    watermark: row.watermark,
    newest: (row.newest as string | null) ?? null,
  };
}

const watermarkFor = (state: RollupState): string | null => {
  if (state.newest === null) return state.watermark;
  const candidate = new Date(Date.parse(state.newest) - ROLLUP_MARGIN_MS).toISOString();
  // Never backwards: a write stamped by a slower clock may lower max(updated_at).
  return state.watermark === null ? candidate : maxText(state.watermark, candidate);
};

/** Whether a summary should roll up first (see the module's comment). */
export function rollUpDue(state: RollupState): boolean {
  if (state.newest === null) return false;
  if (state.rolledUntil === null || state.watermark === null) return true;
  const target = watermarkFor(state)!;
  if (state.rolledUntil < target.slice(0, 10)) return true;
  if (Date.parse(state.newest) - Date.parse(state.watermark) > WATERMARK_LAG_MS) return true;
  // History not all rolled up yet (after the upgrade): the flagged count reads it live, whatever the window.
  return state.rolledFrom !== '';
}

export interface RollUpResult {
  /** Days whose totals were written. */
  days: number;
  /** Every closed day is rolled up. */
  complete: boolean;
  /** Another roll-up wrote first (nothing written by this one). */
  lost: boolean;
}

class LostRace extends Error {}

interface TotalsRow {
  day: string;
  currency: string;
  state: string;
  livemode: number;
  count: number;
  captured_count: number;
  captured_amount: number;
  refunded_amount: number;
  attention: number;
}

async function sums(db: Kysely<Database>, fromDay: string, toDay: string): Promise<TotalsRow[]> {
  const rows = await rollupGroupsQuery(db, dayStart(fromDay), dayStart(toDay)).execute();
  return rows.map((row) => ({
    day: row.day,
    currency: row.currency,
    state: row.state,
    livemode: Number(row.livemode),
    count: Number(row.count),
    captured_count: Number(row.captured_count ?? 0),
    captured_amount: Number(row.captured_amount ?? 0),
    refunded_amount: Number(row.refunded_amount ?? 0),
    attention: Number(row.attention ?? 0),
  }));
}

/**
 * One roll-up: sums the days closed since the last one, the rolled-up days a payment of which
 * changed since (dirty), and up to `maxDays` in all, going back from the oldest rolled-up day
 * until the first payment's. Safe to run anywhere, any number of times, at once.
 */
export async function rollUpDailyTotals(db: Kysely<Database>, options: { maxDays?: number } = {}): Promise<RollUpResult> {
  let budget = options.maxDays ?? ROLLUP_MAX_DAYS;
  const state = await readRollupState(db);
  if (state.newest === null) return { days: 0, complete: true, lost: false };
  const watermark = watermarkFor(state)!;
  const closedUntil = watermark.slice(0, 10);
  let from = state.rolledFrom;
  let until = state.rolledUntil;
  if (from === null || until === null) from = until = closedUntil;
  const spans: Array<[string, string]> = [];
  const rows: TotalsRow[] = [];

  // Dirty days of what was rolled up before: summed again whatever the budget, or W cannot move.
  const dirty =
    state.watermark !== null && state.rolledUntil !== null && state.rolledFrom !== null
      ? await dirtyDays(db, state.watermark, dayStart(state.rolledFrom), dayStart(state.rolledUntil))
      : [];
  for (const day of dirty) rows.push(...(await sums(db, day, addDays(day, 1))));

  // Days closed since, oldest first, so the rolled-up days stay one range.
  if (until < closedUntil && budget > 0) {
    const end = minText(closedUntil, addDays(until, budget));
    spans.push([until, end]);
    budget -= Math.round((Date.parse(dayStart(end)) - Date.parse(dayStart(until))) / DAY_MS);
    until = end;
  }
  // History, newest first, down to the first payment's day.
  if (from !== '' && budget > 0) {
    const oldest = await db
      .selectFrom('transactions')
      .select((eb) => eb.fn.min('created_at').as('m'))
      .executeTakeFirst();
    const firstDay = (oldest?.m as string | null | undefined)?.slice(0, 10) ?? from;
    if (from <= firstDay) from = '';
    else {
      const start = maxText(firstDay, addDays(from, -budget));
      spans.push([start, from]);
      from = start === firstDay ? '' : start;
    }
  }
  for (const [a, b] of spans) rows.push(...(await sums(db, a, b)));

  const totals = withTotals(db);
  try {
    await totals.transaction().execute(async (trx) => {
      const moved = await trx
        .updateTable('platform_daily_totals_rollup')
        .set((eb) => ({ version: eb('version', '+', 1), rolled_from: from, rolled_until: until, watermark }))
        .where('id', '=', 1)
        .where('version', '=', state.version)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) throw new LostRace();
      const replacedDays = (eb: ExpressionBuilder<TotalsDatabase, 'platform_daily_totals'>) =>
        eb.or([
          ...(dirty.length > 0 ? [eb('day', 'in', dirty)] : []),
          ...spans.map(([a, b]) => eb.and([eb('day', '>=', a), eb('day', '<', b)])),
        ]);
      // The flagged count per currency and platform moves by what these days held before and hold now.
      const delta = new Map<string, { currency: string; livemode: number; change: number }>();
      const move = (currency: string, livemode: number, change: number) => {
        const key = `${currency} ${livemode}`;
        const seen = delta.get(key);
        if (seen) seen.change += change;
        else delta.set(key, { currency, livemode, change });
      };
      if (dirty.length + spans.length > 0) {
        const before = await trx
          .selectFrom('platform_daily_totals')
          .select((eb) => ['currency', 'livemode', eb.fn.sum<number | string | null>('attention').as('attention')])
          .where(replacedDays)
          .groupBy(['currency', 'livemode'])
          .execute();
        for (const row of before) move(row.currency, Number(row.livemode), -Number(row.attention ?? 0));
        await trx.deleteFrom('platform_daily_totals').where(replacedDays).execute();
      }
      for (const row of rows) move(row.currency, row.livemode, row.attention);
      for (const { currency, livemode, change } of delta.values()) {
        if (change === 0) continue;
        await trx
          .insertInto('platform_daily_totals_attention')
          .values({ currency, livemode, count: change })
          .onConflict((oc) =>
            oc
              .columns(['currency', 'livemode'])
              .doUpdateSet((eb) => ({ count: eb(eb.ref('platform_daily_totals_attention.count'), '+', eb.ref('excluded.count')) })),
          )
          .execute();
      }
      // 9 parameters a row: well under SQLite's and PostgreSQL's limits at 500 rows a statement.
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('platform_daily_totals')
          .values(rows.slice(i, i + 500))
          .execute();
    });
  } catch (error) {
    if (error instanceof LostRace) return { days: 0, complete: false, lost: true };
    throw error;
  }
  const days = new Set([...dirty, ...rows.map((r) => r.day)]).size;
  return { days, complete: from === '' && until === closedUntil, lost: false };
}

/**
 * Forgets every total, so the next roll-ups sum everything again: for payments written behind the
 * server's back (an import, the growth benchmark's seeding) whose updated_at does not say when.
 */
export async function forgetDailyTotals(db: Kysely<Database>): Promise<void> {
  await withTotals(db)
    .transaction()
    .execute(async (trx) => {
      await trx.deleteFrom('platform_daily_totals').execute();
      await trx.deleteFrom('platform_daily_totals_attention').execute();
      await trx
        .updateTable('platform_daily_totals_rollup')
        .set((eb) => ({ version: eb('version', '+', 1), rolled_from: null, rolled_until: null, watermark: null }))
        .where('id', '=', 1)
        .execute();
    });
}
