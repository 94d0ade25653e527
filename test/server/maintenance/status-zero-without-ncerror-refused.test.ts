/**
 * A capture answered STATUS 0 ("Invalid or incomplete", DirectLink guide §4.3) with an empty
 * NCERROR — the guide's own examples write NCERROR="" for "no error", which the client reads as 0.
 * The ledger records such an answer as a refusal (the operation `failed`, its amount released),
 * and the request must say so: 422 `refused_by_platform`, as for any refused operation.
 *
 * Review r1362 found it answered 202 `outcome: "pending"` — "accepted by Ogone and settling"
 * (README, Merchant API) — for an operation no feedback or query would ever settle, and that 202
 * was kept under the Idempotency-Key for a day (server/maintenance/operations.ts answerVerdict).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newHostedAttempt } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';

const PAYID = '3016204';

describe('a capture answered STATUS 0 with an empty NCERROR', () => {
  const maintenance: string[] = [];
  const fake = appWithFakePlatform(
    'sqlite',
    (path, form) => {
      if (!path.includes('maintenancedirect')) throw new Error(`unexpected call ${path}`);
      maintenance.push(`${form.OPERATION} ${form.AMOUNT}`);
      return platformAnswer({
        orderID: '',
        PAYID: form.PAYID ?? '0',
        NCSTATUS: '',
        NCERROR: '',
        NCERRORPLUS: '',
        STATUS: '0',
        amount: String(Number(form.AMOUNT) / 100),
      });
    },
    { env: { OGONE_OPERATION: 'RES' } },
  );

  it('is refused (422), as the ledger recorded it, and its retry under the key says the same', async () => {
    const { t } = fake;
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    assert.equal((await fake.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
    const capture = () =>
      t.api(`/api/transactions/${reference}/capture`, {
        method: 'POST',
        json: {},
        headers: { 'idempotency-key': `status-zero-${reference}` },
      });
    const response = await capture();
    const body = (await response.json()) as { error?: { code?: string } };
    assert.equal(response.status, 422, JSON.stringify(body));
    assert.equal(body.error?.code, 'refused_by_platform');
    const [recorded] = await t.repository.listOperations(reference);
    assert.deepEqual({ status: recorded?.status, ogoneStatus: recorded?.ogoneStatus }, { status: 'failed', ogoneStatus: 0 });
    const stored = await t.repository.getTransaction(reference);
    assert.deepEqual({ state: stored?.state, captured: stored?.capturedAmount }, { state: 'authorized', captured: 0 });

    const again = await capture();
    assert.equal(again.status, 422, await again.clone().text());
    assert.deepEqual(maintenance, ['SAS 1999'], 'the refused capture is not sent again under its key');
  });
});
