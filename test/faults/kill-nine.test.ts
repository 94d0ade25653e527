/**
 * `kill -9` of a signer server process on PostgreSQL in the middle of a load of feedback: shoppers
 * paying on the sandbox (whose server-to-server feedback goes to the server) and the platform's
 * feedback for other payments. After a restart on the same address: nothing answered 200 is lost,
 * the outbox still goes out (each event at least once, in order per payment), and the sandbox's
 * deferred retries bring in the feedback that was never answered.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { STATUS_CODES } from '../../shared/status.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { SCALE_SANDBOX_ACCOUNT, secretsIn, serverEnv, WEBHOOK_SECRET } from '../support/accounts.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { pool } from '../support/load.ts';
import { feedbackParams, sendFeedback } from '../support/feedback.ts';
import { createPayment, type CreatedPayment } from '../support/merchant.ts';
import { freePort } from '../support/listen.ts';
import { spawnServer, type ServerProcess } from '../support/processes.ts';
import { startSandbox, type RunningSandbox } from '../support/sandbox.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

/**
 * Short versions of the platform's "retry every 10 minutes" so the test sees them happen; enough
 * of them to outlast the server's time down on a loaded machine (the rest of the load, the
 * shoppers paying meanwhile, a start through tsx that takes 10 s at a load average of 9): forty
 * seconds of them could run out first, and the platform then gave up a feedback never answered.
 */
const RETRY_DELAYS_MS = [300, 600, ...Array.from({ length: 180 }, () => 1000)];
const TUNING = { webhooks: { pollIntervalMs: 100, leaseMs: 1500, backoff: { baseMs: 200, maxMs: 1000 } } };
const SHOPPERS = 16;
const DIRECT = 12;
/** The statuses the platform reports, in order, for each directly fed payment. */
const DIRECT_SEQUENCE = [46, 5, 9, 9];
const RANK: Record<string, number> = { draft: 0, pending: 1, authorized: 2, captured: 3 };
/** How long the feedback retries and the outbox may take to settle after the restart: it only bounds a hang. */
const SETTLE_MS = 120_000;
/** A server's start (tsx compiling it) on a loaded machine. */
const START_TIMEOUT_MS = 90_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('kill -9 during a load of feedback', { timeout: 420_000 }, () => {
  let database: TestDatabase;
  let sandbox: RunningSandbox;
  let receiver: WebhookReceiver;
  let client: pg.Client;
  let env: Record<string, string>;
  const servers: ServerProcess[] = [];
  const output: string[] = [];

  before(async () => {
    database = await createTestDatabase('postgres');
    receiver = await startWebhookReceiver(WEBHOOK_SECRET);
    const port = await freePort();
    sandbox = await startSandbox({
      ...SCALE_SANDBOX_ACCOUNT,
      feedbackUrl: `http://127.0.0.1:${port}/payment/ogone/return`,
      retry: { delaysMs: RETRY_DELAYS_MS },
      feedbackTimeoutMs: 3000,
      // One try: a refused card ends its page at once with its feedback, like every other shopper here.
      paymentTries: 1,
    });
    env = serverEnv(sandbox.url, {
      DATABASE_URL: database.env.DATABASE_URL!,
      DATA_DIR: database.dataDir,
      WEBHOOK_URL: receiver.url,
      PORT: String(port),
    });
    servers.push(await spawnServer({ env, entry: 'tuned', tuning: TUNING, sink: output, startTimeoutMs: START_TIMEOUT_MS }));
    client = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await client.connect();
  });

  after(async () => {
    for (const server of servers) await server.kill9();
    await client?.end();
    await sandbox?.close();
    await receiver?.close();
    await database?.drop();
  });

  /** A shopper paying on the sandbox's hosted page; the sandbox then posts the feedback to us. */
  async function pay(payment: CreatedPayment, card: string): Promise<void> {
    const page = await fetch(payment.attempt.action, {
      method: 'POST',
      body: new URLSearchParams(payment.attempt.fields),
      headers: BROWSER_HEADERS,
    });
    const html = await page.text();
    assert.equal(page.status, 200, html.slice(0, 300));
    const token = /name="TOKEN" value="([^"]+)"/.exec(html)?.[1];
    assert.ok(token, 'the card page carries a token');
    const form = new URLSearchParams({ TOKEN: token, CARDNO: card, ED: '12/30', CN: 'Kill Nine', CVC: '123', ACTION: 'pay' });
    const done = await fetch(`${sandbox.url}/ncol/test/sandbox_pay.asp`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
      headers: { ...BROWSER_HEADERS, 'content-type': 'application/x-www-form-urlencoded' },
    });
    await done.arrayBuffer();
    assert.equal(done.status, 303);
  }

  it('loses nothing answered 200, delivers the outbox after restart, and the platform retries the rest', async () => {
    const first = servers[0]!;
    const shoppers = await pool(
      Array.from({ length: SHOPPERS }, (_, i) => () => createPayment(first.url, { amount: 2000 + i, currency: 'EUR' })),
      4,
    );
    const direct = await pool(
      Array.from({ length: DIRECT }, (_, i) => () => createPayment(first.url, { amount: 3000 + i, currency: 'EUR' })),
      4,
    );

    // The load: direct feedback (46, 5, 9, 9 per payment) and shoppers paying, all at once.
    const answered: Array<{ reference: string; status: number }> = [];
    let killed: Promise<void> | undefined;
    const directLoad = pool(
      direct.map((payment, index) => async () => {
        for (const status of DIRECT_SEQUENCE) {
          const code = await sendFeedback(
            first.url,
            feedbackParams({
              reference: payment.reference,
              amount: payment.amount,
              currency: payment.currency,
              status,
              payId: String(7_000_000 + index),
            }),
            { channel: 'server', method: 'POST' },
          );
          if (code === 200) answered.push({ reference: payment.reference, status });
          else assert.equal(code, 0, 'a feedback is answered 200 or not at all');
          // The crash comes once a good part of the load has been answered.
          if (answered.length === 18 && !killed) killed = first.kill9();
        }
      }),
      6,
    );
    const cards = ['4111111111111111', '4000000000000200', '5399999999999999', '4000100011112224'];
    const half = SHOPPERS / 2;
    const shopperLoad = pool(
      shoppers.slice(0, half).map((payment, index) => () => pay(payment, cards[index % cards.length]!)),
      4,
    );
    await directLoad;
    assert.ok(killed, 'the server was killed during the load');
    await killed;
    await shopperLoad;
    // More shoppers pay while the server is down: the platform cannot deliver their feedback now.
    await pool(
      shoppers.slice(half).map((payment, index) => () => pay(payment, cards[index % cards.length]!)),
      4,
    );
    assert.equal(first.child.signalCode, 'SIGKILL');
    assert.ok(answered.length >= 18 && answered.length < DIRECT * DIRECT_SEQUENCE.length, `answered ${answered.length}`);

    // While it is down the sandbox could not deliver some feedback: it scheduled deferred retries.
    const waiting = sandbox.sandbox.payments().filter((p) => p.deliveries.some((d) => d.state === 'retrying'));
    assert.ok(waiting.length > 0, 'some server-to-server feedback was not answered');

    // Restart on the same address (the platform's post-sale URL does not change).
    const second = await spawnServer({ env, entry: 'tuned', tuning: TUNING, sink: output, startTimeoutMs: START_TIMEOUT_MS });
    servers.push(second);
    assert.equal(second.url, first.url);

    // Nothing answered 200 is lost.
    for (const { reference, status } of answered) {
      const logged = await client.query('select 1 from feedback_log where reference = $1 and status = $2', [reference, status]);
      assert.ok(logged.rowCount! > 0, `feedback ${status} for ${reference} was answered 200`);
      const row = await client.query<{ state: string }>('select state from transactions where reference = $1', [reference]);
      assert.ok(
        RANK[row.rows[0]!.state]! >= RANK[STATUS_CODES.get(status)!.state]!,
        `${reference} is ${row.rows[0]!.state} after ${status} was answered`,
      );
    }

    // The sandbox's deferred retries bring in everything else: each shopper's payment ends as
    // the platform says, and some of them only thanks to a retry.
    let pendingDeliveries = Infinity;
    for (const deadline = Date.now() + SETTLE_MS; ; await sleep(100)) {
      pendingDeliveries = sandbox.sandbox
        .payments()
        .flatMap((p) => p.deliveries)
        .filter((d) => d.state !== 'delivered').length;
      if (pendingDeliveries === 0 || Date.now() > deadline) break;
    }
    assert.equal(pendingDeliveries, 0, 'every sandbox feedback was finally delivered');
    const platform = sandbox.sandbox.payments();
    assert.equal(platform.length, SHOPPERS);
    let retried = 0;
    for (const payment of platform) {
      const row = await client.query<{ state: string; payid: string }>('select state, payid from transactions where reference = $1', [
        payment.orderId,
      ]);
      assert.equal(row.rows[0]?.state, STATUS_CODES.get(payment.status)!.state, `${payment.orderId}: STATUS ${payment.status}`);
      assert.equal(row.rows[0]?.payid, payment.payId);
      if (payment.deliveries.some((d) => d.attempts.length > 1)) retried++;
    }
    assert.ok(retried > 0, 'some feedback arrived through a deferred retry');

    // The outbox goes out after the restart: every event at least once, in order per payment.
    let events: Array<{ id: string; reference: string; status: string }> = [];
    for (const deadline = Date.now() + SETTLE_MS; ; await sleep(100)) {
      events = (
        await client.query<{ id: string; reference: string; status: string }>(
          'select id, reference, status from webhook_events order by id',
        )
      ).rows;
      if (events.every((e) => e.status === 'delivered') && events.every((e) => receiver.counts.has(e.id))) break;
      if (Date.now() > deadline) break;
    }
    // At least one per shopper and per directly fed payment that got an answer.
    assert.ok(events.length >= SHOPPERS + new Set(answered.map((a) => a.reference)).size, `${events.length} events`);
    assert.deepEqual(
      events.filter((e) => e.status !== 'delivered'),
      [],
    );
    assert.deepEqual([...receiver.counts.keys()].sort(), events.map((e) => e.id).sort());
    for (const reference of new Set(events.map((e) => e.reference))) {
      assert.deepEqual(
        receiver.orderOf(reference),
        events.filter((e) => e.reference === reference).map((e) => e.id),
        `order of ${reference}`,
      );
    }
    assert.equal(receiver.invalid, 0);

    assert.deepEqual(secretsIn(output.join('')), []);
    assert.equal((await fetch(`${second.url}/readyz`)).status, 200);
  });
});
