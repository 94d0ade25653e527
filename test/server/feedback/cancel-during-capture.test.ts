/**
 * A 6 (authorised and cancelled) for a payment whose capture of ours is still in flight (91): a
 * cancel after a capture is impossible, so the STATUS does not win over our open capture. It moved
 * the payment to `cancelled`, and the capture's 9 then added 19.99 captured to a payment that
 * stayed `cancelled` for good.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newHostedAttempt } from '../../support/app.ts';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform, platformAnswer } from './fake-platform.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a 6 while our capture is in flight (${kind})`, () => {
    let reference = '';
    // The platform takes our capture offline: 91, processing.
    const app = appWithFakePlatform(kind, (path, form) => {
      if (!path.includes('maintenancedirect')) throw new Error(`unexpected call ${path}`);
      return platformAnswer({
        orderID: reference,
        PAYID,
        PAYIDSUB: '1',
        ACCEPTANCE: '',
        STATUS: '91',
        amount: (Number(form.AMOUNT) / 100).toString(),
      });
    });

    it('5, capture through the API pending (91), a 6, then the 9: captured with 19.99, never cancelled', async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
      const capture = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {} });
      assert.ok(capture.status < 300, await capture.clone().text());
      const [op] = await app.t.repository.listOperations(reference);
      assert.equal(op?.status, 'pending', 'precondition: our capture is in flight');

      assert.equal((await app.feedback(feedbackFor(reference, 6, { PAYID }))).status, 200);
      const afterSix = await app.t.repository.getTransaction(reference);

      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      const stored = await app.t.repository.getTransaction(reference);
      assert.equal(stored?.capturedAmount, 1999);
      assert.equal(
        stored?.state,
        'captured',
        `19.99 captured in state ${stored?.state} (after the 6: ${afterSix?.state}); a cancel after a capture is impossible`,
      );
      assert.notEqual(
        afterSix?.state,
        'cancelled',
        'a 6 while our capture of the whole amount is in flight moved the payment to cancelled',
      );
    });
  });
}
