/**
 * The merchant's webhook endpoint is down for a while (connections refused): deliveries back off
 * exponentially, later events of a payment wait behind its first, and once the endpoint is back
 * everything catches up — each event once, in order per payment. Over SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';
import { SCALE_SANDBOX_ACCOUNT, serverEnv, WEBHOOK_SECRET } from '../support/accounts.ts';
import { pool } from '../support/load.ts';
import { feedbackParams, sendFeedback } from '../support/feedback.ts';
import { api, createPayment, type CreatedPayment } from '../support/merchant.ts';
import { startSandbox, type RunningSandbox } from '../support/sandbox.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const BACKOFF = { baseMs: 150, maxMs: 1200 };
const PAYMENTS = 8;
const SEQUENCE: Array<[number, string]> = [
  [46, 'payment.pending'],
  [5, 'payment.authorized'],
  [9, 'payment.captured'],
];

interface EventView {
  id: string;
  type: string;
  reference: string;
  delivery: { status: string; attempts: number; lastError: string | null };
  deliveries: Array<{ attemptedAt: string; ok: boolean; error: string | null }>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const kind of DATABASE_KINDS) {
  describe(`webhook receiver down for a while, on ${kind}`, { timeout: 60_000 }, () => {
    let database: TestDatabase;
    let sandbox: RunningSandbox;
    let receiver: WebhookReceiver;
    let server: RunningServer;

    before(async () => {
      database = await createTestDatabase(kind);
      sandbox = await startSandbox(SCALE_SANDBOX_ACCOUNT);
      receiver = await startWebhookReceiver(WEBHOOK_SECRET);
      await receiver.down();
      server = await startServer({
        env: serverEnv(sandbox.url, { ...database.env, WEBHOOK_URL: receiver.url }),
        port: 0,
        host: '127.0.0.1',
        quiet: true,
        // No jitter, so the smallest possible gap between two attempts is known.
        webhooks: { pollIntervalMs: 50, backoff: BACKOFF, random: () => 0 },
      });
    });

    after(async () => {
      await server?.close();
      await receiver?.close();
      await sandbox?.close();
      await database?.drop();
    });

    async function events(): Promise<EventView[]> {
      const all: EventView[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: { data: EventView[]; nextCursor: string | null } } = await api(
          server.url,
          `/api/events?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        );
        assert.equal(page.status, 200);
        all.push(...page.body.data);
        cursor = page.body.nextCursor;
      } while (cursor);
      return all.sort((a, b) => (a.id < b.id ? -1 : 1));
    }

    it('backs off while it is down, then catches up in order per payment', async () => {
      const payments: CreatedPayment[] = await pool(
        Array.from({ length: PAYMENTS }, (_, i) => () => createPayment(server.url, { amount: 700 + i, currency: 'EUR' })),
        4,
      );
      await pool(
        payments.map((payment) => async () => {
          for (const [status] of SEQUENCE) {
            const code = await sendFeedback(
              server.url,
              feedbackParams({ reference: payment.reference, amount: payment.amount, currency: payment.currency, status }),
              { channel: 'server', method: 'POST' },
            );
            assert.equal(code, 200);
          }
        }),
        4,
      );

      // Down: wait until every payment's first event has failed four times.
      let outbox: EventView[] = [];
      for (let i = 0; i < 300; i++) {
        outbox = await events();
        const heads = payments.map((p) => outbox.find((e) => e.reference === p.reference)!);
        if (heads.every((head) => head.delivery.attempts >= 4)) break;
        await sleep(50);
      }
      assert.equal(outbox.length, PAYMENTS * SEQUENCE.length);
      assert.equal(receiver.deliveries.length, 0);
      for (const payment of payments) {
        const own = outbox.filter((e) => e.reference === payment.reference);
        assert.deepEqual(
          own.map((e) => e.type),
          SEQUENCE.map(([, type]) => type),
        );
        const [head, ...rest] = own;
        assert.ok(head!.delivery.attempts >= 4, `${payment.reference}: ${head!.delivery.attempts} attempts`);
        assert.equal(head!.delivery.status, 'pending');
        assert.match(head!.delivery.lastError ?? '', /network error|ECONNREFUSED/);
        // In order: a payment's later events are not tried before its first is delivered.
        for (const later of rest) assert.equal(later.delivery.attempts, 0, `${later.type} waits for ${head!.type}`);
        // Exponential back-off: from the first attempt to the last, at least the sum of the delays
        // (150 + 300 + 600… ms; without back-off it would be one 50 ms poll each). A lower bound
        // only, so a slow machine cannot fail it; the slack covers the time recording takes.
        const times = head!.deliveries.map((d) => Date.parse(d.attemptedAt));
        let minimum = 0;
        for (let n = 1; n < times.length; n++) minimum += Math.min(BACKOFF.baseMs * 2 ** (n - 1), BACKOFF.maxMs);
        const span = times.at(-1)! - times[0]!;
        assert.ok(span >= minimum * 0.8, `${times.length} attempts in ${span} ms, expected at least ${minimum} ms`);
      }

      // Back up: everything catches up, each event once, in order per payment.
      await receiver.up();
      let final: EventView[] = [];
      for (let i = 0; i < 400; i++) {
        final = await events();
        if (receiver.counts.size >= outbox.length && final.every((e) => e.delivery.status === 'delivered')) break;
        await sleep(50);
      }
      assert.deepEqual(
        final.filter((e) => e.delivery.status !== 'delivered').map((e) => e.id),
        [],
      );
      assert.deepEqual([...receiver.counts.keys()].sort(), final.map((e) => e.id).sort());
      assert.deepEqual(
        [...receiver.counts.values()].filter((n) => n !== 1),
        [],
      );
      for (const payment of payments) {
        const order = receiver.orderOf(payment.reference);
        assert.deepEqual(
          order,
          final.filter((e) => e.reference === payment.reference).map((e) => e.id),
        );
        assert.deepEqual(
          order.map((id) => receiver.deliveries.find((d) => d.id === id)!.type),
          SEQUENCE.map(([, type]) => type),
        );
      }
    });
  });
}
