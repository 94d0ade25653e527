/**
 * One charge per session across instances (issue 13): three signer processes (`ogone-checkout
 * serve`) on one PostgreSQL database and one sandbox as the Ogone test platform. 10, then 25,
 * saved-card attempts on one session, fired at the three instances at once, must put exactly one
 * DirectLink order on the platform; every other attempt gets 409.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { SCALE_SANDBOX_ACCOUNT, serverEnv, WEBHOOK_SECRET } from '../support/accounts.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { api, createPayment } from '../support/merchant.ts';
import { spawnServer, type ServerProcess } from '../support/processes.ts';
import { startSandbox, type RunningSandbox } from '../support/sandbox.ts';
import { payOnHostedPage } from '../support/hosted-page.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const BROWSER = {
  acceptHeader: 'text/html',
  colorDepth: 24,
  javaEnabled: false,
  language: 'en-GB',
  screenHeight: 1080,
  screenWidth: 1920,
  timezoneOffset: 0,
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Race',
};

describe('one charge per session on three instances sharing PostgreSQL', { timeout: 300_000 }, () => {
  let database: TestDatabase;
  let sandbox: RunningSandbox;
  let receiver: WebhookReceiver;
  let servers: ServerProcess[] = [];
  let aliasId: string;

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
    // Three tsx-compiled starts on a busy 2-core machine can take a while.
    servers = await Promise.all([0, 1, 2].map(() => spawnServer({ env, startTimeoutMs: 120_000 })));
    // A saved card: paid once on the hosted page with "save my card".
    const first = await createPayment(servers[0]!.url, { amount: 500, currency: 'EUR', customer: { id: 'cust-race' }, saveCard: 'always' });
    // The shopper's browser comes back with the signed result (this sandbox has no feedback URL).
    const back = await payOnHostedPage(first.attempt, '4111111111111111', { save: true });
    await (await fetch(back, { headers: BROWSER_HEADERS, redirect: 'manual' })).arrayBuffer();
    for (let i = 0; i < 100 && !aliasId; i++) {
      const list = await api(servers[1]!.url, '/api/customers/cust-race/aliases');
      aliasId = list.body.data?.[0]?.id;
      if (!aliasId) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(aliasId, 'the card was saved');
  });

  after(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await receiver?.close();
    await sandbox?.close();
    await database?.drop();
  });

  const directLinkOrders = async () =>
    (
      (await (await fetch(`${sandbox.url}/sandbox/payments`)).json()) as { payments: Array<{ channel: string; orderId: string }> }
    ).payments.filter((p) => p.channel === 'directlink');

  for (const concurrency of [10, 25]) {
    it(`${concurrency} attempts at once over three instances: one DirectLink order`, async () => {
      const session = await api(servers[0]!.url, '/api/checkout-sessions', {
        json: { amount: 1999, currency: 'EUR', customer: { id: 'cust-race' }, saveCard: 'optional' },
      });
      assert.equal(session.status, 201);
      const before = (await directLinkOrders()).length;
      const answers = await Promise.all(
        Array.from({ length: concurrency }, async (_, i) => {
          const response = await fetch(`${servers[i % 3]!.url}/checkout/sessions/${session.body.id}/attempts`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': BROWSER.userAgent },
            body: JSON.stringify({ aliasId, browser: BROWSER }),
          });
          return { status: response.status, body: (await response.json()) as Record<string, any> };
        }),
      );
      const summary = JSON.stringify(answers.map((a) => [a.status, a.body.error?.code ?? a.body.state]));
      assert.equal(answers.filter((a) => a.status === 201).length, 1, summary);
      for (const answer of answers.filter((a) => a.status !== 201)) {
        assert.equal(answer.status, 409, summary);
        assert.ok(['attempt_in_progress', 'session_paid'].includes(answer.body.error.code), summary);
      }
      assert.ok(
        answers.some((a) => a.body.error?.code === 'attempt_in_progress'),
        summary,
      );
      assert.equal((await directLinkOrders()).length - before, 1, 'exactly one charge at the platform');
      const view = await api(servers[2]!.url, `/api/checkout-sessions/${session.body.id}`);
      assert.equal(view.body.status, 'paid');
      assert.deepEqual(
        view.body.transactions.map((t: { state: string }) => t.state),
        ['captured'],
      );
    });
  }
});
