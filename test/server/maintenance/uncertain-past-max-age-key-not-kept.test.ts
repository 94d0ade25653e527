/**
 * Found by review r1445 (2026-12-07), now fixed. What was wrong: README, "Merchant API", `POST /api/transactions/:reference/capture|refund|cancel`
 * promises that an operation answered uncertain (`202`, `outcome: "unknown"`) on a payment older
 * than RECONCILE_MAX_AGE_DAYS — which the reconciler no longer queries, flagging it
 * `needsAttention` instead — is settled by "`POST …/sync` or the same request under its
 * Idempotency-Key". Within the key's day that second remedy does nothing: the idempotency
 * middleware (server/http/idempotency.ts `idempotency` / `answerOnce`) keeps the first 202
 * "unknown" as the key's answer (a 2xx without Retry-After), so the same request under the key
 * is answered from the stored answer and never reaches server/maintenance/operations.ts `replay`,
 * the code that queries the platform for it (review r1362). The existing test of that promise
 * (test/server/maintenance/uncertain-past-max-age-settled-under-key.test.ts) only passes because
 * it waits two days, past the key's TTL.
 *
 * Why it matters: the merchant, told by the needs_attention flag that the capture is unresolved,
 * does what the README says and gets, again, "outcome unknown … its amount stays reserved while
 * the reconciler queries it" — while the platform has captured the money and the reconciler will
 * never query this payment. The payment stays `authorized` with nothing counted and no
 * payment.captured for a whole day (the shop does not ship, or captures again by another means).
 *
 * The fix: such an answer carries Retry-After (routes/merchant/transaction-actions.ts), which the
 * idempotency middleware never keeps, so the retry reaches the operation's replay.
 *
 * Expectation: an hour after the uncertain answer (the reconciler has flagged the payment), the
 * same request under its Idempotency-Key settles it: 200 `outcome: "done"`, the payment captured
 * for 19.99, the capture sent once.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authorisedOnlyPayments } from './back-office-capture.ts';
import { reconcilerRounds } from './history-levels.ts';

const PAYID = '3144501';
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`an uncertain capture past RECONCILE_MAX_AGE_DAYS, asked again under its key within the day (${kind})`, () => {
    const { platform, app, authorised } = authorisedOnlyPayments(kind, PAYID);
    // The platform captures (its level 1 says 9) but answers uncertain (92, NCSTATUS 2).
    platform.maintenanceAnswer = (level, payIdSub) => ({
      ...platform.answer('92', payIdSub, level.amount),
      NCSTATUS: '2',
      NCERROR: '20002001',
    });

    it('the same request under its Idempotency-Key settles it, as README says', async () => {
      const reference = await authorised();
      app.t.clock.advance(31 * DAY_MS);
      const capture = () =>
        app.t.api(`/api/transactions/${reference}/capture`, {
          method: 'POST',
          json: {},
          headers: { 'idempotency-key': `uncertain-old-${reference}` },
        });
      const first = await capture();
      const firstBody = (await first.json()) as { outcome?: string };
      assert.equal(first.status, 202, JSON.stringify(firstBody));
      assert.equal(firstBody.outcome, 'unknown', 'precondition: the capture was answered uncertain');

      // The reconciler no longer queries it: it flags it for a person.
      await reconcilerRounds(app.t, 2);
      const flagged = (await app.t.repository.getTransaction(reference))!;
      assert.equal(flagged.needsAttention, true, 'precondition: the payment past its maximum age is flagged needsAttention');

      app.t.clock.advance(HOUR_MS);
      const again = await capture();
      const body = (await again.json()) as { outcome?: string; message?: string };
      const after = (await app.t.repository.getTransaction(reference))!;
      assert.deepEqual(
        {
          status: again.status,
          outcome: body.outcome,
          state: after.state,
          capturedAmount: after.capturedAmount,
          maintenanceSent: platform.maintenance.length,
        },
        { status: 200, outcome: 'done', state: 'captured', capturedAmount: 1999, maintenanceSent: 1 },
        `README: past RECONCILE_MAX_AGE_DAYS "the same request under its Idempotency-Key settles it"; an hour later that ` +
          `request was answered ${again.status} (Idempotent-Replayed: ${again.headers.get('idempotent-replayed')}) ` +
          `outcome "${body.outcome}" — "${body.message?.slice(0, 160)}" — and the payment stays ${after.state}, ` +
          `${after.capturedAmount} captured, needsAttention ${after.needsAttention}, while the platform's level 1 says 9 (captured)`,
      );
    });
  });
}
