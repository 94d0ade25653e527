/**
 * The typed client's automatic retry of a capture whose first request never reached the platform
 * (ECONNREFUSED to Ogone: 502 `directlink_unavailable`). The client retries every 5xx with the
 * same Idempotency-Key (shared/client/transport.ts), and the OpenAPI document says of that header
 * "5xx answers are not stored, so a retry with the same body runs again". The server replayed the
 * failed operation as 422 `refused_by_platform` instead (maintenance/operations.ts replay): the
 * retry never reached the platform and the merchant was handed a final-looking refusal for a
 * capture the platform never saw. Such an operation is sent again under its key now.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../../shared/client/index.ts';
import { openApiDocument } from '../../server/api-docs/openapi.ts';
import { parseServerConfig } from '../../server/config/env.ts';
import { createDirectLinkClient } from '../../server/directlink/client.ts';
import { API_KEY, TEST_ENV } from '../support/accounts.ts';
import { newHostedAttempt, useTestApp } from '../support/app.ts';
import { feedbackFor } from '../support/feedback.ts';
import { SERVER_HEADERS } from '../support/headers.ts';
import { xml } from '../server/directlink/helpers.ts';
import { platformAnswer } from '../server/feedback/fake-platform.ts';

const PAYID = '3014726';

describe('typed client, capture retried after the platform could not be reached', () => {
  let platformCalls = 0;
  let reference = '';

  const config = parseServerConfig({ ...TEST_ENV });
  // The first maintenance call cannot connect (never sent); later ones are answered 9 (captured).
  const platform: typeof fetch = async (input, init) => {
    const form = Object.fromEntries(new URLSearchParams(String(init?.body ?? '')));
    if (!new URL(String(input)).pathname.includes('maintenancedirect')) throw new Error(`unexpected call ${String(input)}`);
    platformCalls++;
    if (platformCalls === 1) {
      throw Object.assign(new TypeError('fetch failed'), {
        cause: Object.assign(new Error('connect ECONNREFUSED 192.0.2.1:443'), { code: 'ECONNREFUSED' }),
      });
    }
    const answer = platformAnswer({
      orderID: reference,
      PAYID,
      PAYIDSUB: '1',
      ACCEPTANCE: '',
      STATUS: '9',
      amount: (Number(form.AMOUNT) / 100).toString(),
    });
    return new Response(xml(answer), { status: 200, headers: { 'content-type': 'text/xml' } });
  };
  const t = useTestApp('sqlite', {
    deps: { directLink: createDirectLinkClient({ config: { ...config.provider }, fetch: platform }) },
  });

  it('the retry the document promises runs again: captured, the platform called twice', async () => {
    const keyDoc = (
      openApiDocument('x').paths['/api/transactions/{reference}/capture']!.post!.parameters as Array<{ name: string; description?: string }>
    ).find((p) => p.name === 'Idempotency-Key')?.description;
    assert.match(keyDoc ?? '', /5xx answers are not stored, so a retry with the same body runs again/, 'what the document promises');

    reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    const authorised = await t.app.request('/payment/ogone/return', {
      method: 'POST',
      body: new URLSearchParams(feedbackFor(reference, 5, { PAYID })).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
    });
    assert.equal(authorised.status, 200);

    const client = createClient({
      baseUrl: 'https://pay.example.com',
      apiKey: API_KEY,
      sleep: async () => {},
      fetch: (input, init) => Promise.resolve(t.app.request(String(input), init)),
    });
    const captured = await client.transactions.capture(reference);
    assert.equal(captured.transaction.capturedAmount, 1999, JSON.stringify(captured));
    assert.equal(platformCalls, 2, 'the first call never reached the platform; the retry did');
    const stored = await t.repository.getTransaction(reference);
    assert.deepEqual({ state: stored?.state, capturedAmount: stored?.capturedAmount }, { state: 'captured', capturedAmount: 1999 });
    const operations = await t.repository.listOperations(reference);
    assert.deepEqual(
      operations.map((op) => [op.kind, op.status]),
      [['capture', 'done']],
      'one operation, sent again under its key',
    );
  });
});
