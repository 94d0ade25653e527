/**
 * An attempt on a session made for the other platform is refused (livemode-platform-switch), which
 * covers opening FlexCheckout for a setup session. But a FlexCheckout page opened on the test
 * platform before the go-live switch returns after it to /payment/flex/return, and the card
 * verification (a DirectLink RES with the alias the test platform stored) was sent to production,
 * which does not know that alias. (The return is signed with the SHA-OUT passphrase; here both
 * accounts share it, as TEST_ENV does.)
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { parseServerConfig } from '../../server/config/env.ts';
import { createDirectLinkClient } from '../../server/directlink/client.ts';
import { flexReturnUrl } from '../support/flex-return.ts';
import { providerConfig, TEST_ENV } from '../support/accounts.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

describe('a test setup session’s FlexCheckout return after the go-live switch', () => {
  let database: TestDatabase;
  const apps: TestApp[] = [];
  after(async () => {
    for (const app of apps) await app.close();
    await database?.drop();
  });

  it('sends no card verification to production', async () => {
    database = await createTestDatabase('sqlite');
    const testServer = await createTestApp(database, {
      env: { OGONE_ENVIRONMENT: 'test' },
      deps: { directLink: createDirectLinkClient({ config: providerConfig('http://127.0.0.1:1') }) },
    });
    apps.push(testServer);
    const session = (await (
      await testServer.api('/api/checkout-sessions', { method: 'POST', json: { mode: 'setup', customer: { id: 'cust-flex-switch' } } })
    ).json()) as { id: string; livemode: boolean };
    assert.equal(session.livemode, false);
    const opened = await testServer.app.request(`/checkout/sessions/${session.id}/attempts`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    const attempt = (await opened.json()) as Extract<AttemptResult, { kind: 'navigate' }>;
    const alias = new URL(attempt.url).searchParams.get('ALIAS.ALIASID')!;
    await testServer.close();
    apps.pop();

    const sent: string[] = [];
    const env = { ...TEST_ENV, OGONE_ENVIRONMENT: 'production' };
    const directLink = createDirectLinkClient({
      config: { ...parseServerConfig(env).provider },
      fetch: async (input) => {
        sent.push(String(input));
        return new Response('<ncresponse orderID="" PAYID="0" NCERROR="50001111" NCSTATUS="5" STATUS="0"/>', {
          status: 200,
          headers: { 'content-type': 'text/xml' },
        });
      },
    });
    const live = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'production' }, deps: { directLink } });
    apps.push(live);

    // The shopper, on the test platform's FlexCheckout page opened before the switch, comes back.
    const back = await live.app.request(flexReturnUrl({ alias, reference: attempt.reference }));
    assert.deepEqual(sent, [], `the test platform's alias was sent to production for verification (HTTP ${back.status})`);
  });
});
