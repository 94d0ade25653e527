/**
 * docs/ogone-protocol.md §5 "Idempotency": "a second copy of the same feedback … produce[s] no
 * change, no webhook and no second effect". With maintenance operations, the ledger reads a STATUS 9
 * about the whole payment as "every pending capture is done" (domain/ledger.ts
 * updatesFromOverallStatus). A partial capture (SAL 5.00) is answered 91, then confirmed by its
 * status-change feedback (9). A second partial capture (SAL 5.00) is answered 91 — still processing
 * at the platform. A copy of that same, already applied 9 feedback (a deferred retry, a replay of
 * the feedback URL) then settles the second capture as done: 10.00 counted captured and a second
 * payment.captured webhook, for a capture the platform has not confirmed (and may still refuse, 93).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from './fake-platform.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a repeated capture feedback and a second partial capture still processing (${kind})`, () => {
    let reference = '';
    let subs = 0;
    const app = appWithFakePlatform(kind, (path, form) => {
      if (!path.includes('maintenancedirect')) throw new Error(`unexpected call ${path}`);
      // Every capture is accepted for offline processing: 91.
      return {
        orderID: reference,
        PAYID,
        PAYIDSUB: String(++subs),
        NCSTATUS: '0',
        NCERROR: '0',
        NCERRORPLUS: '!',
        STATUS: '91',
        amount: String(Number(form.AMOUNT) / 100),
        currency: 'EUR',
      };
    });

    it('the copy of the first capture’s 9 does not settle the second capture', async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
      const first = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: { amount: 500 } });
      assert.equal(first.status, 202, await first.clone().text());
      const nine = feedbackFor(reference, 9, { PAYID });
      assert.equal((await app.feedback(nine)).status, 200);
      const afterFirst = await app.t.repository.getTransaction(reference);
      assert.deepEqual([afterFirst?.state, afterFirst?.capturedAmount], ['captured', 500], 'precondition: the first capture confirmed');

      const second = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: { amount: 500 } });
      assert.equal(second.status, 202, await second.clone().text());

      // The very same feedback again.
      assert.equal((await app.feedback(nine)).status, 200);
      const stored = await app.t.repository.getTransaction(reference);
      const operations = await app.t.repository.listOperations(reference);
      const events = (await (await app.t.api(`/api/events?reference=${reference}`)).json()) as { data: Array<{ type: string }> };
      assert.deepEqual(
        {
          capturedAmount: stored?.capturedAmount,
          secondCapture: operations[1]?.status,
          capturedEvents: events.data.filter((e) => e.type === 'payment.captured').length,
        },
        { capturedAmount: 500, secondCapture: 'pending', capturedEvents: 1 },
        'a second copy of an applied feedback settled the capture still processing at the platform',
      );
    });
  });
}
