/**
 * Found by review r1768 (2026-12-07), now fixed.
 * The fix: chargeAlias requires DirectLink before writing the session and draft of a new charge, and before taking the send lease of a retry.
 *
 * What is wrong: server/aliases/charge.ts chargeAlias, on a server that cannot send DirectLink
 * orders (OGONE_ENVIRONMENT=disabled, or no API user), writes the charge's checkout session and
 * its payment (a draft under the merchant's `reference`) and takes the draft's send lease before
 * it finds out: requireDirectLink fails only inside sendAliasOrder, and that refusal is not one
 * of callDirectLink's failures, so the send lease is never let go. The request is answered 501
 * `directlink_unavailable` — but a retry of the same charge is then answered 409
 * `duplicate_reference` "a charge with this reference is being made" with `Retry-After: 5` for
 * the whole lease (SEND_LEASE_MS, 160 s), and a payment in `draft` that was never going to be
 * sent is listed under the merchant's reference.
 *
 * Why it matters: README "Merchant API": 409 `duplicate_reference` "while one request sends its
 * order" — none is being sent, and none can be. The merchant's job, told to come back in five
 * seconds, retries a charge that is not under way, and its books (GET /api/transactions) show a
 * payment of the customer's card that the platform never saw. The widget's saved-card route and
 * a checkout attempt refuse on such a server before writing anything (payments/attempts.ts
 * assertPayable; "a 4xx leaves nothing behind", routes/public/checkout.ts).
 *
 * Expected: the retry of the charge is refused 501 `directlink_unavailable` as the first request
 * was, never told it is being made (best: refused before anything is stored, as the widget's route
 * is; the test asserts the answer only).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../../support/app.ts';
import { savedCardRecord } from '../../support/records.ts';

describe('a merchant charge on a server whose payments are disabled', () => {
  const t = useTestApp('sqlite', { env: { OGONE_ENVIRONMENT: 'disabled' } });

  it('answers its retry 501, not "being made"', async () => {
    const aliasId = await savedCardRecord(t.repository, 'cust-r1768', 'OC-R1768-CARD');
    const reference = 'SUB-R1768-2026-12';
    const charge = () => t.api(`/api/aliases/${aliasId}/charges`, { method: 'POST', json: { amount: 990, currency: 'EUR', reference } });

    const first = await charge();
    const firstBody = (await first.json()) as { error?: { code?: string } };
    assert.deepEqual({ status: first.status, code: firstBody.error?.code }, { status: 501, code: 'directlink_unavailable' });

    const retry = await charge();
    const retryBody = (await retry.json()) as { error?: { code?: string; message?: string } };
    const stored = await t.repository.getTransaction(reference);
    assert.deepEqual(
      {
        status: retry.status,
        code: retryBody.error?.code,
        retryAfter: retry.headers.get('retry-after'),
      },
      { status: 501, code: 'directlink_unavailable', retryAfter: null },
      `${JSON.stringify(retryBody)}; stored under the reference: ${stored ? `a payment in ${stored.state}` : 'nothing'}`,
    );
  });
});
