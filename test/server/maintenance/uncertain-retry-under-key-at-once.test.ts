/**
 * The same request under its Idempotency-Key, sent several times at once, for a capture answered
 * uncertain on a payment past RECONCILE_MAX_AGE_DAYS (the replay then queries the platform:
 * uncertain-past-max-age-settled-under-key.test.ts). One of them runs (the others are told 409
 * `idempotency_in_progress`, as any request under a key in use is, or read the settled answer
 * once it is kept), and none sends the capture
 * again, nor do two `POST …/sync` made beside them; a retry after them reads the same settled
 * answer. The capture is counted and announced
 * once: 19.99 captured, one SAL at the platform, one `payment.captured`. On SQLite and on
 * PostgreSQL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authorisedOnlyPayments } from './back-office-capture.ts';
import { reconcilerRounds } from './history-levels.ts';

const PAYID = '3016202';
const DAY_MS = 86_400_000;
const RETRIES = 6;

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`an uncertain capture past RECONCILE_MAX_AGE_DAYS, retried under its key ${RETRIES} times at once (${kind})`, () => {
    const { platform, app, authorised } = authorisedOnlyPayments(kind, PAYID);
    // The capture is carried out (its level says 9) but answered uncertain, with its PAYIDSUB.
    platform.maintenanceAnswer = (level, payIdSub) => ({
      ...platform.answer('92', payIdSub, level.amount),
      NCSTATUS: '2',
      NCERROR: '20002001',
    });

    it('one retry settles it, the others are told it is in progress; sent once, counted once, announced once', async () => {
      const reference = await authorised();
      app.t.clock.advance(31 * DAY_MS);
      const capture = () =>
        app.t.api(`/api/transactions/${reference}/capture`, {
          method: 'POST',
          json: {},
          headers: { 'idempotency-key': `uncertain-capture-at-once-${reference}` },
        });
      const first = (await (await capture()).json()) as { outcome?: string };
      assert.equal(first.outcome, 'unknown', 'precondition: the capture was answered uncertain');
      await reconcilerRounds(app.t, 2);
      app.t.clock.advance(2 * DAY_MS);

      // Beside them, the merchant's `POST …/sync` by hand (README: it settles it too), twice.
      const syncsBeside = Promise.all(
        [1, 2].map(async () => {
          const response = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
          assert.equal(response.status, 200, await response.text());
        }),
      );
      const answers = await Promise.all(
        Array.from({ length: RETRIES }, async () => {
          const response = await capture();
          const body = (await response.json()) as { outcome?: string; error?: { code?: string } };
          return `${response.status} ${body.outcome ?? body.error?.code}`;
        }),
      );
      await syncsBeside;
      const later = await capture();
      const laterOutcome = ((await later.json()) as { outcome?: string }).outcome;
      const after = (await app.t.repository.getTransaction(reference))!;
      const captured = (await app.t.repository.listEvents({ reference, limit: 50, type: 'payment.captured' })).items.length;
      assert.deepEqual(
        {
          // A retry that starts after the first one ended reads its kept answer: done too.
          answers: [...new Set(answers)].sort(),
          later: `${later.status} ${laterOutcome}`,
          state: after.state,
          capturedAmount: after.capturedAmount,
          maintenanceSent: platform.maintenance.length,
          captured,
        },
        {
          answers: answers.includes('409 idempotency_in_progress') ? ['200 done', '409 idempotency_in_progress'] : ['200 done'],
          later: '200 done',
          state: 'captured',
          capturedAmount: 1999,
          maintenanceSent: 1,
          captured: 1,
        },
      );
    });
  });
}
