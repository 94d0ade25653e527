/**
 * Found by review r1565 (2026-12-07), now fixed.
 *
 * Review r1565. README "Going live", step 4: "What was made for the test platform is never sent
 * to production … a charge of a card saved there … and a request whose Idempotency-Key was used on
 * the test platform answer 409 `livemode_mismatch` … use a new key for a live request".
 *
 * What is wrong: server/http/idempotency.ts `idempotency()` refuses a kept answer only when
 * `otherPlatform(record.response)` finds a `livemode` in it (the object's, or its `transaction`'s).
 * A kept ERROR answer (`{ error: { code, message } }`: a 402 `card_declined`, a 409 or 422 refusal)
 * carries none, so it is replayed as it was across the go-live switch. A declined charge of a test
 * card under key K on the test platform is answered, to the same request under K on the
 * production server, with the test platform's 402 `card_declined` (`Idempotent-Replayed: true`) —
 * not the documented 409 `livemode_mismatch`.
 *
 * Why it matters: a merchant whose renewal job derives its keys from the order (as the README's
 * client example does: `order-1001-capture`) and goes live the same day is told by production that
 * the customer's card was declined — it dunns the customer, suspends the subscription — when
 * production never saw the card; the answer that tells it to use a live card and a new key never
 * comes. The live server's own answer about a test object is 409 livemode_mismatch; a replay of
 * the test platform's verdict is the test platform speaking on production.
 *
 * The test asserts the README: the same request under the key on the production server answers 409
 * `livemode_mismatch`, not a replay.
 *
 * The fix: repository/idempotency.ts keeps each answer with the platform of the server that kept
 * it ($livemode beside $response), and http/idempotency.ts refuses an answer kept on the other
 * platform even when its body names none (an error).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDirectLinkClient } from '../../../server/directlink/client.ts';
import { parseServerConfig } from '../../../server/config/env.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { createTestApp, paidWithSavedCard, type TestApp } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { xml } from '../directlink/helpers.ts';
import { platformAnswer } from '../feedback/fake-platform.ts';

describe('r1565: an error answer kept under a key on the test platform, asked again after the go-live switch', () => {
  let database: TestDatabase;
  const apps: TestApp[] = [];
  after(async () => {
    for (const app of apps) await app.close();
    await database?.drop();
  });

  it('the production server answers 409 livemode_mismatch, not the test platform’s 402 replayed', async () => {
    database = await createTestDatabase('sqlite');
    // The test platform declines the merchant's charge (STATUS 2, NCERROR 30001001).
    const fakeFetch: typeof fetch = async (input, init) => {
      const form = Object.fromEntries(new URLSearchParams(String(init?.body ?? '')));
      const attributes = platformAnswer({
        orderID: form.ORDERID ?? '',
        PAYID: '7788002',
        STATUS: '2',
        amount: (Number(form.AMOUNT ?? 0) / 100).toFixed(2),
        NCSTATUS: '3',
        NCERROR: '30001001',
      });
      return new Response(xml(attributes), { status: 200, headers: { 'content-type': 'text/xml' } });
    };
    const directLink = (env: Record<string, string>) =>
      createDirectLinkClient({ config: { ...parseServerConfig({ ...TEST_ENV, ...env }).provider }, fetch: fakeFetch });

    const testEnv = { OGONE_ENVIRONMENT: 'test' };
    const testServer = await createTestApp(database, { env: testEnv, deps: { directLink: directLink(testEnv) } });
    apps.push(testServer);
    const { card } = await paidWithSavedCard(testServer, 'cust-r1565-golive');
    const body = { amount: 990, currency: 'EUR' };
    const headers = { 'idempotency-key': 'sub-2025-06-renewal' };
    const declined = await testServer.api(`/api/aliases/${card.id}/charges`, { method: 'POST', json: body, headers });
    const declinedText = await declined.text();
    assert.equal(declined.status, 402, `precondition: the test platform declines the charge: ${declinedText.slice(0, 200)}`);
    await testServer.close();
    apps.pop();

    // Go-live, the same day: the same database, production.
    const liveEnv = { OGONE_ENVIRONMENT: 'production' };
    const live = await createTestApp(database, { env: liveEnv, deps: { directLink: directLink(liveEnv) } });
    apps.push(live);
    const again = await live.api(`/api/aliases/${card.id}/charges`, { method: 'POST', json: body, headers });
    const text = await again.text();
    assert.equal(
      again.status,
      409,
      `the production server answered ${again.status} (Idempotent-Replayed: ${again.headers.get('idempotent-replayed')}) ${text.slice(0, 160)}`,
    );
    assert.match(text, /livemode_mismatch/);
  });
});
