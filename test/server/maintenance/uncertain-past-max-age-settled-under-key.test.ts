/**
 * README, "Merchant API", `POST /api/transactions/:reference/capture|refund|cancel`:
 * an operation "answered uncertain (`outcome: "unknown"`: never repeated, the reconciler settles it
 * — except on a payment older than `RECONCILE_MAX_AGE_DAYS`, which it no longer queries: that
 * payment is flagged `needsAttention` instead, and `POST …/sync` or **the same request under its
 * Idempotency-Key settles it**)".
 *
 * A capture of an authorisation 31 days old (RECONCILE_MAX_AGE_DAYS is 30) is answered uncertain
 * (STATUS 92, NCSTATUS 2: DirectLink guide §4.3, docs/ogone-protocol.md §8) while the platform in
 * fact captured it (its history level 1 says 9). The reconciler no longer queries the payment. The
 * merchant does what the README says: the same request under its Idempotency-Key (two days later,
 * so the key's kept HTTP answer is past its day and the request reaches the operation's replay).
 *
 * Expected: that request settles it — a query of the operation's level reads the 9, and the answer
 * is 200 `outcome: "done"`, the payment `captured` for 19.99.
 * Review r1362 found that server/maintenance/operations.ts `replay` queried only an operation
 * whose status is `unknown` (or an abandoned `sending`); an uncertain answer is recorded `pending`
 * (STATUS 92), so the replay answered the stored 202 `outcome: "unknown"` again without asking the
 * platform, and nothing but a sync by hand ever settled the capture.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authorisedOnlyPayments } from './back-office-capture.ts';
import { reconcilerRounds } from './history-levels.ts';

const PAYID = '3016201';
const DAY_MS = 86_400_000;

describe('an uncertain capture of a payment past RECONCILE_MAX_AGE_DAYS, asked again under its Idempotency-Key', () => {
  const { platform, app, authorised } = authorisedOnlyPayments('sqlite', PAYID);
  const queries: Array<Record<string, string>> = [];
  // The capture is carried out (its level says 9) but answered uncertain, with its PAYIDSUB.
  platform.maintenanceAnswer = (level, payIdSub) => ({
    ...platform.answer('92', payIdSub, level.amount),
    NCSTATUS: '2',
    NCERROR: '20002001',
  });

  it('the same request under its key queries the operation and answers the capture done', async () => {
    const reference = await authorised();
    const handle = platform.handle.bind(platform);
    platform.handle = async (path, form) => {
      if (path.includes('querydirect')) queries.push(form);
      return handle(path, form);
    };
    app.t.clock.advance(31 * DAY_MS);

    const capture = () =>
      app.t.api(`/api/transactions/${reference}/capture`, {
        method: 'POST',
        json: {},
        headers: { 'idempotency-key': `uncertain-capture-${reference}` },
      });
    const first = await capture();
    const firstBody = (await first.json()) as { outcome?: string };
    assert.equal(first.status, 202, JSON.stringify(firstBody));
    assert.equal(firstBody.outcome, 'unknown', 'precondition: the capture was answered uncertain');
    assert.equal(platform.maintenance.length, 1, 'precondition: one capture reached the platform');

    // The reconciler's rounds: past the maximum age it flags the payment instead of querying it.
    await reconcilerRounds(app.t, 2);
    const flagged = (await app.t.repository.getTransaction(reference))!;

    app.t.clock.advance(2 * DAY_MS);
    queries.length = 0;
    const again = await capture();
    const body = (await again.json()) as { outcome?: string; transaction?: { state?: string; capturedAmount?: number } };
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
      `README: past RECONCILE_MAX_AGE_DAYS "the same request under its Idempotency-Key settles it"; the retry was answered ` +
        `${again.status} ${JSON.stringify(body).slice(0, 300)} after ${queries.length} queries of the platform ` +
        `(needsAttention before: ${flagged.needsAttention}); the platform's level 1 says 9 (captured)`,
    );
  });
});
