/**
 * Bounded storage of feedback (issue 13): the log keeps only SHA-OUT-listed parameters with
 * capped values, an exact replay is counted instead of added (sequential and concurrent), the
 * feedback endpoint has a per-address limit with exempt addresses, and RETENTION_DAYS removes
 * the personal data of old payments — over SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../../server/clock.ts';
import { ConfigError, parseServerConfig } from '../../../server/config/env.ts';
import { startServer, type RunningServer } from '../../../server/start-server.ts';
import { FEEDBACK_VALUE_MAX } from '../../../server/feedback/log.ts';
import { SHA_OUT_PARAMETER_NAMES } from '../../../shared/sha-out-parameters.ts';
import { createRetentionPurger, DAY_MS } from '../../../server/retention/purger.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { unpackFeedbackParams } from '../../../server/repository/feedback-params-packing.ts';
import { createTestDatabase, DATABASE_KINDS, openTestRepository, type TestDatabase } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { SERVER_HEADERS } from '../../support/headers.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

for (const kind of DATABASE_KINDS) {
  describe(`bounded feedback log on ${kind}`, () => {
    const t = useTestApp(kind);

    const newAttempt = () =>
      newHostedAttempt(t, {
        amount: 1999,
        currency: 'EUR',
        customer: { id: `cust-${kind}`, name: 'Bárbara Souza', email: 'b@example.com' },
      });

    const post = (params: Record<string, string>) =>
      t.app.request('/payment/ogone/return', {
        method: 'POST',
        body: new URLSearchParams(params).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
      });
    const replay = (params: Record<string, string>) =>
      t.app.request(`/payment/ogone/return?${new URLSearchParams(params)}`, { headers: SERVER_HEADERS });

    it('keeps only SHA-OUT-listed parameters, each value capped', async () => {
      const reference = await newAttempt();
      const response = await post({
        ...feedbackFor(reference, 9, { COMPLUS: 'c'.repeat(1000) }),
        PARAMPLUS_JUNK: 'x'.repeat(20_000),
        Made_Up: 'y',
      });
      assert.equal(response.status, 200);
      const [log] = await t.repository.listFeedback(reference, 5);
      assert.ok(log);
      assert.equal(log.params.COMPLUS?.length, FEEDBACK_VALUE_MAX);
      assert.equal(log.params.STATUS, '9');
      assert.equal(log.params.ORDERID, reference);
      for (const name of ['PARAMPLUS_JUNK', 'MADE_UP', 'Made_Up', 'SHASIGN']) assert.equal(log.params[name], undefined, name);
      assert.ok(JSON.stringify(log.params).length < 1000);
    });

    it("stores ORDERID and STATUS once, as the row's reference and status, and reads them back", async () => {
      const reference = await newAttempt();
      assert.equal((await post(feedbackFor(reference, 9, { PAYID: '3014726' }))).status, 200);
      // A STATUS written otherwise than the column would write it is kept as sent.
      assert.equal((await post(feedbackFor(reference, 9, { PAYID: '3014726', STATUS: '09' }))).status, 200);
      const { handle } = await openTestRepository(t.database);
      try {
        const rows = await handle.db
          .selectFrom('feedback_log')
          .select(['params_json', 'params_packed', 'status'])
          .where('reference', '=', reference)
          .orderBy('id')
          .execute();
        // As the row stores them: CN, EMAIL and IP as JSON, the rest packed (migration 0028).
        const stored = rows.map((row) => unpackFeedbackParams(row.params_json, row.params_packed));
        assert.deepEqual(
          stored.map((params) => [params.ORDERID, params.STATUS, params.PAYID]),
          [
            [undefined, undefined, '3014726'],
            [undefined, '09', '3014726'],
          ],
        );
      } finally {
        await handle.close();
      }
      const logged = (await t.repository.listFeedback(reference, 5)).sort((a, b) => a.id.localeCompare(b.id));
      assert.deepEqual(
        logged.map((log) => [log.params.ORDERID, log.params.STATUS, Object.keys(log.params).join()]),
        logged.map((log) => [reference, log === logged[0] ? '9' : '09', Object.keys(log.params).sort().join()]),
      );
    });

    it('1,000 replays of one genuine feedback URL leave one row counting 999 repeats', async () => {
      const reference = await newAttempt();
      const params = feedbackFor(reference, 9);
      for (let i = 0; i < 1000; i++) assert.equal((await replay(params)).status, 200);
      const logs = await t.repository.listFeedback(reference, 10);
      assert.equal(logs.length, 1);
      assert.equal(logs[0]!.outcome, 'applied', 'the first row stays as it was logged');
      assert.equal(logs[0]!.repeatCount, 999);
      const api = (await (await t.api(`/api/transactions/${reference}`)).json()) as {
        feedback: Array<{ repeatCount: number; lastReceivedAt: string }>;
      };
      assert.equal(api.feedback[0]?.repeatCount, 999);
      assert.ok(api.feedback[0]?.lastReceivedAt);
      // Another STATUS is another row; the browser's copy of the applied feedback is counted on
      // the applied row (docs/ogone-protocol.md §5), its copy of the other row is a row of its own.
      assert.equal((await replay(feedbackFor(reference, 91))).status, 200);
      const browser = (query: Record<string, string>) =>
        t.app.request(`/payment/ogone/return?${new URLSearchParams(query)}`, {
          headers: { accept: 'text/html', 'user-agent': 'Mozilla/5.0' },
        });
      assert.equal((await browser(params)).status, 303);
      assert.equal((await t.repository.listFeedback(reference, 10)).length, 2);
      const applied = (await t.repository.listFeedback(reference, 10)).find((row) => row.outcome === 'applied')!;
      assert.equal(applied.copy?.channel, 'browser');
      assert.equal(applied.copy?.count, 1);
      assert.equal(applied.repeatCount, 999, 'the copy is not a repeat of the server row');
      assert.equal((await browser(feedbackFor(reference, 91))).status, 303);
      assert.equal((await t.repository.listFeedback(reference, 10)).length, 3);
    });

    it('replays padded with empty SHA-OUT-listed names are repeats of the first row (review r850)', async () => {
      const reference = await newAttempt();
      const params = feedbackFor(reference, 9);
      assert.equal((await replay(params)).status, 200);
      // SHA-OUT leaves an empty value out, so each padded copy still verifies; the listed names
      // the feedback does not carry gave one new row each.
      const carried = new Set(Object.keys(params).map((name) => name.toUpperCase()));
      const padding = SHA_OUT_PARAMETER_NAMES.filter((name) => !carried.has(name)).slice(0, 20);
      assert.equal(padding.length, 20);
      for (const name of padding) assert.equal((await replay({ ...params, [name]: '' })).status, 200, `${name}=`);
      const logs = await t.repository.listFeedback(reference, 100);
      assert.deepEqual(
        logs.map((row) => [row.outcome, row.repeatCount]),
        [['applied', 20]],
      );
      assert.equal((await t.repository.getTransaction(reference))?.state, 'captured');
    });

    it('identical replays at once: still one row, the counter exact', async () => {
      const reference = await newAttempt();
      const params = feedbackFor(reference, 9);
      const responses = await Promise.all(Array.from({ length: 60 }, () => post(params)));
      assert.ok(responses.every((r) => r.status === 200));
      const logs = await t.repository.listFeedback(reference, 10);
      assert.equal(logs.length, 1);
      assert.equal(logs[0]!.repeatCount, 59);
    });
  });

  describe(`RETENTION_DAYS on ${kind}`, () => {
    let database: TestDatabase;
    let repository: Repository;
    const clock = manualClock(new Date('2026-06-01T00:00:00.000Z'));
    before(async () => {
      database = await createTestDatabase(kind);
      ({ repository } = await openTestRepository(database, clock));
    });
    after(async () => {
      await repository?.close();
      await database?.drop();
    });

    async function paidPayment(createdAt: string) {
      const session = sessionRecord({
        createdAt,
        expiresAt: new Date(Date.parse(createdAt) + 3_600_000).toISOString(),
        customer: {
          id: 'cust-9',
          name: 'Bárbara Souza',
          email: 'b@example.com',
          address: { line1: '1 rue X', zip: '1000', town: 'Bruxelles', country: 'BE' },
        } as never,
      });
      await repository.createSession(session);
      const transaction = transactionRecord(session.id, {
        createdAt,
        updatedAt: createdAt,
        state: 'captured',
        capturedAmount: 1999,
        lastStatus: 9,
        cardHolder: 'Bárbara Souza',
        cardNumber: 'XXXXXXXXXXXX1111',
      });
      await repository.createTransaction(transaction);
      await repository.mutateTransaction(transaction.reference, () => ({
        feedback: {
          channel: 'server',
          status: 9,
          outcome: 'applied',
          params: {
            ORDERID: transaction.reference,
            STATUS: '9',
            AMOUNT: '19.99',
            CN: 'Bárbara Souza',
            EMAIL: 'b@example.com',
            IP: '203.0.113.7',
            PAYID: '42',
          },
        },
        events: [
          {
            type: 'payment.captured',
            reference: transaction.reference,
            data: { reference: transaction.reference, amount: 1999, state: 'captured', cardHolder: 'Bárbara Souza' },
          },
        ],
        result: null,
      }));
      return { session, transaction };
    }

    it('purges the personal data of an old payment, leaves a recent one, keeps amounts and states', async () => {
      const old = await paidPayment(new Date(clock.now().getTime() - 401 * DAY_MS).toISOString());
      const recent = await paidPayment(new Date(clock.now().getTime() - 399 * DAY_MS).toISOString());
      const purger = createRetentionPurger({ repository, clock, retentionDays: 400, logger: { info() {}, warn() {} } });
      const purged = await purger.runOnce();
      assert.deepEqual(purged, { sessions: 1, transactions: 1, feedback: 1, events: 1 });

      const oldSession = await repository.getSession(old.session.id);
      assert.deepEqual(oldSession?.customer, { id: 'cust-9' });
      assert.equal(oldSession?.amount, 1999);
      const oldPayment = await repository.getTransaction(old.transaction.reference);
      assert.equal(oldPayment?.cardHolder, null);
      assert.equal(oldPayment?.state, 'captured');
      assert.equal(oldPayment?.capturedAmount, 1999);
      assert.equal(oldPayment?.amount, 1999);
      assert.equal(oldPayment?.cardNumber, 'XXXXXXXXXXXX1111');
      const [oldLog] = await repository.listFeedback(old.transaction.reference, 5);
      assert.deepEqual(oldLog?.params, { AMOUNT: '19.99', ORDERID: old.transaction.reference, PAYID: '42', STATUS: '9' });
      assert.equal(oldLog?.status, 9);
      const [oldEvent] = (await repository.listEvents({ limit: 5, reference: old.transaction.reference })).items;
      assert.deepEqual(oldEvent?.data, { reference: old.transaction.reference, amount: 1999, state: 'captured', cardHolder: null });
      const [recentEvent] = (await repository.listEvents({ limit: 5, reference: recent.transaction.reference })).items;
      assert.equal((recentEvent?.data as { cardHolder: string }).cardHolder, 'Bárbara Souza');

      assert.equal((await repository.getSession(recent.session.id))?.customer?.email, 'b@example.com');
      assert.equal((await repository.getTransaction(recent.transaction.reference))?.cardHolder, 'Bárbara Souza');
      assert.equal((await repository.listFeedback(recent.transaction.reference, 5))[0]?.params.CN, 'Bárbara Souza');

      // Idempotent; and a replay of the purged feedback is still counted on its row.
      assert.deepEqual(await purger.runOnce(), { sessions: 0, transactions: 0, feedback: 0, events: 0 });
      await repository.mutateTransaction(old.transaction.reference, () => ({
        feedback: {
          channel: 'server',
          status: 9,
          outcome: 'unchanged',
          params: {
            ORDERID: old.transaction.reference,
            STATUS: '9',
            AMOUNT: '19.99',
            CN: 'Bárbara Souza',
            EMAIL: 'b@example.com',
            IP: '203.0.113.7',
            PAYID: '42',
          },
        },
        result: null,
      }));
      const logs = await repository.listFeedback(old.transaction.reference, 5);
      assert.equal(logs.length, 1);
      assert.equal(logs[0]?.repeatCount, 1);
      assert.equal(logs[0]?.params.CN, undefined);
      await purger.close();
    });
  });
}

describe('feedback rate limit', () => {
  let database: TestDatabase;
  let server: RunningServer;
  before(async () => {
    database = await createTestDatabase('sqlite');
    server = await startServer({
      env: {
        ...TEST_ENV,
        ...database.env,
        TRUST_PROXY: 'loopback',
        FEEDBACK_RATE_LIMIT_PER_MINUTE: '5',
        FEEDBACK_RATE_LIMIT_EXEMPT: '198.51.100.0/24, 2001:db8::/32',
      },
      port: 0,
      host: '127.0.0.1',
      quiet: true,
      retentionIntervalMs: 0,
    });
  });
  after(async () => {
    await server?.close();
    await database?.drop();
  });

  // Unsigned feedback: 403, and every request counts. The client address comes through the
  // trusted local proxy (TRUST_PROXY=loopback), as it would behind a load balancer.
  const send = async (from: string) => {
    const response = await fetch(`${server.url}/payment/ogone/return?orderID=X&STATUS=9`, {
      headers: { ...SERVER_HEADERS, 'x-forwarded-for': from },
    });
    await response.arrayBuffer();
    return response.status;
  };

  it('answers 429 past the limit from one address; another address and exempt ones are unaffected', async () => {
    const first: number[] = [];
    for (let i = 0; i < 7; i++) first.push(await send('203.0.113.7'));
    assert.deepEqual(first, [403, 403, 403, 403, 403, 429, 429]);
    assert.equal(await send('203.0.113.8'), 403, 'another address has its own budget');
    for (let i = 0; i < 20; i++) assert.equal(await send('198.51.100.9'), 403, 'an exempt address is never limited');
    for (let i = 0; i < 20; i++) assert.equal(await send('2001:db8::7'), 403, 'an exempt IPv6 address is never limited');
    assert.equal(await send('203.0.113.7'), 429);
  });

  it('settings are validated and name the variable', () => {
    const config = parseServerConfig({ ...TEST_ENV });
    assert.equal(config.feedbackRateLimitPerMinute, 600);
    assert.equal(config.retentionDays, 400);
    assert.equal(config.feedbackRateLimitExempt?.includes('203.0.113.7'), false);
    for (const [env, variable] of [
      [{ FEEDBACK_RATE_LIMIT_PER_MINUTE: '0' }, 'FEEDBACK_RATE_LIMIT_PER_MINUTE'],
      [{ FEEDBACK_RATE_LIMIT_PER_MINUTE: 'lots' }, 'FEEDBACK_RATE_LIMIT_PER_MINUTE'],
      [{ FEEDBACK_RATE_LIMIT_EXEMPT: '203.0.113.0/99' }, 'FEEDBACK_RATE_LIMIT_EXEMPT'],
      [{ FEEDBACK_RATE_LIMIT_EXEMPT: 'ogone.com' }, 'FEEDBACK_RATE_LIMIT_EXEMPT'],
      [{ RETENTION_DAYS: '7' }, 'RETENTION_DAYS'],
      [{ RETENTION_DAYS: '100000' }, 'RETENTION_DAYS'],
      [{ RETENTION_DAYS: '-1' }, 'RETENTION_DAYS'],
    ] as const) {
      assert.throws(
        () => parseServerConfig({ ...TEST_ENV, ...env }),
        (error: unknown) => error instanceof ConfigError && error.variable === variable,
        JSON.stringify(env),
      );
    }
    assert.equal(parseServerConfig({ ...TEST_ENV, RETENTION_DAYS: '730' }).retentionDays, 730);
  });
});
