/**
 * The reconciler on three server processes sharing one PostgreSQL database: payments the server
 * believes stuck at STATUS 46 were settled at the platform (the sandbox) without telling us. Every
 * instance runs its reconciler every second; each payment must be queried once in all — not once
 * per instance — and end captured, with one webhook event.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { SCALE_SANDBOX_ACCOUNT, serverEnv } from '../support/accounts.ts';
import { pool } from '../support/load.ts';
import { feedbackParams, sendFeedback } from '../support/feedback.ts';
import { createPayment, type CreatedPayment } from '../support/merchant.ts';
import { spawnServer, type ServerProcess } from '../support/processes.ts';
import { startSandbox, type RunningSandbox } from '../support/sandbox.ts';
import { payOnHostedPage } from '../support/hosted-page.ts';

const PAYMENTS = 12;
const CHALLENGE_CARD = '4000000000000002';

describe('reconciler on three instances', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let sandbox: RunningSandbox;
  let servers: ServerProcess[] = [];
  let client: pg.Client;
  /** DirectLink queries received by the platform, per PAYID or ORDERID (a 46 on the hosted page is asked by ORDERID). */
  const queries = new Map<string, number>();

  before(async () => {
    database = await createTestDatabase('postgres');
    // No post-sale URL: the platform never tells the servers; only their queries find out.
    sandbox = await startSandbox({
      ...SCALE_SANDBOX_ACCOUNT,
      async observe(request) {
        if (!new URL(request.url).pathname.endsWith('/querydirect_utf8.asp')) return;
        const form = new URLSearchParams(await request.text());
        const asked = form.get('PAYID') || form.get('ORDERID');
        if (asked) queries.set(asked, (queries.get(asked) ?? 0) + 1);
      },
    });
    // Every instance reconciles every second; a payment is a candidate once its STATUS 46 is known.
    const env = serverEnv(sandbox.url, { ...database.env, PORT: '0', RECONCILE_INTERVAL_SECONDS: '1', RECONCILE_AFTER_SECONDS: '0' });
    servers = await Promise.all([0, 1, 2].map(() => spawnServer({ env })));
    client = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await client.connect();
  });
  after(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await client?.end();
    await sandbox?.close();
    await database?.drop();
  });

  it('queries each unresolved payment once across the instances and settles it', async () => {
    const payments: CreatedPayment[] = await pool(
      Array.from({ length: PAYMENTS }, (_, i) => () => createPayment(servers[i % 3]!.url, { amount: 1500 + i, currency: 'EUR' })),
      4,
    );
    const payIds = new Map<string, string>();
    for (const payment of payments) {
      // 3-D Secure started (STATUS 46) and then completed at the platform: captured there.
      await payOnHostedPage(payment.attempt, CHALLENGE_CARD);
      const atPlatform = sandbox.sandbox.payments({ orderId: payment.reference })[0]!;
      assert.equal(atPlatform.status, 46);
      await sandbox.sandbox.resolve(atPlatform.payId, 9);
      payIds.set(payment.reference, atPlatform.payId);
    }
    // The servers only ever heard of the 46 (the browser's redirect before the challenge).
    await pool(
      payments.map((payment, i) => async () => {
        const code = await sendFeedback(
          servers[i % 3]!.url,
          feedbackParams({
            reference: payment.reference,
            amount: payment.amount,
            currency: 'EUR',
            status: 46,
            payId: payIds.get(payment.reference)!,
          }),
          { channel: 'server', method: 'POST' },
        );
        assert.equal(code, 200);
      }),
      6,
    );

    let states: Array<{ reference: string; state: string }> = [];
    for (let i = 0; i < 300; i++) {
      states = (await client.query<{ reference: string; state: string }>('select reference, state from transactions')).rows;
      if (states.every((row) => row.state === 'captured')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(
      states.filter((row) => row.state !== 'captured'),
      [],
    );
    // Two more rounds on every instance, so a duplicate query would have had its chance.
    await new Promise((resolve) => setTimeout(resolve, 2200));
    for (const payment of payments) {
      const asked = (queries.get(payIds.get(payment.reference)!) ?? 0) + (queries.get(payment.reference) ?? 0);
      assert.equal(asked, 1, `queries of ${payment.reference}`);
    }
    const events = await client.query<{ reference: string; type: string }>(
      "select reference, type from webhook_events where type = 'payment.captured'",
    );
    assert.equal(events.rows.length, PAYMENTS);
  });
});
