/**
 * A 6 (authorised and cancelled) for a payment whose capture of ours is still in flight (91): a
 * cancel after a capture is impossible, so the STATUS does not win over our open capture. It moved
 * the payment to `cancelled`, and the capture's 9 then added 19.99 captured to a payment that
 * stayed `cancelled` for good.
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
  describe(`a 6 while our capture is in flight (${kind})`, () => {
    let database: TestDatabase;
    let t: TestApp;
    let reference = '';

    before(async () => {
      database = await createTestDatabase(kind);
      const config = parseServerConfig({ ...TEST_ENV });
      const fakeFetch: typeof fetch = async (input, init) => {
        const url = new URL(String(input));
        const form = Object.fromEntries(new URLSearchParams(String(init?.body ?? '')));
        if (!url.pathname.includes('maintenancedirect')) throw new Error(`unexpected call ${url.pathname}`);
        return new Response(
          xml({
            orderID: reference,
            PAYID,
            PAYIDSUB: '1',
            NCSTATUS: '0',
            NCERROR: '0',
            NCERRORPLUS: '!',
            ACCEPTANCE: '',
            STATUS: '91',
            amount: (Number(form.AMOUNT) / 100).toString(),
            currency: 'EUR',
          }),
          { status: 200, headers: { 'content-type': 'text/xml' } },
        );
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

    it('5, capture through the API pending (91), a 6, then the 9: captured with 19.99, never cancelled', async () => {
      reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      assert.equal((await post(feedbackFor(reference, 5, { PAYID }))).status, 200);
      const capture = await t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {} });
      assert.ok(capture.status < 300, await capture.clone().text());
      const [op] = await t.repository.listOperations(reference);
      assert.equal(op?.status, 'pending', 'precondition: our capture is in flight');

      assert.equal((await post(feedbackFor(reference, 6, { PAYID }))).status, 200);
      const afterSix = await t.repository.getTransaction(reference);

      assert.equal((await post(feedbackFor(reference, 9, { PAYID }))).status, 200);
      const stored = await t.repository.getTransaction(reference);
      assert.equal(stored?.capturedAmount, 1999);
      assert.equal(
        stored?.state,
        'captured',
        `19.99 captured in state ${stored?.state} (after the 6: ${afterSix?.state}); a cancel after a capture is impossible`,
      );
      assert.notEqual(
        afterSix?.state,
        'cancelled',
        'a 6 while our capture of the whole amount is in flight moved the payment to cancelled',
      );
    });
  });
}
