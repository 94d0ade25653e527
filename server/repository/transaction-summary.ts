/**
 * The dashboard's summary (issue 16, issue 17): aggregated by the database, so a 14-day chart
 * covers 14 days at any volume instead of the newest rows a page can hold. Closed days come from
 * their precomputed totals, the rest from one GROUP BY over their payments (daily-totals.ts says
 * why the sum is exact); the two counts read partial or leading-column indexes.
 *
 * Only the payments of the server's platform count, and those that record none (made before
 * migration 0023: the server's own, as elsewhere): after the go-live switch a production server's
 * figures leave the test payments out — a test capture is no live revenue, and a flagged test
 * payment needs no attention in the production back office — and a test server's leave the live
 * ones out. The failed deliveries are the events of the same platform that the merchant's endpoint
 * never accepted.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, Flag } from '../db/schema.ts';
import type { PaymentState } from '../../shared/status.ts';
import type { TransactionSummary, TransactionSummaryGroup, TransactionSummaryOptions } from './records/transactions.ts';
import {
  addDays,
  dayStart,
  dirtyDays,
  dirtyDaysQuery,
  paymentGroupsQuery,
  readRollupState,
  rollUpDailyTotals,
  rollUpDue,
  totalsOfPlatform,
  withTotals,
  type RollupState,
  type RollUpResult,
} from './daily-totals.ts';
import { ofPlatform } from './own-platform.ts';

/** The first day starting at or after `at`. */
const dayAtOrAfter = (at: string) => (dayStart(at.slice(0, 10)) === at ? at.slice(0, 10) : addDays(at.slice(0, 10), 1));

/**
 * How a window splits: the rolled-up days [fromDay, toDay) read from the totals (but the dirty
 * ones), and the instants read live. Pure, for the plans test and the tests.
 */
export function summaryParts(state: Pick<RollupState, 'rolledFrom' | 'rolledUntil'>, from: string, to: string) {
  if (state.rolledFrom === null || state.rolledUntil === null) return { rolled: undefined, live: [[from, to]] as Array<[string, string]> };
  const fromDay = dayAtOrAfter(from > dayStart(state.rolledFrom) ? from : dayStart(state.rolledFrom));
  const toDay = (to < dayStart(state.rolledUntil) ? to : dayStart(state.rolledUntil)).slice(0, 10);
  if (fromDay >= toDay) return { rolled: undefined, live: [[from, to]] as Array<[string, string]> };
  const live: Array<[string, string]> = [];
  if (from < dayStart(fromDay)) live.push([from, dayStart(fromDay)]);
  if (dayStart(toDay) < to) live.push([dayStart(toDay), to]);
  return { rolled: { fromDay, toDay }, live };
}

/** What a summary is asked for, and the platform of the server asking (its repository's livemode). */
export interface SummaryOptions extends TransactionSummaryOptions {
  platform: Flag;
}

/** The summary's reads, ready to run or to compile for their plans (test/server/db/query-plans.test.ts). */
export function transactionSummaryQueries(
  db: Kysely<Database>,
  { from, to, currency, platform }: SummaryOptions,
  rolled?: { fromDay: string; toDay: string; watermark: string; dirty?: readonly string[] },
) {
  return {
    groups: paymentGroupsQuery(db, from, to, currency, platform),
    needsAttention: db
      .selectFrom('transactions')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('needs_attention', '=', 1)
      .where(ofPlatform(platform))
      .$if(currency !== undefined, (q) => q.where('currency', '=', currency!)),
    // Events of this platform only, as needsAttention counts payments: a test event given up
    // before going live is no failure of production's (review r1010). A ping is the operator's
    // check of the endpoint, shown where it was sent and never retried: not a delivery that failed.
    // Events the endpoint never accepted, each once (one row per event, whatever its attempts): a
    // redelivery asked by hand that failed leaves an event delivered before `failed` too, and the
    // shop has that one (recordDelivery keeps its delivered_at).
    failedDeliveries: db
      .selectFrom('webhook_events')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('status', '=', 'failed')
      .where('delivered_at', 'is', null)
      .where('type', '<>', 'ping')
      .where(ofPlatform(platform)),
    ...(rolled
      ? {
          dirtyDays: dirtyDaysQuery(db, rolled.watermark),
          totals: withTotals(db)
            .selectFrom('platform_daily_totals')
            .select(['day', 'currency', 'state', 'count', 'captured_count', 'captured_amount', 'refunded_amount'])
            .where('day', '>=', rolled.fromDay)
            .where('day', '<', rolled.toDay)
            .$if(currency !== undefined, (q) => q.where('currency', '=', currency!))
            .where('livemode', 'in', totalsOfPlatform(platform))
            .$if((rolled.dirty?.length ?? 0) > 0, (q) => q.where('day', 'not in', [...rolled.dirty!])),
        }
      : {}),
  };
}

type Numeric = number | string | null;

const toGroup = (row: {
  day: string;
  currency: string;
  state: string;
  count: Numeric;
  captured_amount: Numeric;
  refunded_amount: Numeric;
  captured_count: Numeric;
}): TransactionSummaryGroup => ({
  day: row.day,
  currency: row.currency,
  state: row.state as PaymentState,
  count: Number(row.count),
  capturedAmount: Number(row.captured_amount ?? 0),
  refundedAmount: Number(row.refunded_amount ?? 0),
  capturedCount: Number(row.captured_count ?? 0),
});

/** One group per day, currency and state: the totals hold a day's payments of a platform and those recording none apart. */
function merged(groups: readonly TransactionSummaryGroup[]): TransactionSummaryGroup[] {
  const byKey = new Map<string, TransactionSummaryGroup>();
  for (const group of groups) {
    const key = `${group.day} ${group.currency} ${group.state}`;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { ...group });
    else {
      seen.count += group.count;
      seen.capturedAmount += group.capturedAmount;
      seen.refundedAmount += group.refundedAmount;
      seen.capturedCount += group.capturedCount;
    }
  }
  return [...byKey.values()];
}

/** One roll-up at a time per database handle; concurrent summaries wait for the same one. */
const rollingUp = new WeakMap<Kysely<Database>, Promise<RollUpResult>>();

function rollUpOnce(db: Kysely<Database>): Promise<RollUpResult> {
  let running = rollingUp.get(db);
  if (!running) {
    running = rollUpDailyTotals(db).finally(() => rollingUp.delete(db));
    rollingUp.set(db, running);
  }
  return running;
}

/**
 * Payments of `platform` flagged needsAttention created in [from, to), through the partial
 * transactions_needs_attention (the platform and currency checked on the few rows it holds).
 */
export const flaggedQuery = (db: Kysely<Database>, from: string, to: string | undefined, currency: string | undefined, platform: Flag) =>
  db
    .selectFrom('transactions')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('needs_attention', '=', sql.lit(1))
    // '' is before every timestamp (dayStart): no lower bound. A timestamptz has no ''.
    .$if(from !== '', (q) => q.where('created_at', '>=', from))
    .$if(to !== undefined, (q) => q.where('created_at', '<', to!))
    .$if(currency !== undefined, (q) => q.where('currency', '=', currency!))
    .where(ofPlatform(platform));

/**
 * The summary from the totals and live reads as `state` says (exported for tests: a summary without
 * a roll-up first); undefined when a roll-up committed meanwhile (read again).
 */
export async function summarizeWithState(
  db: Kysely<Database>,
  state: RollupState,
  options: SummaryOptions,
): Promise<TransactionSummary | undefined> {
  const { currency, platform } = options;
  const { rolled, live } = summaryParts(state, options.from, options.to);
  const rolledRange =
    state.rolledFrom !== null && state.rolledUntil !== null && state.watermark !== null
      ? { from: dayStart(state.rolledFrom), to: dayStart(state.rolledUntil), watermark: state.watermark }
      : undefined;
  // Dirty days of the whole rolled-up range: the window's are read live, and every one's flagged
  // payments are counted live instead of from its totals.
  const dirty = rolledRange ? await dirtyDays(db, rolledRange.watermark, rolledRange.from, rolledRange.to) : [];
  const inWindow = rolled ? dirty.filter((day) => day >= rolled.fromDay && day < rolled.toDay) : [];
  const queries = transactionSummaryQueries(
    db,
    options,
    rolled && rolledRange ? { ...rolled, watermark: rolledRange.watermark, dirty: inWindow } : undefined,
  );
  const ranges = [...live, ...inWindow.map((day): [string, string] => [dayStart(day), dayStart(addDays(day, 1))])];
  // Flagged payments: the rolled-up days' count (less the dirty days' stale part) and, live, those
  // of the other days — read with the roll-up's version, so a roll-up between the reads is seen.
  const flaggedRanges: Array<[string, string | undefined]> = rolledRange
    ? [
        ...(rolledRange.from !== '' ? [['', rolledRange.from] as [string, string]] : []),
        [rolledRange.to, undefined],
        ...dirty.map((day): [string, string] => [dayStart(day), dayStart(addDays(day, 1))]),
      ]
    : [];
  const totals = withTotals(db);
  const [windowTotals, liveGroups, flaggedRolled, flaggedLive, attention, failed] = await Promise.all([
    queries.totals?.execute() ?? [],
    Promise.all(ranges.map(([from, to]) => paymentGroupsQuery(db, from, to, currency, platform).execute())),
    rolledRange
      ? totals
          .selectFrom('platform_daily_totals_rollup')
          .select((eb) => [
            'version',
            eb
              .selectFrom('platform_daily_totals_attention')
              .select((e) => e.fn.sum<number | string | null>('count').as('c'))
              .$if(currency !== undefined, (q) => q.where('currency', '=', currency!))
              .where('livemode', 'in', totalsOfPlatform(platform))
              .as('stored'),
            dirty.length > 0
              ? eb
                  .selectFrom('platform_daily_totals')
                  .select((e) => e.fn.sum<number | string | null>('attention').as('c'))
                  .where('day', 'in', dirty)
                  .$if(currency !== undefined, (q) => q.where('currency', '=', currency!))
                  .where('livemode', 'in', totalsOfPlatform(platform))
                  .as('stale')
              : sql<number>`0`.as('stale'),
          ])
          .where('id', '=', 1)
          .executeTakeFirst()
      : undefined,
    Promise.all(flaggedRanges.map(([from, to]) => flaggedQuery(db, from, to, currency, platform).executeTakeFirst())),
    rolledRange ? undefined : queries.needsAttention.executeTakeFirst(),
    queries.failedDeliveries.executeTakeFirst(),
  ]);
  if (flaggedRolled && Number(flaggedRolled.version) !== state.version) return undefined;
  const needsAttention = flaggedRolled
    ? Number(flaggedRolled.stored ?? 0) -
      Number(flaggedRolled.stale ?? 0) +
      flaggedLive.reduce((sum, row) => sum + Number(row?.count ?? 0), 0)
    : Number(attention?.count ?? 0);
  return {
    groups: merged([...windowTotals.map(toGroup), ...liveGroups.flat().map(toGroup)]),
    needsAttention,
    failedDeliveries: Number(failed?.count ?? 0),
  };
}

/** The summary of a server on `platform` (StoreContext's livemode). */
export function transactionSummaryMethods(db: Kysely<Database>, platform: Flag) {
  return {
    async summarizeTransactions(options: TransactionSummaryOptions): Promise<TransactionSummary> {
      for (let attempt = 0; ; attempt++) {
        let state = await readRollupState(db);
        if (rollUpDue(state)) {
          await rollUpOnce(db);
          state = await readRollupState(db);
        }
        // After a few roll-ups in between (several instances busy), the plain reads: exact too.
        if (attempt === 3) state = { ...state, rolledFrom: null, rolledUntil: null };
        const summary = await summarizeWithState(db, state, { ...options, platform });
        if (summary) return summary;
      }
    },
  };
}
