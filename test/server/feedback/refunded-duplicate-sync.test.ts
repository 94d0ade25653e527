/**
 * A refunded duplicate owes no give-back, so it does not keep syncNeeded. A session's second
 * attempt whose 9 was lost is found refunded by the query (a refund proves the capture); the review
 * flags it `duplicateOf` the paid one with nothing to give back. It was still counted as owing a
 * give-back, so every sync kept the flag and the reconciler would have queried the payment on every
 * pass until its maximum age, which Ogone forbids (DirectLink guide §5.4, docs §9).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createDirectLinkClient } from '../../../server/directlink/client.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { xml } from '../directlink/helpers.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from '../../support/databases.ts';
import { SERVER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';

const PAYID_FIRST = '3014726';
const PAYID_SECOND = '3014727';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a refunded duplicate and syncNeeded (${kind})`, () => {
    let database: TestDatabase;
    let t: TestApp;
    let second = '';
    let queries = 0;

    before(async () => {
      database = await createTestDatabase(kind);
      const config = parseServerConfig({ ...TEST_ENV });
      const fakeFetch: typeof fetch = async (input) => {
        const url = new URL(String(input));
        if (!url.pathname.includes('querydirect')) throw new Error(`unexpected call ${url.pathname}`);
        queries++;
        // Head: STATUS 8, level 1 the full refund of 19.99 (captured, then refunded in the back office).
        const attributes = {
          orderID: second,
          PAYID: PAYID_SECOND,
          PAYIDSUB: '1',
          NCSTATUS: '0',
          NCERROR: '0',
          NCERRORPLUS: '!',
          ACCEPTANCE: 'test123',
          STATUS: '8',
          amount: '19.99',
          currency: 'EUR',
          PM: 'CreditCard',
          BRAND: 'VISA',
        };
        return new Response(xml(attributes), { status: 200, headers: { 'content-type': 'text/xml' } });
      };
      t = await createTestApp(database, {
        deps: { directLink: createDirectLinkClient({ config: { ...config.provider }, fetch: fakeFetch }) },
      });
    });
    after(async () => {
      await t?.close();
      await database?.drop();
    });

    const post = (params: Record<string, string>) =>
      t.app.request('/payment/ogone/return', {
        method: 'POST',
        body: new URLSearchParams(params).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
      });
    const sync = async (reference: string) => {
      const response = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.equal(response.status, 200, await response.clone().text());
    };
    const waitFor = async (check: () => Promise<boolean>, what: string) => {
      for (let i = 0; i < 100; i++) {
        if (await check()) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.fail(`timed out waiting for ${what}`);
    };

    it('second attempt refunded (its 9 lost): once settled, the reconciler is not asked to come back for good', async () => {
      const created = (await (
        await t.api('/api/checkout-sessions', { method: 'POST', json: { amount: 1999, currency: 'EUR' } })
      ).json()) as { id: string };
      const attempt = async () => {
        const response = await t.app.request(`/checkout/sessions/${created.id}/attempts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ saveCard: false }),
        });
        assert.equal(response.status, 201, await response.clone().text());
        return ((await response.json()) as { reference: string }).reference;
      };
      const first = await attempt();
      second = await attempt();
      assert.equal((await post(feedbackFor(first, 9, { PAYID: PAYID_FIRST }))).status, 200);
      assert.equal((await post(feedbackFor(second, 46, { PAYID: PAYID_SECOND }))).status, 200);
      assert.equal((await post(feedbackFor(second, 8, { PAYID: PAYID_SECOND }))).status, 200);
      await sync(second);
      await waitFor(async () => (await t.repository.getTransaction(second))?.duplicateOf === first, 'the duplicate flag');
      const refunded = await t.repository.getTransaction(second);
      assert.equal(refunded?.state, 'refunded', 'precondition: the query found the refund');
      assert.equal(refunded?.refundedAmount, 1999);

      // Nothing is left to give back (the money is refunded) and no operation is open.
      await sync(second);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await sync(second);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const stored = await t.repository.getTransaction(second);
      assert.deepEqual(await t.repository.listOperations(second), [], 'nothing was sent');
      assert.equal(
        stored?.syncNeeded,
        false,
        `a refunded duplicate owes no give-back, yet syncNeeded stays ${stored?.syncNeeded} after ${queries} queries: the reconciler asks every pass`,
      );
    });
  });
}
