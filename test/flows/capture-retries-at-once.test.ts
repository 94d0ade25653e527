/**
 * A capture whose first request never reached the platform (connection refused: 502), then its
 * retry sent eight times at once under the same Idempotency-Key, on SQLite and on PostgreSQL. The
 * retry sends the operation again (maintenance/operations.ts resend): exactly once — one more call
 * to the platform, one capture, one operation — whichever of the copies runs; the others are told
 * it is in progress (409) or get its answer.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerConfig } from '../../server/config/env.ts';
import { createDirectLinkClient } from '../../server/directlink/client.ts';
import { TEST_ENV } from '../support/accounts.ts';
import { newHostedAttempt, useTestApp } from '../support/app.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { feedbackFor } from '../support/feedback.ts';
import { SERVER_HEADERS } from '../support/headers.ts';
import { xml } from '../server/directlink/helpers.ts';
import { platformAnswer } from '../server/feedback/fake-platform.ts';

const PAYID = '3014727';

for (const kind of DATABASE_KINDS) {
  describe(`a capture's retries at once after it never reached the platform, on ${kind}`, () => {
    let platformCalls = 0;
    let reference = '';

    const config = parseServerConfig({ ...TEST_ENV });
    const platform: typeof fetch = async (input, init) => {
      const form = Object.fromEntries(new URLSearchParams(String(init?.body ?? '')));
      if (!new URL(String(input)).pathname.includes('maintenancedirect')) throw new Error(`unexpected call ${String(input)}`);
      platformCalls++;
      if (platformCalls === 1) {
        throw Object.assign(new TypeError('fetch failed'), {
          cause: Object.assign(new Error('connect ECONNREFUSED 192.0.2.1:443'), { code: 'ECONNREFUSED' }),
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
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
    const t = useTestApp(kind, {
      deps: { directLink: createDirectLinkClient({ config: { ...config.provider }, fetch: platform }) },
    });

    it('captures once', async () => {
      reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      const authorised = await t.app.request('/payment/ogone/return', {
        method: 'POST',
        body: new URLSearchParams(feedbackFor(reference, 5, { PAYID })).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
      });
      assert.equal(authorised.status, 200);
      const capture = () =>
        t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {}, headers: { 'idempotency-key': 'capture-at-once' } });
      const first = await capture();
      assert.equal(first.status, 502, await first.text());

      const answers = await Promise.all(Array.from({ length: 8 }, capture));
      const statuses = answers.map((answer) => answer.status);
      assert.ok(
        statuses.every((status) => status === 200 || status === 409),
        `each copy captured or was told it is in progress: ${statuses.join(', ')}`,
      );
      assert.ok(statuses.includes(200), statuses.join(', '));
      assert.equal(platformCalls, 2, 'one call that never arrived, one that captured');
      const operations = await t.repository.listOperations(reference);
      assert.deepEqual(
        operations.map((op) => [op.kind, op.status]),
        [['capture', 'done']],
      );
      const stored = await t.repository.getTransaction(reference);
      assert.deepEqual({ state: stored?.state, capturedAmount: stored?.capturedAmount }, { state: 'captured', capturedAmount: 1999 });
    });
  });
}
