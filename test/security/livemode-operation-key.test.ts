/**
 * A capture or cancel made on the test platform under an Idempotency-Key, then the same request,
 * with the same key, the same day, after the go-live switch (README "Going live": the database
 * may stay). The README promises 409 livemode_mismatch for "a capture, refund, cancel or sync of
 * a test payment — also retried under its Idempotency-Key". The middleware looked for `livemode`
 * at the top of the kept answer only, and an operation's answer carries it one level down
 * (`transaction.livemode`): the live server replayed the test capture's 200 "done" (review r920).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerConfig } from '../../server/config/env.ts';
import { createDirectLinkClient } from '../../server/directlink/client.ts';
import { TEST_ENV } from '../support/accounts.ts';
import { feedbackFor } from '../support/feedback.ts';
import { createTestApp, newHostedAttempt, postServerFeedback, type TestApp } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

/** A DirectLink client whose every maintenance call is done at once (STATUS 9 / 8 / 6). */
function doneDirectLink(environment: string) {
  const sent: string[] = [];
  const config = parseServerConfig({ ...TEST_ENV, OGONE_ENVIRONMENT: environment });
  const client = createDirectLinkClient({
    config: { ...config.provider },
    fetch: async (_input, init) => {
      const body = new URLSearchParams(String(init?.body ?? ''));
      const operation = body.get('OPERATION') ?? '';
      sent.push(operation);
      const status = operation.startsWith('SA') ? '9' : operation.startsWith('RF') ? '8' : '6';
      return new Response(
        `<ncresponse orderID="" PAYID="${body.get('PAYID')}" PAYIDSUB="${sent.length}" NCSTATUS="0" NCERROR="0" NCERRORPLUS="!" STATUS="${status}" amount="${Number(body.get('AMOUNT')) / 100}" currency="EUR"/>`,
        { status: 200, headers: { 'content-type': 'text/xml' } },
      );
    },
  });
  return { client, sent };
}

describe('an operation replayed under its Idempotency-Key across the go-live switch', () => {
  const apps: TestApp[] = [];
  const databases: TestDatabase[] = [];
  after(async () => {
    for (const app of apps) await app.close();
    for (const database of databases) await database.drop();
  });

  for (const action of ['capture', 'cancel'] as const) {
    it(`a test payment's ${action} done under key K, the same request with K on the production server: 409 livemode_mismatch, not a replay`, async () => {
      const database = await createTestDatabase('sqlite');
      databases.push(database);
      const testPlatform = doneDirectLink('test');
      const testServer = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'test' }, deps: { directLink: testPlatform.client } });
      const reference = await newHostedAttempt(testServer, { amount: 1999, currency: 'EUR' });
      assert.equal((await postServerFeedback(testServer, feedbackFor(reference, 5))).status, 200);
      const headers = { 'idempotency-key': `${action}-${reference}` };
      const first = await testServer.api(`/api/transactions/${reference}/${action}`, { method: 'POST', json: {}, headers });
      assert.equal(first.status, 200, await first.clone().text());
      await testServer.close();

      const livePlatform = doneDirectLink('production');
      const live = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'production' }, deps: { directLink: livePlatform.client } });
      apps.push(live);
      live.clock.advance(3_600_000);
      const again = await live.api(`/api/transactions/${reference}/${action}`, { method: 'POST', json: {}, headers });
      const body = (await again.json()) as { error?: { code?: string }; transaction?: { livemode?: boolean } };
      assert.deepEqual(
        { status: again.status, code: body.error?.code, replayed: again.headers.get('idempotent-replayed') },
        { status: 409, code: 'livemode_mismatch', replayed: null },
        `the live server answered the test ${action} as its own: ${again.status} ${JSON.stringify(body).slice(0, 300)}`,
      );
    });
  }
});
