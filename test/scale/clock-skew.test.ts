/**
 * Two server processes on one PostgreSQL database whose clocks disagree (hosts a little out of
 * sync). A payment's changes alternate between them while the webhook endpoint is down; once it
 * is back, its events must arrive in the order the changes happened, whichever instance made
 * each change and whatever its clock said.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { SCALE_SANDBOX_ACCOUNT, serverEnv, WEBHOOK_SECRET } from '../support/accounts.ts';
import { pool } from '../support/load.ts';
import { feedbackParams, sendFeedback } from '../support/feedback.ts';
import { createPayment, type CreatedPayment } from '../support/merchant.ts';
import { spawnServer, type ServerProcess } from '../support/processes.ts';
import { startSandbox, type RunningSandbox } from '../support/sandbox.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const SKEW_MS = 3000;
const PAYMENTS = 10;
const SEQUENCE: Array<[number, string]> = [
  [46, 'payment.pending'],
  [5, 'payment.authorized'],
  [9, 'payment.captured'],
];
const TUNING = { webhooks: { pollIntervalMs: 50, backoff: { baseMs: 100, maxMs: 300 } } };

describe('instances with skewed clocks on one PostgreSQL database', { timeout: 90_000 }, () => {
  let database: TestDatabase;
  let sandbox: RunningSandbox;
  let receiver: WebhookReceiver;
  let ahead: ServerProcess;
  let behind: ServerProcess;

  before(async () => {
    database = await createTestDatabase('postgres');
    sandbox = await startSandbox(SCALE_SANDBOX_ACCOUNT);
    receiver = await startWebhookReceiver(WEBHOOK_SECRET);
    const env = serverEnv(sandbox.url, { ...database.env, WEBHOOK_URL: receiver.url, PORT: '0' });
    [ahead, behind] = await Promise.all([
      spawnServer({ env, entry: 'tuned', tuning: TUNING }),
      spawnServer({ env, entry: 'tuned', tuning: { ...TUNING, clockSkewMs: -SKEW_MS } }),
    ]);
  });
  after(async () => {
    await Promise.all([ahead?.stop(), behind?.stop()]);
    await receiver?.close();
    await sandbox?.close();
    await database?.drop();
  });

  it('delivers each payment’s events in the order of its changes', async () => {
    const payments: CreatedPayment[] = await pool(
      Array.from({ length: PAYMENTS }, (_, i) => () => createPayment(ahead.url, { amount: 800 + i, currency: 'EUR' })),
      4,
    );
    await receiver.down();
    // Each status goes to the other instance than the previous one, starting with the one ahead.
    await pool(
      payments.map((payment) => async () => {
        for (const [index, [status]] of SEQUENCE.entries()) {
          const target = index % 2 === 0 ? ahead : behind;
          const code = await sendFeedback(
            target.url,
            feedbackParams({ reference: payment.reference, amount: payment.amount, currency: payment.currency, status }),
            { channel: 'server', method: 'POST' },
          );
          assert.equal(code, 200);
        }
      }),
      4,
    );
    await receiver.up();
    const expected = PAYMENTS * SEQUENCE.length;
    for (let i = 0; i < 600 && receiver.counts.size < expected; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    assert.equal(receiver.counts.size, expected);
    for (const payment of payments) {
      const types = receiver.orderOf(payment.reference).map((id) => receiver.deliveries.find((d) => d.id === id)!.type);
      assert.deepEqual(
        types,
        SEQUENCE.map(([, type]) => type),
        `webhooks of ${payment.reference}`,
      );
    }
  });
});
