/**
 * A capture retried with its Idempotency-Key across the go-live switch (README "Going live").
 *
 * runOperation (maintenance/operations.ts) checked the payment's platform only when it reserved a
 * new operation. A retry whose key named an operation already recorded went to `replay` first,
 * and one recorded as never having reached its platform (the connection refused) was sent again
 * there (`resend`), with no platform check:
 * - forward: a test payment's capture retried after OGONE_ENVIRONMENT=production went to Ogone's
 *   production platform;
 * - reverse: a live payment's capture retried on a test server (debugging) went to the test
 *   platform, and its refusal was written on the live payment's operation.
 * Both are now 409 livemode_mismatch, nothing sent.
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

/** A DirectLink client for `environment` whose every call is recorded and refused (unknown PAYID). */
function recordingDirectLink(environment: string) {
  const sent: string[] = [];
  const config = parseServerConfig({ ...TEST_ENV, OGONE_ENVIRONMENT: environment });
  const client = createDirectLinkClient({
    config: { ...config.provider },
    fetch: async (input, init) => {
      const body = new URLSearchParams(String(init?.body ?? ''));
      sent.push(`${new URL(String(input)).pathname} OPERATION=${body.get('OPERATION') ?? ''} PAYID=${body.get('PAYID') ?? ''}`);
      return new Response('<ncresponse orderID="" PAYID="0" NCSTATUS="5" NCERROR="50001111" NCERRORPLUS="unknown PAYID" STATUS="0"/>', {
        status: 200,
        headers: { 'content-type': 'text/xml' },
      });
    },
  });
  return { client, sent };
}

/** A DirectLink client whose connection is refused: nothing reaches any platform. */
function unreachableDirectLink(environment: string) {
  const config = parseServerConfig({ ...TEST_ENV, OGONE_ENVIRONMENT: environment });
  return createDirectLinkClient({
    config: { ...config.provider },
    fetch: async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    },
  });
}

async function authorised(t: TestApp): Promise<string> {
  const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' });
  const feedback = await t.app.request('/payment/ogone/return', {
    method: 'POST',
    body: new URLSearchParams(feedbackFor(reference, 5)).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
  });
  assert.equal(feedback.status, 200);
  assert.equal((await t.repository.getTransaction(reference))?.state, 'authorized');
  return reference;
}

describe('a capture retried with its Idempotency-Key after the platform was switched', () => {
  const apps: TestApp[] = [];
  const databases: TestDatabase[] = [];
  after(async () => {
    for (const app of apps) await app.close();
    for (const database of databases) await database.drop();
  });

  for (const [from, to] of [
    ['test', 'production'],
    ['production', 'test'],
  ] as const) {
    it(`a ${from} payment's capture that never left, retried on the ${to} server, is not sent to the ${to} platform`, async () => {
      const database = await createTestDatabase('sqlite');
      databases.push(database);
      const before = await createTestApp(database, { env: { OGONE_ENVIRONMENT: from }, deps: { directLink: unreachableDirectLink(from) } });
      const reference = await authorised(before);
      const headers = { 'idempotency-key': `capture-${reference}` };
      const first = await before.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {}, headers });
      assert.ok(first.status >= 500, `the first capture got no answer: ${first.status} ${await first.clone().text()}`);
      const [op] = await before.repository.listOperations(reference);
      assert.equal(op?.status, 'failed', 'recorded as never having reached the platform');
      await before.close();

      const platform = recordingDirectLink(to);
      const after = await createTestApp(database, { env: { OGONE_ENVIRONMENT: to }, deps: { directLink: platform.client } });
      apps.push(after);
      after.clock.advance(60_000);
      const retry = await after.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {}, headers });
      const body = (await retry.json()) as { error?: { code?: string; message?: string } };
      const [stored] = await after.repository.listOperations(reference);
      assert.deepEqual(
        { sent: platform.sent, status: retry.status, code: body.error?.code },
        { sent: [], status: 409, code: 'livemode_mismatch' },
        `the ${from} payment's capture was sent to the ${to} platform (answered ${retry.status} ${JSON.stringify(body).slice(0, 200)}); ` +
          `its operation now reads ${stored?.status} NCERROR ${stored?.ncError}`,
      );
    });
  }

  // Without a retried key, the same check of runOperation and syncTransaction.
  it('reverse switch, new requests: a live payment is neither captured, cancelled nor synced through the test platform', async () => {
    const database = await createTestDatabase('sqlite');
    databases.push(database);
    const live = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'production' } });
    const reference = await authorised(live);
    await live.close();
    const platform = recordingDirectLink('test');
    const testServer = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'test' }, deps: { directLink: platform.client } });
    apps.push(testServer);
    for (const action of ['capture', 'cancel', 'sync']) {
      const response = await testServer.api(`/api/transactions/${reference}/${action}`, { method: 'POST', json: {} });
      const body = (await response.json()) as { error?: { code?: string } };
      assert.deepEqual([action, response.status, body.error?.code], [action, 409, 'livemode_mismatch']);
    }
    assert.deepEqual(platform.sent, []);
    assert.equal((await testServer.repository.getTransaction(reference))?.state, 'authorized');
    assert.deepEqual(await testServer.repository.listOperations(reference), []);
  });
});
