/**
 * An Idempotency-Key spent on a capture, sent with the same body to `…/refund`: the middleware
 * scopes keys by method and path, and the operations' own lookup was by kind, so the key made a
 * refund (review r1130). README "Merchant API": a capture, refund or cancel "stays its key's … and
 * is refused (422 `idempotency_key_reused`) otherwise" — now so across kinds, on both databases.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import type { DatabaseKind } from '../../support/databases.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`an Idempotency-Key spent on a capture, sent again to the refund route (${kind})`, () => {
    const platform = historyLevels(PAYID);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));

    it('is refused (422 idempotency_key_reused), no refund sent', async () => {
      const reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '5');
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
      const headers = { 'idempotency-key': 'order-1001' };
      const capture = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: { amount: 1000 }, headers });
      assert.equal(capture.status, 200, `precondition: captured: ${await capture.clone().text()}`);
      platform.maintenance.length = 0;

      const refund = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 1000 }, headers });
      const body = (await refund.json()) as { error?: { code: string } };
      const after = (await app.t.repository.getTransaction(reference))!;
      assert.deepEqual(
        {
          status: refund.status,
          code: body.error?.code,
          sent: platform.maintenance.map((form) => `${form.OPERATION} ${form.AMOUNT}`),
          refunded: after.refundedAmount,
        },
        { status: 422, code: 'idempotency_key_reused', sent: [], refunded: 0 },
        'the key that made the capture made a refund as well',
      );
    });
  });
}
