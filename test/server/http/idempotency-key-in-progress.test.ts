/**
 * A second request with an Idempotency-Key while the first with it still runs: 409
 * `idempotency_in_progress` with Retry-After (README, "POSTs and DELETEs honour
 * Idempotency-Key"). That 409 is the middleware's own (server/http/idempotency.ts); without the
 * header the typed client (shared/client) backed off 0.5 s and 1 s and gave up while a refund
 * still ran — DirectLink may take up to 40 s.
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
  describe(`a second request with the key while the first still runs (${kind})`, () => {
    let database: TestDatabase;
    let repository: Repository;
    let app: ReturnType<typeof createAppFromDeps>;
    const clock = manualClock(new Date('2025-06-01T09:00:00.000Z'));
    const platform = historyLevels(PAYID);

    before(async () => {
      database = await createTestDatabase(kind);
      const config = parseServerConfig({ ...TEST_ENV });
      ({ repository } = await openTestRepository(database, clock, { livemode: isLivemode(config) }));
      const fetchFromPlatform: typeof fetch = async (input, init) => {
        const path = new URL(String(input)).pathname;
        const form = Object.fromEntries(new URLSearchParams(String(init?.body ?? '')));
        return new Response(xml(await platform.handle(path, form)), { status: 200, headers: { 'content-type': 'text/xml' } });
      };
      app = createAppFromDeps({
        config: { ...config, publicUrl: config.publicUrl! },
        repository,
        logger: createLogger({ level: 'debug', destination: logCollector([]) }),
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

    it('answers 409 idempotency_in_progress with Retry-After, as the README says', async () => {
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

      const refund = () =>
        api(`/api/transactions/${reference}/refund`, {
          method: 'POST',
          json: { amount: 500 },
          headers: { 'idempotency-key': 'r550-refund' },
        });
      const stall = platform.stallNext();
      const first = refund();
      await stall.entered.opened;
      const second = await refund();
      const body = await second.text();
      stall.reach.open();
      stall.answer.open();
      const firstAnswer = await first;
      assert.equal(firstAnswer.status, 200, await firstAnswer.clone().text());
      assert.equal(second.status, 409, body);
      assert.match(body, /idempotency_in_progress/);
      assert.equal(second.headers.get('retry-after'), '5', `409 idempotency_in_progress without Retry-After: ${body}`);
      // Asked again after it, the outcome.
      const third = await refund();
      assert.equal(third.status, 200);
      assert.equal(platform.maintenance.length, 1, 'never sent twice');
    });
  });
}
