/**
 * Three signer server processes (`ogone-checkout serve`) on one fresh PostgreSQL database and one
 * sandbox as the Ogone test platform. 60 payments; their feedback — redirect and server-to-server
 * copies, duplicated, shuffled, a late STATUS 5 after 9, 46 then 9, a decline then an accepted
 * retry — is fired at all three instances at once. Each payment must end in exactly its state,
 * the outbox must hold exactly the expected events in order, and the webhook receiver must get
 * each event exactly once, per payment in order, with no 5xx anywhere.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { SCALE_SANDBOX_ACCOUNT, secretsIn, serverEnv, WEBHOOK_SECRET } from '../support/accounts.ts';
import { pool, shuffle } from '../support/load.ts';
import { feedbackParams, sendFeedback, type FeedbackChannel } from '../support/feedback.ts';
import { api, createPayment, type CreatedPayment } from '../support/merchant.ts';
import { spawnServer, type ServerProcess } from '../support/processes.ts';
import { startSandbox, type RunningSandbox } from '../support/sandbox.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

interface Scenario {
  name: string;
  /** Statuses Ogone reports first, then later (the later wave also replays the first, late). */
  first: number[];
  later: number[];
  state: string;
  events: string[];
  mismatch?: boolean;
  saveCard?: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'captured', first: [9], later: [9], state: 'captured', events: ['payment.captured'] },
  { name: 'late 5 after 9', first: [9], later: [5], state: 'captured', events: ['payment.captured'] },
  { name: 'authorised then captured', first: [5], later: [9], state: 'captured', events: ['payment.authorized', 'payment.captured'] },
  { name: '46 then 9', first: [46], later: [9], state: 'captured', events: ['payment.pending', 'payment.captured'] },
  { name: 'late 46 after 9', first: [9], later: [46], state: 'captured', events: ['payment.captured'] },
  { name: 'decline, then an accepted retry', first: [2], later: [9], state: 'captured', events: ['payment.declined', 'payment.captured'] },
  { name: 'declined', first: [2], later: [2], state: 'declined', events: ['payment.declined'] },
  { name: 'authorised', first: [5], later: [5], state: 'authorized', events: ['payment.authorized'] },
  { name: 'cancelled', first: [1], later: [1], state: 'cancelled', events: ['payment.cancelled'] },
  { name: 'uncertain', first: [46], later: [51], state: 'pending', events: ['payment.pending'] },
  { name: 'amount mismatch', first: [9], later: [9], state: 'draft', events: ['payment.mismatch'], mismatch: true },
  { name: 'saved card', first: [9], later: [9], state: 'captured', events: ['payment.captured', 'alias.created'], saveCard: true },
];
const PER_SCENARIO = 5;
type Copy = { channel: FeedbackChannel; method: 'GET' | 'POST' };
/** Each status is reported three times: by the platform (twice, POST then GET) and by the browser. */
const COPIES: Copy[] = [
  { channel: 'server', method: 'POST' },
  { channel: 'browser', method: 'GET' },
  { channel: 'server', method: 'GET' },
];
/** A late duplicate of a first status, arriving among the later ones (a platform retry). */
const LATE_COPY: Copy[] = [{ channel: 'server', method: 'POST' }];
const SEED = Number(process.env.OC_SCALE_SEED ?? 20250601);

interface Payment extends CreatedPayment {
  scenario: Scenario;
  payId: string;
  alias?: string;
}

interface Shot {
  payment: Payment;
  status: number;
  channel: FeedbackChannel;
  method: 'GET' | 'POST';
}

/** Names in random case (Ogone mixes them; SHA-OUT hashes uppercase names). */
function recase(params: Record<string, string>, salt: number): Record<string, string> {
  const out: Record<string, string> = {};
  let i = salt;
  for (const [name, value] of Object.entries(params)) {
    i = (i * 1103515245 + 12345) >>> 0;
    out[i % 3 === 0 ? name.toLowerCase() : i % 3 === 1 ? name.toUpperCase() : name] = value;
  }
  return out;
}

describe('three instances on one PostgreSQL database', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let sandbox: RunningSandbox;
  let receiver: WebhookReceiver;
  let servers: ServerProcess[] = [];
  let client: pg.Client;
  const output: string[] = [];

  before(async () => {
    database = await createTestDatabase('postgres');
    sandbox = await startSandbox(SCALE_SANDBOX_ACCOUNT);
    receiver = await startWebhookReceiver(WEBHOOK_SECRET);
    const env = serverEnv(sandbox.url, {
      DATABASE_URL: database.env.DATABASE_URL!,
      DATA_DIR: database.dataDir,
      WEBHOOK_URL: receiver.url,
      PORT: '0',
    });
    // All three start at once on the empty database: the migrations must be applied exactly once.
    servers = await Promise.all([0, 1, 2].map(() => spawnServer({ env, sink: output })));
    client = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await client.connect();
  });

  after(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await client?.end();
    await receiver?.close();
    await sandbox?.close();
    await database?.drop();
  });

  it('applies duplicated, reordered feedback exactly once and delivers each webhook exactly once, in order', async () => {
    const statuses: number[] = [];
    const track = (status: number) => {
      statuses.push(status);
      return status;
    };

    // 60 payments, sessions and attempts spread over the three instances.
    const specs = SCENARIOS.flatMap((scenario) => Array.from({ length: PER_SCENARIO }, (_, i) => ({ scenario, i })));
    const payments = await pool(
      specs.map(({ scenario, i }, index) => async (): Promise<Payment> => {
        const amount = 1000 + index * 37;
        const created = await createPayment(
          servers[index % 3]!.url,
          {
            amount,
            currency: index % 2 === 0 ? 'EUR' : 'CHF',
            ...(scenario.saveCard ? { customer: { id: `cust-${index}` }, saveCard: 'always' as const } : {}),
          },
          servers[(index + 1) % 3]!.url,
        );
        track(201);
        return {
          ...created,
          scenario,
          payId: String(4_000_000 + index * 10 + i),
          ...(created.attempt.fields.ALIAS ? { alias: created.attempt.fields.ALIAS } : {}),
        };
      }),
      6,
    );
    assert.equal(new Set(payments.map((p) => p.reference)).size, payments.length);
    assert.equal(payments.filter((p) => p.alias).length, PER_SCENARIO);

    const shots = (payment: Payment, wave: number[], copies: Copy[] = COPIES): Shot[] =>
      wave.flatMap((status) => copies.map((copy) => ({ payment, status, ...copy })));
    const fire = async (list: Shot[], seed: number) => {
      const ordered = shuffle(list, seed);
      const results = await pool(
        ordered.map((shot, index) => async () => {
          const { payment, status } = shot;
          const amount = payment.scenario.mismatch ? payment.amount + 1 : payment.amount;
          const params = recase(
            feedbackParams({
              reference: payment.reference,
              amount,
              currency: payment.currency,
              status,
              payId: payment.payId,
              ...(payment.alias ? { alias: payment.alias } : {}),
            }),
            seed + index,
          );
          const answer = track(await sendFeedback(servers[(index + seed) % 3]!.url, params, shot));
          return { shot, answer };
        }),
        24,
      );
      for (const { shot, answer } of results) {
        assert.equal(
          answer,
          shot.channel === 'server' ? 200 : 303,
          `${shot.payment.scenario.name} STATUS ${shot.status} by ${shot.channel} ${shot.method}`,
        );
      }
      return results.length;
    };

    const firstCount = await fire(
      payments.flatMap((p) => shots(p, p.scenario.first)),
      SEED,
    );
    // The later wave carries the new statuses and, reordered among them, late copies of the first.
    const laterCount = await fire(
      payments.flatMap((p) => [...shots(p, p.scenario.later), ...shots(p, p.scenario.first, LATE_COPY)]),
      SEED + 1,
    );

    // Every answered feedback is in the log, once: a row, a repeat counted on the row of its
    // exact copy, or the other caller's copy counted on the applied row (bounded storage).
    const logged = await client.query<{ reference: string; n: string }>(
      'select reference, sum(1 + repeat_count + copy_count) as n from feedback_log group by reference',
    );
    const perReference = new Map(logged.rows.map((row) => [row.reference, Number(row.n)]));
    assert.equal(
      [...perReference.values()].reduce((a, b) => a + b, 0),
      firstCount + laterCount,
    );
    for (const payment of payments) {
      const expected =
        (payment.scenario.first.length + payment.scenario.later.length) * COPIES.length + payment.scenario.first.length * LATE_COPY.length;
      assert.equal(perReference.get(payment.reference), expected, `feedback log of ${payment.scenario.name}`);
    }

    // Final states through the merchant API, asked of every instance.
    await pool(
      payments.map((payment, index) => async () => {
        const { status, body } = await api(servers[index % 3]!.url, `/api/transactions/${payment.reference}`);
        track(status);
        assert.equal(status, 200);
        assert.equal(body.state, payment.scenario.state, `${payment.scenario.name}: ${payment.reference}`);
        assert.equal(body.amountMismatch === true, payment.scenario.mismatch === true, `${payment.scenario.name}: mismatch flag`);
        assert.equal(body.amount, payment.amount);
      }),
      8,
    );

    // The outbox holds exactly the expected events per payment, in order.
    const events = await client.query<{ id: string; type: string; reference: string }>(
      'select id, type, reference from webhook_events order by id',
    );
    const byReference = new Map<string, Array<{ id: string; type: string }>>();
    for (const row of events.rows) byReference.set(row.reference, [...(byReference.get(row.reference) ?? []), row]);
    for (const payment of payments) {
      assert.deepEqual(
        byReference.get(payment.reference)?.map((e) => e.type),
        payment.scenario.events,
        `events of ${payment.scenario.name}`,
      );
    }
    const sessionsPaid = await client.query<{ n: string }>("select count(*) as n from checkout_sessions where status = 'paid'");
    assert.equal(Number(sessionsPaid.rows[0]!.n), payments.filter((p) => ['captured', 'authorized'].includes(p.scenario.state)).length);
    const aliases = await client.query<{ n: string }>('select count(*) as n from aliases');
    assert.equal(Number(aliases.rows[0]!.n), PER_SCENARIO);

    // The three dispatchers share the outbox: every event reaches the receiver exactly once.
    const total = events.rows.length;
    for (let i = 0; i < 600 && receiver.counts.size < total; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    // A little longer, so a duplicate delivery would have time to show up.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(receiver.invalid, 0, 'every delivery carries a valid signature');
    assert.deepEqual([...receiver.counts.keys()].sort(), events.rows.map((e) => e.id).sort());
    const duplicated = [...receiver.counts].filter(([, n]) => n !== 1);
    assert.deepEqual(duplicated, [], 'each event id delivered exactly once');
    for (const payment of payments) {
      assert.deepEqual(
        receiver.orderOf(payment.reference),
        byReference.get(payment.reference)!.map((e) => e.id),
        `delivery order of ${payment.scenario.name}`,
      );
    }
    // The receiver answered each; the instances record that (a moment after the answer).
    let delivered: Array<[string, number]> = [];
    for (let i = 0; i < 200; i++) {
      delivered = (
        await client.query<{ status: string; n: string }>('select status, count(*) as n from webhook_events group by status')
      ).rows.map((r) => [r.status, Number(r.n)]);
      if (delivered.length === 1 && delivered[0]![0] === 'delivered') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.deepEqual(delivered, [['delivered', total]]);

    // No 5xx anywhere, and the three instances did share the work.
    assert.deepEqual(
      statuses.filter((s) => s >= 500 || s === 0),
      [],
    );
    const migrations = await client.query<{ n: string }>('select count(*) as n from kysely_migration');
    assert.ok(Number(migrations.rows[0]!.n) >= 1);
    const logs = output.join('');
    assert.doesNotMatch(logs, /"level":50/, 'no error logged by any instance');
    assert.deepEqual(secretsIn(logs), [], 'no secret in any instance output');
    for (const server of servers) assert.match(server.output().stdout, /feedback processed/);
  });
});
