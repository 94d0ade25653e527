/**
 * Found by review r1456 (2026-12-07), now fixed. What was wrong: server/config/reconciler-settings.ts `reconcilerWillQuery` — which
 * server/routes/merchant/transaction-actions.ts asks to decide whether an uncertain
 * (`outcome: "unknown"`) capture / refund / cancel answer may be kept under its Idempotency-Key —
 * says "the reconciler will query it" for any payment younger than RECONCILE_MAX_AGE_DAYS, even
 * when RECONCILE_INTERVAL_SECONDS=0, which README documents as "0 turns it off" (start-server.ts
 * starts no reconciler then: reconciler.ts `start` returns at intervalMs <= 0). The reconciliation
 * settings the server builds from that env (intervalMs 0) are the ones given to the context here.
 *
 * Why it matters: with the reconciler off, nothing will ever query the uncertain operation, yet
 * the 202 "unknown … its amount stays reserved while the reconciler queries it" is kept under the
 * key for a day (no Retry-After), so the same request under its Idempotency-Key — the remedy the
 * r1445 fix restores for payments the reconciler no longer queries — is answered from the stored
 * 202 and never reaches the operation's replay: the platform captured the money, the payment stays
 * `authorized`, nothing counted, no payment.captured; the merchant is told, again, that a
 * reconciler that does not run will settle it.
 *
 * The fix: with RECONCILE_INTERVAL_SECONDS=0 the uncertain answer carries Retry-After too
 * (routes/merchant/transaction-actions.ts queriedByReconciler), so it is not kept under the key.
 *
 * Expectation: with the reconciler off, the uncertain answer is not kept: an hour later the same
 * request under its key queries the platform and answers 200 `outcome: "done"`, the payment
 * captured for 19.99, the capture sent once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerConfig } from '../../../server/config/env.ts';
import { reconcilerSettings } from '../../../server/config/reconciler-settings.ts';
import { createDirectLinkClient } from '../../../server/directlink/client.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { createTestApp, newHostedAttempt, postServerFeedback, type TestApp } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { xml } from '../directlink/helpers.ts';
import { historyLevels } from './history-levels.ts';

const PAYID = '3145601';
const HOUR_MS = 3_600_000;
const ENV = { OGONE_OPERATION: 'RES', RECONCILE_INTERVAL_SECONDS: '0' };

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`an uncertain capture with the reconciler turned off, asked again under its key (${kind})`, () => {
    const platform = historyLevels(PAYID);
    platform.maintenanceAnswer = (level, payIdSub) => ({
      ...platform.answer('92', payIdSub, level.amount),
      NCSTATUS: '2',
      NCERROR: '20002001',
    });
    let database: TestDatabase | undefined;
    let t: TestApp;
    before(async () => {
      database = await createTestDatabase(kind);
      const config = parseServerConfig({ ...TEST_ENV, ...ENV });
      const fetchFromPlatform: typeof fetch = async (input, init) => {
        const form = Object.fromEntries(new URLSearchParams(String(init?.body ?? '')));
        return new Response(xml(await platform.handle(new URL(String(input)).pathname, form)), {
          status: 200,
          headers: { 'content-type': 'text/xml' },
        });
      };
      // As start-server.ts builds the context from the same env.
      const { maxAgeMs, afterMs, intervalMs } = reconcilerSettings({ ...TEST_ENV, ...ENV });
      assert.equal(intervalMs, 0, 'precondition: RECONCILE_INTERVAL_SECONDS=0, the reconciler off');
      t = await createTestApp(database, {
        env: ENV,
        deps: {
          directLink: createDirectLinkClient({ config: { ...config.provider }, fetch: fetchFromPlatform }),
          reconciliation: { maxAgeMs, afterMs, intervalMs },
        },
      });
    });
    after(async () => {
      await t?.close();
      await database?.drop();
    });

    it('the same request under its Idempotency-Key settles it: no reconciler will', async () => {
      const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '5');
      assert.equal((await postServerFeedback(t, feedbackFor(reference, 5, { PAYID }))).status, 200);
      const capture = () =>
        t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {}, headers: { 'idempotency-key': `off-${reference}` } });
      const first = await capture();
      const firstBody = (await first.json()) as { outcome?: string };
      assert.equal(first.status, 202, JSON.stringify(firstBody));
      assert.equal(firstBody.outcome, 'unknown', 'precondition: the capture was answered uncertain');

      t.clock.advance(HOUR_MS);
      const again = await capture();
      const body = (await again.json()) as { outcome?: string; message?: string };
      const tx = (await t.repository.getTransaction(reference))!;
      assert.deepEqual(
        {
          status: again.status,
          outcome: body.outcome,
          state: tx.state,
          capturedAmount: tx.capturedAmount,
          sent: platform.maintenance.length,
        },
        { status: 200, outcome: 'done', state: 'captured', capturedAmount: 1999, sent: 1 },
        `with RECONCILE_INTERVAL_SECONDS=0 (no reconciler) the uncertain 202 was kept under the key (first answer's Retry-After: ` +
          `${first.headers.get('retry-after')}); an hour later the same request was answered ${again.status} ` +
          `(Idempotent-Replayed: ${again.headers.get('idempotent-replayed')}) outcome "${body.outcome}" — ` +
          `"${body.message?.slice(0, 140)}" — and the payment stays ${tx.state}, ${tx.capturedAmount} captured, while the platform captured it`,
      );
    });
  });
}
