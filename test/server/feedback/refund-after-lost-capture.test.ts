/**
 * A refund status (8) for a payment whose 9 was lost. §6 handles the lost 9 for 94 / 96
 * ("From an earlier state (the capture's 9 late or lost) they say the money was captured"); a
 * refund status says the same — the money was captured, then refunded — and §9 has the
 * reconciler read the refund's amount from the query. The payment stayed `pending` (unpaid, never
 * queried again) while the platform reported it captured and refunded.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createDirectLinkClient } from '../../../server/directlink/client.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { createTestApp, newHostedAttempt, type TestApp } from '../../support/app.ts';
import { xml } from '../directlink/helpers.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from '../../support/databases.ts';
import { SERVER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`refund status after a lost 9 (${kind})`, () => {
    let database: TestDatabase;
    let t: TestApp;
    let reference = '';

    before(async () => {
      database = await createTestDatabase(kind);
      const config = parseServerConfig({ ...TEST_ENV });
      const fakeFetch: typeof fetch = async (input) => {
        const url = new URL(String(input));
        if (!url.pathname.includes('querydirect')) throw new Error(`unexpected call ${url.pathname}`);
        const common = {
          orderID: reference,
          PAYID,
          NCSTATUS: '0',
          NCERROR: '0',
          NCERRORPLUS: '!',
          ACCEPTANCE: 'test123',
          currency: 'EUR',
          PM: 'CreditCard',
          BRAND: 'VISA',
        };
        // Head: STATUS 8, level 1 the full refund of 19.99.
        const attributes = { ...common, PAYIDSUB: '1', STATUS: '8', amount: '19.99' };
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

    it("46 (3-D Secure), the 9 lost, then 8 and the reconciler's query of 8: refunded, 19.99 captured and refunded", async () => {
      reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      assert.equal((await post(feedbackFor(reference, 46, { PAYID }))).status, 200);
      assert.equal((await t.repository.getTransaction(reference))?.state, 'pending');
      assert.equal((await post(feedbackFor(reference, 8, { PAYID }))).status, 200);
      const sync = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.equal(sync.status, 200, await sync.clone().text());
      const stored = await t.repository.getTransaction(reference);
      assert.equal(
        stored?.state,
        'refunded',
        `the platform says captured then refunded; state ${stored?.state}, lastStatus ${stored?.lastStatus}, syncNeeded ${stored?.syncNeeded}`,
      );
      assert.equal(stored?.capturedAmount, 1999);
      assert.equal(stored?.refundedAmount, 1999);
    });
  });
}
