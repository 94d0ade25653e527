/**
 * An Idempotency-Key whose first request failed with a 5xx after its refund was recorded and sent
 * (the database lost between the platform's answer and its write), retried at once — as the
 * typed client does after any 5xx (README "network errors, 5xx and 429 are retried").
 *
 * That retry finds the operation still `sending` and is answered 409 `idempotency_in_progress`
 * with Retry-After: an answer about a request under way, not the key's own. Kept by the
 * idempotency middleware (server/http/idempotency.ts) as any 4xx is, every later retry of the key
 * replayed "still being processed" for a day, long after the refund was made, and the merchant
 * never learnt through its key that it was (docs/ogone-protocol.md §9).
 *
 * A second request while the first still runs gets the middleware's own 409, with Retry-After
 * too (README, "POSTs and DELETEs honour Idempotency-Key").
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../../server/clock.ts';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createDirectLinkClient } from '../../../server/directlink/client.ts';
import { createLogger } from '../../../server/logger.ts';
import { isLivemode } from '../../../server/payments/livemode.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { API_KEY, TEST_ENV } from '../../support/accounts.ts';
import { createAppFromDeps } from '../../support/app.ts';
import { createTestDatabase, openTestRepository, type DatabaseKind, type TestDatabase } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { SERVER_HEADERS } from '../../support/headers.ts';
import { logCollector } from '../../support/logs.ts';
import { xml } from '../directlink/helpers.ts';
import { historyLevels } from '../maintenance/history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a refund's Idempotency-Key while its refund is under way, or after a 5xx once it was sent (${kind})`, () => {
    let database: TestDatabase;
    let repository: Repository;
    let app: ReturnType<typeof createAppFromDeps>;
    const clock = manualClock(new Date('2025-06-01T09:00:00.000Z'));
    const platform = historyLevels(PAYID);
    /** The next write of the payment fails as a lost database connection would (after each maintenance answer, while `losing`). */
    const fault = { failNextWrite: false, losing: true };

    before(async () => {
      database = await createTestDatabase(kind);
      const config = parseServerConfig({ ...TEST_ENV });
      ({ repository } = await openTestRepository(database, clock, { livemode: isLivemode(config) }));
      const flaky = new Proxy(repository, {
        get(target, name, receiver) {
          const value = Reflect.get(target, name, receiver);
          if (name !== 'mutateTransaction' || typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            if (fault.failNextWrite) {
              fault.failNextWrite = false;
              return Promise.reject(new Error('Connection terminated unexpectedly'));
            }
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
      const fetchFromPlatform: typeof fetch = async (input, init) => {
        const path = new URL(String(input)).pathname;
        const form = Object.fromEntries(new URLSearchParams(String(init?.body ?? '')));
        const attributes = await platform.handle(path, form);
        // The platform made the refund and answered; our write of its answer is what fails.
        if (path.includes('maintenancedirect') && fault.losing) fault.failNextWrite = true;
        return new Response(xml(attributes), { status: 200, headers: { 'content-type': 'text/xml' } });
      };
      const logs: string[] = [];
      app = createAppFromDeps({
        config: { ...config, publicUrl: config.publicUrl! },
        repository: flaky,
        logger: createLogger({ level: 'debug', destination: logCollector(logs) }),
        clock,
        webhooks: { nudge: () => {} },
        rateLimit: { windowMs: 60_000, limit: 1000 },
        feedbackRateLimit: { windowMs: 60_000, limit: 1_000_000 },
        directLink: createDirectLinkClient({ config: { ...config.provider }, fetch: fetchFromPlatform }),
      });
    });
    after(async () => {
      await repository?.close();
      await database?.drop();
    });

    const api = (path: string, init: RequestInit & { json?: unknown } = {}) =>
      app.request(path, {
        ...init,
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', ...(init.headers as object) },
        body: init.json === undefined ? (init.body ?? null) : JSON.stringify(init.json),
      });

    /** A captured payment of 19.99 EUR, known to the fake platform. */
    const capturedPayment = async () => {
      const session = (await (await api('/api/checkout-sessions', { method: 'POST', json: { amount: 1999, currency: 'EUR' } })).json()) as {
        id: string;
      };
      const attempt = await app.request(`/checkout/sessions/${session.id}/attempts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      const { reference } = (await attempt.json()) as { reference: string };
      platform.start(reference, '9');
      const paid = await app.request('/payment/ogone/return', {
        method: 'POST',
        body: new URLSearchParams(feedbackFor(reference, 9, { PAYID })).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
      });
      assert.equal(paid.status, 200);
      return reference;
    };

    it('without a retry at once, the retry minutes later answers the refund made', async () => {
      const reference = await capturedPayment();
      const refund = () =>
        api(`/api/transactions/${reference}/refund`, {
          method: 'POST',
          json: { amount: 500 },
          headers: { 'idempotency-key': 'control-500' },
        });
      const first = await refund();
      assert.ok(first.status >= 500, `precondition: ${first.status}`);
      clock.advance(5 * 60_000);
      const later = await refund();
      assert.equal(later.status, 200, await later.clone().text());
      assert.equal(platform.maintenance.length, 1, 'never sent twice');
    });

    it('a later retry of the key answers the refund, not a stored "still being processed"', async () => {
      const reference = await capturedPayment();
      const refund = () =>
        api(`/api/transactions/${reference}/refund`, {
          method: 'POST',
          json: { amount: 500 },
          headers: { 'idempotency-key': 'refund-500' },
        });
      const first = await refund();
      assert.ok(first.status >= 500, `precondition: the first request fails after the platform refunded: ${first.status}`);
      assert.deepEqual(
        platform.maintenance.map((f) => `${f.OPERATION} ${f.AMOUNT}`),
        ['RFD 500'],
        'precondition: the refund reached the platform',
      );

      // The typed client's automatic retry, a moment later: the operation is still `sending`.
      const quick = await refund();
      const quickBody = await quick.text();
      assert.equal(quick.status, 409, quickBody);
      assert.equal(quick.headers.get('retry-after'), '5', 'asked again shortly, it is answered with its outcome');

      // Minutes later the operation is abandoned as `sending` (SENDING_ABANDONED_MS): a retry of the
      // key is meant to find out (a sync) and answer what the platform did — here, refunded 5.00.
      clock.advance(5 * 60_000);
      const later = await refund();
      const laterBody = await later.text();
      assert.ok(
        later.status === 200 || later.status === 202,
        `the refund of 5.00 was made by the platform; the retry of its key minutes later answers ${later.status} ` +
          `(replayed: ${later.headers.get('idempotent-replayed')}) ${laterBody.slice(0, 200)} — ` +
          `the immediate retry had been answered ${quick.status} ${quickBody.slice(0, 120)}`,
      );
      assert.equal(platform.maintenance.length, 1, 'never sent twice');
    });

    it('while the first request still runs: 409 idempotency_in_progress with Retry-After, then its outcome', async () => {
      fault.losing = false;
      try {
        const reference = await capturedPayment();
        const refund = () =>
          api(`/api/transactions/${reference}/refund`, {
            method: 'POST',
            json: { amount: 500 },
            headers: { 'idempotency-key': 'refund-under-way' },
          });
        const stall = platform.stallNext();
        const first = refund();
        await stall.entered.opened;
        // The middleware's own 409: without Retry-After the typed client gave up after 1.5 s
        // while a DirectLink call may take 40 s.
        const second = await refund();
        const body = await second.text();
        stall.reach.open();
        stall.answer.open();
        const firstAnswer = await first;
        assert.equal(firstAnswer.status, 200, await firstAnswer.clone().text());
        assert.equal(second.status, 409, body);
        assert.match(body, /idempotency_in_progress/);
        assert.equal(second.headers.get('retry-after'), '5', body);
        const third = await refund();
        assert.equal(third.status, 200);
        assert.equal(third.headers.get('idempotent-replayed'), 'true');
        assert.equal(platform.maintenance.length, 1, 'never sent twice');
      } finally {
        fault.losing = true;
      }
    });
  });
}
