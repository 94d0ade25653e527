/**
 * The dashboard summary's daily totals (issue 17, repository/daily-totals.ts) on SQLite and
 * PostgreSQL: whatever has been rolled up, and whatever changed since, the summary equals the
 * plain GROUP BY over the window's payments and the plain count of flagged payments — after the
 * first roll-up, mid catch-up, with a payment of a rolled-up day changed, with a day closed since,
 * with several roll-ups at once, and after the totals were forgotten.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../../server/clock.ts';

type ManualClock = ReturnType<typeof manualClock>;
import type { DatabaseHandle } from '../../../server/db/connect.ts';
import {
  forgetDailyTotals,
  paymentGroupsQuery,
  readRollupState,
  rollUpDailyTotals,
  ROLLUP_MARGIN_MS,
} from '../../../server/repository/daily-totals.ts';
import { summarizeWithState } from '../../../server/repository/transaction-summary.ts';
import type { Repository, TransactionSummaryGroup } from '../../../server/repository/types.ts';
import type { PaymentState } from '../../../shared/status.ts';
import { createTestDatabase, DATABASE_KINDS, openTestRepository, type TestDatabase } from '../../support/databases.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const DAY = 86_400_000;
const START = Date.parse('2026-03-01T12:00:00.000Z');
const STATES: PaymentState[] = ['captured', 'captured', 'authorized', 'refunded', 'draft', 'declined', 'expired', 'pending'];

/** Groups keyed and sorted, so a split of one day's figures in two reads compares equal. */
function normalized(groups: readonly TransactionSummaryGroup[]) {
  const byKey = new Map<string, TransactionSummaryGroup>();
  for (const g of groups) {
    const key = `${g.day} ${g.currency} ${g.state}`;
    const seen = byKey.get(key);
    byKey.set(
      key,
      seen
        ? {
            ...seen,
            count: seen.count + g.count,
            capturedAmount: seen.capturedAmount + g.capturedAmount,
            refundedAmount: seen.refundedAmount + g.refundedAmount,
            capturedCount: seen.capturedCount + g.capturedCount,
          }
        : { ...g },
    );
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, g]) => g);
}

for (const kind of DATABASE_KINDS) {
  describe(`daily totals on ${kind}`, { timeout: 120_000 }, () => {
    let database: TestDatabase;
    let repository: Repository;
    let handle: DatabaseHandle;
    let clock: ManualClock;
    let sessionId: string;
    let n = 0;

    before(async () => {
      database = await createTestDatabase(kind);
    });
    after(async () => {
      await database?.drop();
    });
    beforeEach(async () => {
      await repository?.close();
      clock = manualClock(new Date(START));
      ({ repository, handle } = await openTestRepository(database, clock));
      await handle.db.deleteFrom('webhook_events').execute();
      await handle.db.deleteFrom('feedback_log').execute();
      await handle.db.deleteFrom('transactions').execute();
      await forgetDailyTotals(handle.db);
      const session = sessionRecord({ createdAt: new Date(START).toISOString() });
      sessionId = session.id;
      await repository.createSession(session);
    });
    after(async () => {
      await repository?.close();
    });

    /** A payment created at `at` (written then, as the server would), its kind from its number. */
    async function payment(at: number, overrides: { currency?: string; needsAttention?: boolean } = {}) {
      const i = n++;
      const state = STATES[i % STATES.length]!;
      const amount = 1000 + i;
      const iso = new Date(at).toISOString();
      clock.set(new Date(Math.max(clock.now().getTime(), at)));
      const record = transactionRecord(sessionId, {
        reference: `${kind}-DT-${i}`,
        amount,
        currency: overrides.currency ?? (i % 3 === 0 ? 'USD' : 'EUR'),
        state,
        capturedAmount: state === 'captured' || state === 'refunded' ? amount : 0,
        refundedAmount: state === 'refunded' ? amount : 0,
        needsAttention: overrides.needsAttention ?? i % 7 === 0,
        createdAt: iso,
        updatedAt: iso,
      });
      await repository.createTransaction(record);
      return record;
    }

    /** Ten payments a day over `days` days, the last one now (the clock's start). */
    async function history(days: number) {
      for (let d = days; d >= 0; d--) for (let k = 9; k >= 0; k--) await payment(START - d * DAY - k * 3_600_000);
    }

    /** The summary against the plain reads of the same window. */
    async function assertExact(from: string, to: string, currency?: string, what = '', rollUp = true) {
      const options = { from, to, ...(currency ? { currency } : {}) };
      const summary = rollUp
        ? await repository.summarizeTransactions(options)
        : (await summarizeWithState(handle.db, await readRollupState(handle.db), { ...options, platform: 0 }))!;
      const plain = await paymentGroupsQuery(handle.db, from, to, currency).execute();
      const expected = plain.map((row) => ({
        day: row.day,
        currency: row.currency,
        state: row.state as PaymentState,
        count: Number(row.count),
        capturedAmount: Number(row.captured_amount ?? 0),
        refundedAmount: Number(row.refunded_amount ?? 0),
        capturedCount: Number(row.captured_count ?? 0),
      }));
      assert.deepEqual(normalized(summary.groups), normalized(expected), `groups ${what}`);
      const flagged = await handle.db
        .selectFrom('transactions')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('needs_attention', '=', 1)
        .$if(currency !== undefined, (q) => q.where('currency', '=', currency!))
        .executeTakeFirstOrThrow();
      assert.equal(summary.needsAttention, Number(flagged.count), `needsAttention ${what}`);
      return summary;
    }

    const window = (days: number) => {
      const to = new Date(Date.UTC(2026, 2, 2)).toISOString();
      return [new Date(Date.parse(to) - days * DAY).toISOString(), to] as const;
    };

    it('rolls up closed days on the first summary and answers exactly', async () => {
      await history(40);
      const [from, to] = window(14);
      await assertExact(from, to, undefined, 'first summary');
      const state = await readRollupState(handle.db);
      assert.ok(state.rolledUntil !== null && state.rolledUntil >= '2026-02-28', `closed days rolled up: ${JSON.stringify(state)}`);
      assert.equal(state.rolledFrom, '', 'all history rolled up (92 days at most a roll-up)');
      const rows = await handle.db
        .withTables<{ platform_daily_totals: { day: string } }>()
        .selectFrom('platform_daily_totals')
        .select('day')
        .execute();
      assert.ok(rows.length > 40, 'totals written');
      await assertExact(from, to, 'USD', 'one currency');
      await assertExact(...window(60), undefined, 'a window reaching before the first payment');
    });

    it('reads a day live once one of its payments changed, until the next roll-up', async () => {
      await history(20);
      const [from, to] = window(14);
      await assertExact(from, to);
      const rolled = await readRollupState(handle.db);
      // A refund of a payment created ten days ago, through the repository (updated_at = now).
      clock.advance(60_000);
      const old = await handle.db
        .selectFrom('transactions')
        .select('reference')
        .where('state', '=', 'captured')
        .where('created_at', '<', new Date(START - 10 * DAY).toISOString())
        .where('created_at', '>=', from)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      await repository.mutateTransaction(old.reference, (current) => ({
        result: undefined,
        patch: { state: 'refunded', refundedAmount: current.capturedAmount, needsAttention: true },
      }));
      const summary = await assertExact(from, to, undefined, 'after a change to a rolled-up day');
      assert.ok(summary.groups.some((g) => g.state === 'refunded' && g.day === new Date(START - 10 * DAY).toISOString().slice(0, 10)));
      assert.equal((await readRollupState(handle.db)).version, rolled.version, 'no roll-up in between: the day was read live');
      // Later, the roll-up sums that day again and the watermark moves past the change.
      clock.advance(4 * ROLLUP_MARGIN_MS);
      await payment(clock.now().getTime());
      const result = await rollUpDailyTotals(handle.db);
      assert.ok(result.days >= 1, JSON.stringify(result));
      await assertExact(from, to, undefined, 'after the next roll-up');
      await assertExact(from, to, 'EUR', 'after the next roll-up, one currency');
    });

    it('closes a day once the watermark is past it, a payment of its last minute included', async () => {
      await history(5);
      const [from, to] = window(7);
      await assertExact(from, to);
      const before = await readRollupState(handle.db);
      // A payment stamped a second before midnight, then the next day goes on.
      const midnight = Date.UTC(2026, 2, 2);
      await payment(midnight - 1000);
      clock.set(new Date(midnight + ROLLUP_MARGIN_MS / 2));
      await payment(clock.now().getTime());
      const [from2, to2] = [new Date(midnight - 7 * DAY).toISOString(), new Date(midnight + DAY).toISOString()];
      await assertExact(from2, to2, undefined, 'within the margin: the day is still live');
      assert.equal((await readRollupState(handle.db)).rolledUntil, before.rolledUntil);
      clock.set(new Date(midnight + 3 * ROLLUP_MARGIN_MS));
      await payment(clock.now().getTime());
      await assertExact(from2, to2, undefined, 'past the margin: the day is rolled up');
      assert.equal((await readRollupState(handle.db)).rolledUntil, '2026-03-02');
    });

    it('catches up newest first, a few days a roll-up, exact at every step', async () => {
      await history(30);
      let steps = 0;
      for (;;) {
        const result = await rollUpDailyTotals(handle.db, { maxDays: 7 });
        steps++;
        // Mid catch-up, as the summary reads it (without the roll-up it would run first).
        await assertExact(...window(31), undefined, `after roll-up ${steps}`, false);
        await assertExact(...window(3), 'USD', `after roll-up ${steps}, three days in USD`, false);
        if (result.complete) break;
        assert.ok(steps < 10, 'finishes');
      }
      assert.ok(steps >= 4, `in steps (${steps})`);
      await assertExact(...window(40), undefined, 'the whole history');
    });

    it('of several roll-ups at once, one writes; the others change nothing', async () => {
      await history(10);
      const results = await Promise.all([1, 2, 3, 4].map(() => rollUpDailyTotals(handle.db)));
      assert.ok(results.filter((r) => !r.lost).length >= 1, JSON.stringify(results));
      await assertExact(...window(12), undefined, 'after concurrent roll-ups');
      // And concurrent summaries, each rolling up if due.
      clock.advance(DAY);
      await payment(clock.now().getTime());
      const summaries = await Promise.all(
        [1, 2, 3].map(() => repository.summarizeTransactions({ from: window(12)[0], to: window(12)[1] })),
      );
      for (const summary of summaries) assert.deepEqual(normalized(summary.groups), normalized(summaries[0]!.groups));
      await assertExact(...window(12), undefined, 'after concurrent summaries');
    });

    it('sums everything again once the totals are forgotten', async () => {
      await history(10);
      await assertExact(...window(12));
      // Written behind the server's back: an old updated_at the watermark cannot see.
      await handle.db
        .updateTable('transactions')
        .set({ state: 'cancelled', captured_amount: 0 })
        .where('created_at', '<', new Date(START - 5 * DAY).toISOString())
        .execute();
      await forgetDailyTotals(handle.db);
      await assertExact(...window(12), undefined, 'after forgetting');
    });
  });
}
