/**
 * Found by review r1486 (2026-12-07), now fixed.
 *
 * What is wrong: an uncertain capture / refund / cancel (202 `outcome: "unknown"`) on a payment
 * the reconciler will never query — older than RECONCILE_MAX_AGE_DAYS, or any payment while
 * RECONCILE_INTERVAL_SECONDS=0 — is answered with the message "…it will not be sent again and its
 * amount stays reserved while the reconciler queries it" (server/maintenance/operations.ts
 * `respond`, returned unchanged by server/routes/merchant/transaction-actions.ts, which knows the
 * reconciler will not query it: it adds Retry-After for exactly that case), and the dashboard turns
 * that answer into the notice "…has an unknown outcome (…). It is queried again in the background."
 * (server/dashboard/client/notices.ts `actionNotice`), then closes the dialog and forgets the
 * Idempotency-Key.
 *
 * Why it matters: README ("Merchant API", capture | refund | cancel) says of exactly this case that
 * the reconciler "no longer queries" the payment, which is flagged `needsAttention`, and that
 * "POST …/sync or the same request under its Idempotency-Key settles it". The merchant is told the
 * opposite — to wait for a background query that never comes — while the platform may have taken
 * the money: the payment stays `authorized`, nothing counted, no payment.captured, the order not
 * shipped (or captured again by other means). Nothing in the answer or the notice names the remedy.
 *
 * Expectation: when the server answers an uncertain outcome on a payment the reconciler will not
 * query, neither the API's message nor the dashboard's notice says it will be queried in the
 * background.
 *
 * The fix: an uncertain answer on a payment the reconciler does not query says so
 * (maintenance/operations.ts uncertainOutcomeMessage, settledBy: sync) and names POST …/sync and
 * the same request under its key; the dashboard's notice then points to "Sync with Ogone", which
 * the payment's page now offers while an operation is open.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actionNotice } from '../../../server/dashboard/client/notices.ts';
import type { PaymentAmounts } from '../../../server/dashboard/client/money-actions.ts';
import { authorisedOnlyPayments } from '../maintenance/back-office-capture.ts';

const PAYID = '3148601';
const DAY_MS = 86_400_000;

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`an uncertain capture of a payment past RECONCILE_MAX_AGE_DAYS (${kind})`, () => {
    const { platform, app, authorised } = authorisedOnlyPayments(kind, PAYID);
    // The platform answers the capture as uncertain (92, NCSTATUS 2), DirectLink guide §4.3.
    platform.maintenanceAnswer = (level, payIdSub) => ({
      ...platform.answer('92', payIdSub, level.amount),
      NCSTATUS: '2',
      NCERROR: '20002001',
    });

    it('is not told that a background query will settle it', async () => {
      const reference = await authorised();
      app.t.clock.advance(31 * DAY_MS); // RECONCILE_MAX_AGE_DAYS is 30 by default
      const response = await app.t.api(`/api/transactions/${reference}/capture`, {
        method: 'POST',
        json: {},
        headers: { 'idempotency-key': `r1486-${reference}` },
      });
      const body = (await response.json()) as {
        outcome?: string;
        message?: string;
        settledBy?: 'reconciler' | 'sync';
        operation?: { amount?: number };
      };
      assert.equal(response.status, 202, JSON.stringify(body));
      assert.equal(body.outcome, 'unknown', 'precondition: the capture was answered uncertain');
      assert.ok(response.headers.get('retry-after'), 'precondition: the server itself says the reconciler will not query this payment');

      // What the dashboard shows after it (money-buttons.ts: the payment re-read, then actionNotice).
      const after = (await (await app.t.api(`/api/transactions/${reference}`)).json()) as PaymentAmounts & { reference: string };
      const notice = actionNotice('capture', body.operation?.amount ?? undefined, 'unknown', after, body.message, body.settledBy);

      assert.deepEqual(
        {
          apiPromisesReconciler: /while the reconciler queries it/.test(body.message ?? ''),
          dashboardPromisesBackgroundQuery: /queried again in the background/.test(notice),
        },
        { apiPromisesReconciler: false, dashboardPromisesBackgroundQuery: false },
        `README: past RECONCILE_MAX_AGE_DAYS the reconciler "no longer queries" it; "POST …/sync or the same request under its ` +
          `Idempotency-Key settles it". The API said: "${body.message}"; the dashboard said: "${notice}"`,
      );
    });
  });
}
