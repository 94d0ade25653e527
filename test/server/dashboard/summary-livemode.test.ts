/**
 * The dashboard's summary after the README's go-live switch (one database, OGONE_ENVIRONMENT test
 * → production), on SQLite and PostgreSQL: a server counts the payments of its own platform and
 * those that record none (made before migration 0023), never the other platform's. A test capture
 * made on the morning of the switch is no live revenue, and a test payment flagged for a person
 * needs no attention in the production back office — whether the day is read live, from its
 * rolled-up totals (whichever server rolled it up), or live again after a test payment of it
 * changed; through the repository and through GET /api/dashboard/summary.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase, type DatabaseHandle } from '../../../server/db/connect.ts';
import type { Flag } from '../../../server/db/schema.ts';
import { readRollupState } from '../../../server/repository/daily-totals.ts';
import { sessionToRow, transactionToRow } from '../../../server/repository/rows.ts';
import { summarizeWithState } from '../../../server/repository/transaction-summary.ts';
import type { TransactionSummary, TransactionSummaryGroup } from '../../../server/repository/types.ts';
import type { PaymentState } from '../../../shared/status.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

/** The day before the switch, the day of the switch (at noon), the day after. */
const BEFORE = '2026-06-09';
const SWITCH = '2026-06-10';
const AFTER = '2026-06-11';
const at = (day: string, time: string) => `${day}T${time}.000Z`;
/** Every day above, and the next: what the summaries below read. */
const WINDOW = { from: at(BEFORE, '00:00:00'), to: at('2026-06-12', '00:00:00') };

interface Made {
  reference: string;
  /** As recorded: null for a payment made before migration 0023. */
  livemode: Flag | null;
  createdAt: string;
  currency: string;
  state: PaymentState;
  captured: number;
  refunded: number;
  flagged: boolean;
}

/** Groups keyed and sorted, so that the same figures compare equal however they were read. */
function normalized(groups: readonly TransactionSummaryGroup[]) {
  return groups
    .filter((g) => g.count > 0)
    .map((g) => ({ ...g }))
    .sort((a, b) => (`${a.day} ${a.currency} ${a.state}` < `${b.day} ${b.currency} ${b.state}` ? -1 : 1));
}

/** What a server on `platform` should answer for `made`: its payments and those recording none. */
function expected(made: readonly Made[], platform: Flag) {
  const counted = made.filter(
    (p) => (p.livemode === null || p.livemode === platform) && p.createdAt >= WINDOW.from && p.createdAt < WINDOW.to,
  );
  const groups = new Map<string, TransactionSummaryGroup>();
  for (const p of counted) {
    const key = `${p.createdAt.slice(0, 10)} ${p.currency} ${p.state}`;
    const group = groups.get(key) ?? {
      day: p.createdAt.slice(0, 10),
      currency: p.currency,
      state: p.state,
      count: 0,
      capturedAmount: 0,
      refundedAmount: 0,
      capturedCount: 0,
    };
    group.count++;
    group.capturedAmount += p.captured;
    group.refundedAmount += p.refunded;
    group.capturedCount += p.captured > 0 ? 1 : 0;
    groups.set(key, group);
  }
  return { groups: normalized([...groups.values()]), needsAttention: counted.filter((p) => p.flagged).length };
}

function assertSummary(summary: TransactionSummary, made: readonly Made[], platform: Flag, what: string) {
  const want = expected(made, platform);
  assert.deepEqual(normalized(summary.groups), want.groups, `${what}: groups`);
  assert.equal(summary.needsAttention, want.needsAttention, `${what}: needsAttention`);
}

/** The money captured on `day` in EUR, as a summary says. */
const capturedOn = (summary: TransactionSummary, day: string) =>
  summary.groups.filter((g) => g.day === day && g.currency === 'EUR').reduce((sum, g) => sum + g.capturedAmount, 0);

for (const kind of DATABASE_KINDS) {
  describe(`the dashboard's summary across the go-live switch on ${kind}`, { timeout: 120_000 }, () => {
    let database: TestDatabase;
    /** A handle of the test's own: payments recording no platform, and the roll-up's state. */
    let handle: DatabaseHandle;
    const made: Made[] = [];
    const servers: TestApp[] = [];
    const platformOf = new WeakMap<TestApp, Flag>();

    before(async () => {
      database = await createTestDatabase(kind);
    });
    after(async () => {
      for (const server of servers) await server.close();
      await handle?.close();
      await database?.drop();
    });

    /** A server on `platform` over the database (one at a time: the switch is a restart), its clock at `now`. */
    async function server(platform: Flag, now: string): Promise<TestApp> {
      for (const open of servers.splice(0)) await open.close();
      const t = await createTestApp(database, { env: { OGONE_ENVIRONMENT: platform === 1 ? 'production' : 'test' } });
      servers.push(t);
      platformOf.set(t, platform);
      t.clock.set(new Date(now));
      return t;
    }

    /** A payment made by `t` (its platform recorded), or recording none (written as before migration 0023). */
    async function pay(
      t: TestApp | undefined,
      reference: string,
      createdAt: string,
      state: PaymentState,
      amount: number,
      options: { flagged?: boolean; currency?: string } = {},
    ) {
      const currency = options.currency ?? 'EUR';
      const captured = state === 'captured' ? amount : 0;
      const session = sessionRecord({ createdAt, currency, amount });
      const record = transactionRecord(session.id, {
        reference,
        amount,
        currency,
        state,
        capturedAmount: captured,
        needsAttention: options.flagged ?? false,
        createdAt,
        updatedAt: createdAt,
      });
      if (t) {
        t.clock.set(new Date(createdAt));
        await t.repository.createSession(session);
        await t.repository.createTransaction(record);
      } else {
        // Without a platform given, the rows leave livemode NULL, as before migration 0023.
        await handle.db.insertInto('checkout_sessions').values(sessionToRow(session)).execute();
        await handle.db.insertInto('transactions').values(transactionToRow(record)).execute();
      }
      const livemode: Flag | null = t ? platformOf.get(t)! : null;
      made.push({ reference, livemode, createdAt, currency, state, captured, refunded: 0, flagged: options.flagged ?? false });
    }

    it('before the switch: test payments, and payments made before livemode was recorded', async () => {
      handle = openDatabase(database.options);
      const testServer = await server(0, at(BEFORE, '09:00:00'));
      // Rows written before migration 0023 record no platform: counted as each server's own.
      await pay(undefined, 'OLD-BEFORE', at(BEFORE, '09:30:00'), 'captured', 300);
      await pay(undefined, 'OLD-SWITCH', at(SWITCH, '07:00:00'), 'captured', 700);
      await pay(undefined, 'OLD-FLAGGED', at(SWITCH, '07:30:00'), 'pending', 900, { flagged: true });
      await pay(testServer, 'TEST-BEFORE', at(BEFORE, '10:00:00'), 'captured', 1000);
      await pay(testServer, 'TEST-BEFORE-USD', at(BEFORE, '11:00:00'), 'captured', 1100, { currency: 'USD' });
      // The morning of the switch: a test capture, and a test payment flagged for a person.
      await pay(testServer, 'TEST-MORNING', at(SWITCH, '08:00:00'), 'captured', 5000);
      await pay(testServer, 'TEST-FLAGGED', at(SWITCH, '08:30:00'), 'authorized', 400, { flagged: true });
      const rows = await handle.db.selectFrom('transactions').select(['reference', 'livemode']).orderBy('reference').execute();
      assert.deepEqual(
        rows.map((row) => [row.reference, row.livemode === null ? null : Number(row.livemode)]),
        made.map((p) => [p.reference, p.livemode]).sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)),
        'each payment records its platform, or none',
      );
    });

    it('the afternoon of the switch: read live, a production server counts only live payments and those recording none', async () => {
      const live = await server(1, at(SWITCH, '12:00:00'));
      await pay(live, 'LIVE-CAPTURED', at(SWITCH, '13:00:00'), 'captured', 2000);
      await pay(live, 'LIVE-FLAGGED', at(SWITCH, '14:00:00'), 'authorized', 600, { flagged: true });
      await pay(live, 'LIVE-DRAFT', at(SWITCH, '14:30:00'), 'draft', 800);
      live.clock.set(new Date(at(SWITCH, '15:00:00')));

      // Every day read live (no totals), for each platform.
      const state = await readRollupState(handle.db);
      const plain = { ...state, rolledFrom: null, rolledUntil: null };
      for (const platform of [1, 0] as const) {
        const summary = (await summarizeWithState(handle.db, plain, { ...WINDOW, platform }))!;
        assertSummary(summary, made, platform, `read live, platform ${platform}`);
      }
      const liveOnly = (await summarizeWithState(handle.db, plain, { ...WINDOW, platform: 1 }))!;
      assert.equal(capturedOn(liveOnly, SWITCH), 2000 + 700, 'the test capture of the morning is no live revenue');
      assert.equal(liveOnly.needsAttention, 2, 'the flagged test payment needs no attention in production');

      // Through the repository: the day before is rolled up first (closed), the switch day read live.
      const summary = await live.repository.summarizeTransactions(WINDOW);
      assertSummary(summary, made, 1, 'production server, the day before rolled up');
      const rolled = await readRollupState(handle.db);
      assert.equal(rolled.rolledUntil, SWITCH, 'the day before the switch comes from its totals');
      assert.equal(capturedOn(summary, BEFORE), 300, 'the day before the switch: only the payment recording no platform');
      assert.deepEqual(
        summary.groups.filter((g) => g.currency === 'USD'),
        [],
        'the USD test payment is no live figure',
      );
    });

    it('once the switch day is rolled up (by the production server), each server reads its own from the totals', async () => {
      const live = await server(1, at(AFTER, '01:00:00'));
      // A payment past the margin after midnight: the switch day closes.
      await pay(live, 'LIVE-NEXT', at(AFTER, '01:00:00'), 'captured', 50);
      live.clock.set(new Date(at(AFTER, '01:00:00')));
      const production = await live.repository.summarizeTransactions(WINDOW);
      const state = await readRollupState(handle.db);
      assert.equal(state.rolledUntil, AFTER, `the switch day is rolled up: ${JSON.stringify(state)}`);
      assert.ok(state.watermark! > at(SWITCH, '14:30:00'), 'no payment of the switch day is read live');
      assertSummary(production, made, 1, 'production server, rolled up');
      assert.equal(capturedOn(production, SWITCH), 2700, 'the rolled-up switch day: no test capture');
      assert.equal(production.needsAttention, 2);

      // The same totals, read by a test server (as one not restarted yet would).
      const testServer = await server(0, at(AFTER, '01:05:00'));
      const test = await testServer.repository.summarizeTransactions(WINDOW);
      assert.equal((await readRollupState(handle.db)).version, state.version, 'no roll-up in between: the same totals');
      assertSummary(test, made, 0, 'test server, rolled up');
      assert.equal(capturedOn(test, SWITCH), 5000 + 700, 'the test server: its capture and the one recording no platform');
      assert.equal(test.needsAttention, 2);
    });

    it('a test payment of a rolled-up day refunded: the day is read live, still by platform', async () => {
      const testServer = await server(0, at(AFTER, '02:00:00'));
      await testServer.repository.mutateTransaction('TEST-MORNING', (current) => ({
        result: undefined,
        patch: { state: 'refunded', refundedAmount: current.capturedAmount, needsAttention: true },
      }));
      const refunded = made.find((p) => p.reference === 'TEST-MORNING')!;
      Object.assign(refunded, { state: 'refunded', refunded: refunded.captured, flagged: true });

      // Before any roll-up: the switch day is dirty, read live with the stale totals left out.
      const state = await readRollupState(handle.db);
      for (const platform of [1, 0] as const) {
        const summary = (await summarizeWithState(handle.db, state, { ...WINDOW, platform }))!;
        assertSummary(summary, made, platform, `a dirty day, platform ${platform}`);
      }
      // And after the roll-up that sums it again.
      assertSummary(await testServer.repository.summarizeTransactions(WINDOW), made, 0, 'test server, summed again');
      const live = await server(1, at(AFTER, '02:10:00'));
      assertSummary(await live.repository.summarizeTransactions(WINDOW), made, 1, 'production server, summed again');
    });

    it("GET /api/dashboard/summary on the production server: the switch day's live figures only", async () => {
      const live = await server(1, at(AFTER, '03:00:00'));
      const response = await live.api('/api/dashboard/summary?days=3');
      assert.equal(response.status, 200);
      const body = (await response.json()) as {
        daily: Array<{ date: string; currency: string; payments: number; capturedAmount: number; refundedAmount: number }>;
        states: Record<string, number>;
        needsAttention: number;
      };
      const day = (date: string) => body.daily.find((d) => d.date === date && d.currency === 'EUR');
      assert.deepEqual(day(BEFORE), {
        date: BEFORE,
        currency: 'EUR',
        payments: 1,
        capturedCount: 1,
        capturedAmount: 300,
        refundedAmount: 0,
      });
      assert.deepEqual(day(SWITCH), {
        date: SWITCH,
        currency: 'EUR',
        payments: 4,
        capturedCount: 2,
        capturedAmount: 2700,
        refundedAmount: 0,
      });
      assert.ok(!body.daily.some((d) => d.currency === 'USD'), 'no test currency');
      assert.equal(body.states.refunded, 0, 'the refunded test payment is not counted');
      assert.equal(body.states.captured, 4);
      assert.equal(body.needsAttention, 2);
    });
  });
}
