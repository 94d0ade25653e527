/**
 * After the go-live switch on one database, what was made for the test platform is never sent
 * to production (nor the reverse): Ogone's production account does not know the test account's
 * orders and aliases, and a test session paid for real money said `livemode: false` beside its
 * live payment. A session's attempt, a saved card's charge or listing, a payment's capture —
 * each answers 409 `livemode_mismatch` (payments/livemode.ts assertSamePlatform).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerConfig } from '../../server/config/env.ts';
import { createDirectLinkClient } from '../../server/directlink/client.ts';
import { TEST_ENV } from '../support/accounts.ts';
import { feedbackFor } from '../support/feedback.ts';
import { SERVER_HEADERS } from '../support/headers.ts';
import { createTestApp, newHostedAttempt, type TestApp } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

describe('the other platform’s sessions, cards and payments after the go-live switch', () => {
  let database: TestDatabase;
  const apps: TestApp[] = [];
  after(async () => {
    for (const app of apps) await app.close();
    await database?.drop();
  });

  it('are refused 409 livemode_mismatch, and the test cards are not offered', async () => {
    database = await createTestDatabase('sqlite');
    const testServer = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'test' } });
    apps.push(testServer);
    const customer = { id: 'cust-switch' };
    const paid = await newHostedAttempt(testServer, { amount: 1999, currency: 'EUR', customer, saveCard: 'optional' }, { saveCard: true });
    const alias = (await testServer.repository.getTransaction(paid))!.aliasRequest!;
    const feedback = await testServer.app.request('/payment/ogone/return', {
      method: 'POST',
      body: new URLSearchParams(feedbackFor(paid, 5, { ALIAS: alias })).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
    });
    assert.equal(feedback.status, 200);
    const open = (await (
      await testServer.api('/api/checkout-sessions', {
        method: 'POST',
        json: { amount: 500, currency: 'EUR', customer, expiresIn: 86_400 },
      })
    ).json()) as { id: string };
    await testServer.close();
    apps.pop();

    // DirectLink configured, every call it would make recorded: none is expected.
    const sent: string[] = [];
    const env = { ...TEST_ENV, OGONE_ENVIRONMENT: 'production' };
    const directLink = createDirectLinkClient({
      config: { ...parseServerConfig(env).provider },
      fetch: async (input) => {
        sent.push(String(input));
        return new Response('<ncresponse NCERROR="50001111" NCSTATUS="5" STATUS="0"/>', {
          status: 200,
          headers: { 'content-type': 'text/xml' },
        });
      },
    });
    const live = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'production' }, deps: { directLink } });
    apps.push(live);
    const code = async (response: Response) => ({
      status: response.status,
      code: ((await response.json()) as { error?: { code?: string } }).error?.code,
    });

    // The test session's attempt, signed for production, would be real money on a test session.
    const attempt = await live.app.request(`/checkout/sessions/${open.id}/attempts`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    assert.deepEqual(await code(attempt), { status: 409, code: 'livemode_mismatch' });

    // The card saved on the test platform: not offered, not chargeable.
    const [card] = (
      (await (await live.api('/api/customers/cust-switch/aliases')).json()) as { data: Array<{ id: string; livemode: boolean }> }
    ).data;
    assert.equal(card?.livemode, false);
    const liveSession = (await (
      await live.api('/api/checkout-sessions', { method: 'POST', json: { amount: 700, currency: 'EUR', customer, saveCard: 'optional' } })
    ).json()) as { id: string; livemode: boolean };
    assert.equal(liveSession.livemode, true);
    const view = (await (await live.app.request(`/checkout/sessions/${liveSession.id}`)).json()) as { savedCards: unknown[] };
    assert.deepEqual(view.savedCards, [], 'a test card offered in a live checkout');
    const charge = await live.api(`/api/aliases/${card!.id}/charges`, { method: 'POST', json: { amount: 300, currency: 'EUR' } });
    assert.deepEqual(await code(charge), { status: 409, code: 'livemode_mismatch' });

    // The test payment: no capture sent to production.
    const capture = await live.api(`/api/transactions/${paid}/capture`, { method: 'POST', json: {} });
    const captured = await code(capture);
    assert.deepEqual(captured, { status: 409, code: 'livemode_mismatch' });
    assert.equal((await live.repository.listOperations(paid)).length, 0, 'nothing reserved');
    assert.deepEqual(sent, [], 'nothing sent to the platform');
  });
});
