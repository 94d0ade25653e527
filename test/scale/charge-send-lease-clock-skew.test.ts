/**
 * Two instances on one PostgreSQL database, the second one's clock a minute ahead (within the two
 * minutes docs/deploy.md §9 allows). A saved-card charge is on the wire from the first instance
 * (its DirectLink order sent, no answer yet) when the merchant's retry of the same reference
 * reaches the second. The send lease (aliases/charge.ts SEND_LEASE_MS) is stamped with the first
 * instance's clock and read with the second's: it must outlast the call by the clocks' difference,
 * or the instance ahead reads it as expired and sends the same ORDERID while the first is still
 * being processed — the DirectLink guide promises 50001113 only for an order already processed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { SEND_LEASE_MS } from '../../server/aliases/charge.ts';
import { CLOCK_SKEW_TOLERANCE_MS } from '../../server/clock.ts';
import { DEFAULT_TIMEOUT_MS } from '../../server/directlink/client.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { SCALE_SANDBOX_ACCOUNT, serverEnv } from '../support/accounts.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { api, createPayment } from '../support/merchant.ts';
import { payOnHostedPage } from '../support/hosted-page.ts';
import { startSandbox, type RunningSandbox } from '../support/sandbox.ts';

const SKEW_MS = 60_000;

it('the send lease outlasts a DirectLink call by the tolerated clock difference', () => {
  // charge.ts writes the timeout as a literal (the start does not load the client): kept equal here.
  assert.equal(SEND_LEASE_MS, DEFAULT_TIMEOUT_MS + CLOCK_SKEW_TOLERANCE_MS);
});

describe(
  'a saved-card charge on the wire from one instance, retried on an instance whose clock is a minute ahead (postgres)',
  { timeout: 60_000 },
  () => {
    let database: TestDatabase;
    let sandbox: RunningSandbox;
    let first: RunningServer;
    let ahead: RunningServer;
    let aliasId: string;
    /** While set, the first instance's new orders are held on their way (the platform still processing them). */
    let holdOrders = false;
    let releaseHeld: () => void = () => {};
    let orderHeld: () => void = () => {};
    const held = new Promise<void>((resolve) => (orderHeld = resolve));
    /** Orders the instance ahead sent to the platform. */
    let ordersFromAhead = 0;

    before(async () => {
      database = await createTestDatabase('postgres');
      sandbox = await startSandbox(SCALE_SANDBOX_ACCOUNT);
      const env = serverEnv(sandbox.url, { ...database.env });
      const common = { port: 0, host: '127.0.0.1', quiet: true, env, reconciler: { intervalMs: 0 }, retentionIntervalMs: 0 } as const;
      first = await startServer({
        ...common,
        directLink: {
          fetch: async (input, init) => {
            if (holdOrders && String(input).includes('orderdirect')) {
              orderHeld();
              await new Promise<void>((resolve) => (releaseHeld = resolve));
            }
            return fetch(input, init);
          },
        },
      });
      ahead = await startServer({
        ...common,
        clock: { now: () => new Date(Date.now() + SKEW_MS) },
        directLink: {
          fetch: async (input, init) => {
            if (String(input).includes('orderdirect')) ordersFromAhead++;
            return fetch(input, init);
          },
        },
      });
      // A saved card: paid once on the hosted page with "save my card".
      const payment = await createPayment(first.url, { amount: 500, currency: 'EUR', customer: { id: 'cust-skew' }, saveCard: 'always' });
      const back = await payOnHostedPage(payment.attempt, '4111111111111111', { save: true });
      await (await fetch(back, { headers: BROWSER_HEADERS, redirect: 'manual' })).arrayBuffer();
      for (let i = 0; i < 100 && !aliasId; i++) {
        const list = await api(first.url, '/api/customers/cust-skew/aliases');
        aliasId = list.body.data?.[0]?.id;
        if (!aliasId) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(aliasId, 'the card was saved');
    });

    after(async () => {
      releaseHeld();
      await first?.close();
      await ahead?.close();
      await sandbox?.close();
      await database?.drop();
    });

    it('the instance ahead does not send the order again while the first one is on the wire', async () => {
      const charge = { amount: 1200, currency: 'EUR', reference: 'SKEW-CHARGE-1' };
      holdOrders = true;
      const fromFirst = api(first.url, `/api/aliases/${aliasId}/charges`, { json: charge });
      await held;
      holdOrders = false;

      // The merchant's client gave up waiting and retries the same charge; the load balancer picks the other instance.
      const retry = await api(ahead.url, `/api/aliases/${aliasId}/charges`, { json: charge });
      releaseHeld();
      const original = await fromFirst;
      assert.ok([201, 202].includes(original.status), `the first request: ${original.status} ${JSON.stringify(original.body)}`);

      assert.equal(
        ordersFromAhead,
        0,
        `a second order for ${charge.reference} went to the platform while the first was in flight (retry answered ${retry.status} ${JSON.stringify(retry.body).slice(0, 200)})`,
      );
      assert.equal(retry.status, 409, JSON.stringify(retry.body));
      assert.equal(retry.body.code ?? retry.body.error?.code, 'duplicate_reference', JSON.stringify(retry.body));
    });
  },
);
