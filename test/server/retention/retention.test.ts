/**
 * What is kept how long (issue 17, "bytes per payment"; docs/deploy.md): EVENT_RETENTION_DAYS
 * deletes delivered webhook events with their attempts, FEEDBACK_LOG_RETENTION_DAYS deletes the
 * browser's repeat of an applied feedback in settled payments, RETENTION_DAYS works in batches
 * from where the previous pass stopped — over SQLite and PostgreSQL, with several purgers at once.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../../server/clock.ts';
import { ConfigError, parseServerConfig } from '../../../server/config/env.ts';
import { renderSettingsUsage } from '../../../server/config/settings.ts';
import { createRetentionPurger, DAY_MS } from '../../../server/retention/purger.ts';
import { RETENTION_DEFAULTS } from '../../../server/retention/policy.ts';
import type { FeedbackChannel, FeedbackOutcome, TransactionRecord } from '../../../server/repository/types.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useTestRepository } from '../../support/test-repository.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';
import { feedbackFingerprint, keptFeedbackParams } from '../../../server/feedback/log.ts';
import { newId } from '../../../server/ids.ts';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);
const quiet = { info() {}, warn() {} };

for (const kind of DATABASE_KINDS) {
  describe(`retention on ${kind}`, () => {
    const clock = manualClock(NOW);
    const store = useTestRepository(kind, clock);

    /** A payment created `at`, its feedback and events written at that time as the server writes them. */
    async function payment(at: Date, overrides: Partial<TransactionRecord> = {}) {
      clock.set(at);
      const session = sessionRecord({ createdAt: at.toISOString() });
      await store.repository.createSession(session);
      const transaction = transactionRecord(session.id, {
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
        state: 'captured',
        capturedAmount: 1999,
        lastStatus: 9,
        cardHolder: 'Bárbara Souza',
        ...overrides,
      });
      await store.repository.createTransaction(transaction);
      clock.set(NOW);
      return transaction.reference;
    }

    const params = (reference: string, status: number) => ({
      ORDERID: reference,
      STATUS: String(status),
      AMOUNT: '19.99',
      ACCEPTANCE: 'test123',
      CN: 'Bárbara Souza',
      IP: '203.0.113.7',
    });

    async function feedback(reference: string, at: Date, channel: FeedbackChannel, outcome: FeedbackOutcome, status = 9) {
      clock.set(at);
      await store.repository.mutateTransaction(reference, () => ({
        feedback: { channel, status, outcome, params: params(reference, status) },
        result: null,
      }));
      clock.set(NOW);
    }

    /**
     * The browser's copy of an applied feedback as releases before migration 0013 logged it: a row
     * of its own (this release counts it on the applied row as it arrives).
     */
    async function legacyCopy(reference: string, at: Date, status = 9) {
      const kept = keptFeedbackParams(params(reference, status));
      await store.handle.db
        .insertInto('feedback_log')
        .values({
          id: newId('fb', at.getTime()),
          reference,
          received_at: at.toISOString(),
          channel: 'browser',
          status,
          outcome: 'unchanged',
          params_json: JSON.stringify(kept),
          params_hash: feedbackFingerprint(kept),
          repeat_count: 0,
          last_received_at: null,
        })
        .execute();
    }

    /** An event of the payment written at `at`, then delivered (or failed) at `at`. */
    async function event(reference: string, at: Date, outcome: 'delivered' | 'failed' | 'pending') {
      clock.set(at);
      const [written] = await store.repository.insertEvents([
        { type: 'payment.captured', reference, data: { reference, state: 'captured', cardHolder: 'Bárbara Souza' } },
      ]);
      if (outcome !== 'pending') {
        await store.repository.recordDelivery(
          written!.id,
          { statusCode: outcome === 'delivered' ? 200 : 500, error: null, ok: outcome === 'delivered' },
          { status: outcome },
        );
      }
      clock.set(NOW);
      return written!.id;
    }

    const feedbackRows = async (reference: string) =>
      (await store.repository.listFeedback(reference, 10)).map((row) => `${row.channel}:${row.outcome}`).sort();
    const eventIds = async (reference: string) => (await store.repository.listEvents({ limit: 10, reference })).items.map((e) => e.id);
    const attemptsOf = async (eventId: string) =>
      Number(
        (
          await store.handle.db
            .selectFrom('webhook_attempts')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('event_id', '=', eventId)
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('deletes events delivered longer ago than EVENT_RETENTION_DAYS with their attempts; keeps pending, failed and recent ones', async () => {
      const reference = await payment(daysAgo(100));
      const old = await event(reference, daysAgo(31), 'delivered');
      const recent = await event(reference, daysAgo(29), 'delivered');
      const failed = await event(reference, daysAgo(60), 'failed');
      const pending = await event(reference, daysAgo(60), 'pending');
      assert.equal(await attemptsOf(old), 1);

      const pruned = await store.repository.pruneHistory({
        eventsDeliveredBefore: daysAgo(30).toISOString(),
        feedbackBefore: daysAgo(90).toISOString(),
      });
      assert.equal(pruned.events, 1);
      assert.equal(pruned.attempts, 1);
      assert.deepEqual((await eventIds(reference)).sort(), [recent, failed, pending].sort());
      assert.equal(await attemptsOf(old), 0);
      assert.equal(await attemptsOf(recent), 1);
      assert.equal(await attemptsOf(failed), 1);
    });

    it('deletes in a settled old payment the browser repeat of the applied feedback, and nothing else', async () => {
      const settled = await payment(daysAgo(120));
      await feedback(settled, daysAgo(120), 'server', 'applied');
      await legacyCopy(settled, daysAgo(120));
      // The same feedback received again through the server: counted on its row, which stays.
      await feedback(settled, daysAgo(119), 'server', 'unchanged');
      // A young payment, a payment still pending and a browser feedback with other parameters.
      const young = await payment(daysAgo(60));
      await feedback(young, daysAgo(60), 'server', 'applied');
      await legacyCopy(young, daysAgo(60));
      const pending = await payment(daysAgo(120), { state: 'pending', lastStatus: 51, capturedAmount: 0 });
      await feedback(pending, daysAgo(120), 'server', 'applied', 51);
      await legacyCopy(pending, daysAgo(120), 51);
      const other = await payment(daysAgo(120));
      await feedback(other, daysAgo(120), 'server', 'applied', 9);
      await legacyCopy(other, daysAgo(120), 5);

      const pruned = await store.repository.pruneHistory({
        eventsDeliveredBefore: daysAgo(30).toISOString(),
        feedbackBefore: daysAgo(90).toISOString(),
        batch: 2,
      });
      assert.equal(pruned.feedback, 1);
      assert.deepEqual(await feedbackRows(settled), ['server:applied']);
      assert.equal((await store.repository.listFeedback(settled, 10))[0]?.repeatCount, 1);
      // Folded into the applied row: the copy's time and count are kept there.
      assert.deepEqual((await store.repository.listFeedback(settled, 10))[0]?.copy, {
        channel: 'browser',
        firstReceivedAt: daysAgo(120).toISOString(),
        count: 1,
      });
      assert.deepEqual(await feedbackRows(young), ['browser:unchanged', 'server:applied']);
      assert.deepEqual(await feedbackRows(pending), ['browser:unchanged', 'server:applied']);
      assert.deepEqual(await feedbackRows(other), ['browser:unchanged', 'server:applied']);

      // Idempotent, and a replay of the folded copy is counted on the applied row (and changes nothing).
      const again = await store.repository.pruneHistory({
        eventsDeliveredBefore: daysAgo(30).toISOString(),
        feedbackBefore: daysAgo(90).toISOString(),
      });
      assert.deepEqual(again, { events: 0, attempts: 0, feedback: 0 });
      await feedback(settled, NOW, 'browser', 'unchanged');
      assert.deepEqual(await feedbackRows(settled), ['server:applied']);
      assert.deepEqual((await store.repository.listFeedback(settled, 10))[0]?.copy, {
        channel: 'browser',
        firstReceivedAt: daysAgo(120).toISOString(),
        count: 2,
      });
    });

    it("this release's copies are counted as they arrive, concurrently too: nothing left to purge", async () => {
      const reference = await payment(daysAgo(120));
      await feedback(reference, daysAgo(120), 'server', 'applied');
      clock.set(daysAgo(119));
      await Promise.all(
        Array.from({ length: 8 }, () =>
          store.repository.mutateTransaction(reference, () => ({
            feedback: { channel: 'browser', status: 9, outcome: 'unchanged', params: params(reference, 9) },
            result: null,
          })),
        ),
      );
      clock.set(NOW);
      assert.deepEqual(await feedbackRows(reference), ['server:applied']);
      assert.deepEqual((await store.repository.listFeedback(reference, 10))[0]?.copy, {
        channel: 'browser',
        firstReceivedAt: daysAgo(119).toISOString(),
        count: 8,
      });
      const pruned = await store.repository.pruneHistory({
        eventsDeliveredBefore: daysAgo(30).toISOString(),
        feedbackBefore: daysAgo(90).toISOString(),
      });
      assert.equal(pruned.feedback, 0);
    });

    it('several purgers at once delete and count each row once', async () => {
      const references: string[] = [];
      for (let i = 0; i < 12; i++) {
        const reference = await payment(daysAgo(200));
        await feedback(reference, daysAgo(200), 'server', 'applied');
        await legacyCopy(reference, daysAgo(200));
        await event(reference, daysAgo(199), 'delivered');
        references.push(reference);
      }
      const passes = await Promise.all(
        [0, 1, 2].map(() =>
          store.repository.pruneHistory({
            eventsDeliveredBefore: daysAgo(30).toISOString(),
            feedbackBefore: daysAgo(90).toISOString(),
            batch: 5,
          }),
        ),
      );
      assert.equal(
        passes.reduce((sum, pass) => sum + pass.feedback, 0),
        12,
      );
      assert.equal(
        passes.reduce((sum, pass) => sum + pass.events, 0),
        12,
      );
      for (const reference of references) {
        assert.deepEqual(await feedbackRows(reference), ['server:applied']);
        assert.equal((await store.repository.listFeedback(reference, 10))[0]?.copy?.count, 1, 'folded once');
        assert.deepEqual(await eventIds(reference), []);
      }
    });

    it('purges personal data in batches across rows created at the same instant, once across concurrent purges', async () => {
      const at = daysAgo(500);
      const references: string[] = [];
      for (let i = 0; i < 7; i++) {
        const reference = await payment(at);
        await feedback(reference, at, 'server', 'applied');
        references.push(reference);
      }
      const createdBefore = daysAgo(450).toISOString();
      const createdAfter = daysAgo(600).toISOString();
      const passes = await Promise.all([0, 1].map(() => store.repository.purgePersonalData({ createdBefore, createdAfter, batch: 3 })));
      assert.equal(
        passes.reduce((sum, pass) => sum + pass.transactions, 0),
        7,
      );
      assert.equal(
        passes.reduce((sum, pass) => sum + pass.feedback, 0),
        7,
      );
      for (const reference of references) {
        const paid = await store.repository.getTransaction(reference);
        assert.equal(paid?.cardHolder, null);
        assert.equal(paid?.state, 'captured');
        const [row] = await store.repository.listFeedback(reference, 5);
        // CN and IP gone, the rest as written, in order.
        assert.deepEqual(Object.entries(row!.params), [
          ['ACCEPTANCE', 'test123'],
          ['AMOUNT', '19.99'],
          ['ORDERID', reference],
          ['STATUS', '9'],
        ]);
        const session = await store.repository.getSession(paid!.sessionId);
        assert.deepEqual(session?.customer, { id: 'cust-1' });
      }
      // Outside the window given: untouched.
      const older = await payment(daysAgo(700));
      await store.repository.purgePersonalData({ createdBefore, createdAfter, batch: 3 });
      assert.equal((await store.repository.getTransaction(older))?.cardHolder, 'Bárbara Souza');
    });

    it('the purger applies the three settings, and a later pass walks only what aged since', async () => {
      const reference = await payment(daysAgo(95));
      await feedback(reference, daysAgo(95), 'server', 'applied');
      await legacyCopy(reference, daysAgo(95));
      const delivered = await event(reference, daysAgo(40), 'delivered');
      const purger = createRetentionPurger({
        repository: store.repository,
        clock,
        retentionDays: 400,
        eventRetentionDays: 45,
        feedbackLogRetentionDays: 100,
        intervalMs: 0,
        logger: quiet,
      });
      await purger.runOnce();
      assert.deepEqual(await eventIds(reference), [delivered], 'delivered 40 days ago, kept 45');
      assert.deepEqual(await feedbackRows(reference), ['browser:unchanged', 'server:applied'], 'created 95 days ago, folded after 100');
      clock.set(new Date(NOW.getTime() + 6 * DAY_MS));
      await purger.runOnce();
      clock.set(NOW);
      assert.deepEqual(await eventIds(reference), []);
      assert.deepEqual(await feedbackRows(reference), ['server:applied']);
      await purger.close();
    });
  });
}

describe('retention settings', () => {
  it('default to 400, 30 and 90 days', () => {
    const config = parseServerConfig(TEST_ENV);
    assert.equal(config.eventRetentionDays, 30);
    assert.equal(config.feedbackLogRetentionDays, 90);
    assert.deepEqual(RETENTION_DEFAULTS, { retentionDays: 400, eventRetentionDays: 30, feedbackLogRetentionDays: 90 });
    assert.match(renderSettingsUsage(), /EVENT_RETENTION_DAYS .*default: 30/);
    assert.match(renderSettingsUsage(), /FEEDBACK_LOG_RETENTION_DAYS .*default: 90/);
  });

  it('are read from the environment', () => {
    const config = parseServerConfig({ ...TEST_ENV, EVENT_RETENTION_DAYS: '7', FEEDBACK_LOG_RETENTION_DAYS: '540' });
    assert.equal(config.eventRetentionDays, 7);
    assert.equal(config.feedbackLogRetentionDays, 540);
  });

  for (const [name, value] of [
    ['EVENT_RETENTION_DAYS', '0'],
    ['EVENT_RETENTION_DAYS', 'thirty'],
    ['EVENT_RETENTION_DAYS', '3651'],
    ['FEEDBACK_LOG_RETENTION_DAYS', '29'],
    ['FEEDBACK_LOG_RETENTION_DAYS', '-1'],
  ] as const) {
    it(`refuse ${name}=${value}, naming the setting`, () => {
      assert.throws(
        () => parseServerConfig({ ...TEST_ENV, [name]: value }),
        (error: unknown) => error instanceof ConfigError && error.message.includes(name),
      );
    });
  }
});
