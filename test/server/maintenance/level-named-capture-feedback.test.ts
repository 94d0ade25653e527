/**
 * Found by review r201. A status-change feedback that arrives late — its first copy, so the copy guard
 * (firstReceivedAt) does not apply — names the history level of the FIRST partial capture
 * (PAYIDSUB=1, on the SHA-OUT list and sent by the platform) but is read as the payment's overall
 * STATUS (domain/ledger.ts updatesFromOverallStatus): it settles the SECOND partial capture too,
 * which the platform answered uncertain (92) and may still refuse. The amount is counted captured
 * for good (a later 93 for level 2 no longer touches a `done` operation).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a late 9 of level 1 while a second capture is uncertain (${kind})`, () => {
    let reference = '';
    let subs = 0;
    const app = appWithFakePlatform(kind, (path, form) => {
      if (!path.includes('maintenancedirect')) throw new Error(`unexpected call ${path}`);
      subs += 1;
      return platformAnswer({
        orderID: reference,
        PAYID,
        PAYIDSUB: String(subs),
        NCSTATUS: subs === 1 ? '0' : '2',
        NCERROR: subs === 1 ? '0' : '20002001',
        STATUS: subs === 1 ? '91' : '92',
        amount: String(Number(form.AMOUNT) / 100),
      });
    });

    it('the 9 naming PAYIDSUB 1 settles only the capture on level 1', async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
      const first = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: { amount: 1000 } });
      assert.equal(first.status, 202, await first.clone().text());
      const second = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: { amount: 999 } });
      assert.equal(second.status, 202, await second.clone().text());
      const body = (await second.json()) as { outcome: string };
      assert.equal(body.outcome, 'unknown', 'precondition: the second capture is uncertain (92)');

      // The status-change feedback of level 1 (the first capture processed), delivered late.
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID, PAYIDSUB: '1' }))).status, 200);
      const stored = await app.t.repository.getTransaction(reference);
      const operations = await app.t.repository.listOperations(reference);
      assert.deepEqual(
        { capturedAmount: stored?.capturedAmount, second: operations.find((op) => op.payidSub === 2)?.status },
        { capturedAmount: 1000, second: 'pending' },
        'a feedback naming history level 1 counted the uncertain capture on level 2 as captured money',
      );
    });
  });
}
