/**
 * docs/ogone-protocol.md §5 "Idempotency": "a second copy of the same feedback … produce[s] no
 * change, no webhook and no second effect". With maintenance operations, the ledger reads a STATUS 9
 * about the whole payment as "every pending capture is done" (domain/ledger.ts
 * updatesFromOverallStatus). A partial capture (SAL 5.00) is answered 91, then confirmed by its
 * status-change feedback (9). A second partial capture (SAL 5.00) is answered 91 — still processing
 * at the platform. A copy of that same, already applied 9 feedback (a deferred retry, a replay of
 * the feedback URL) settled the second capture as done: 10.00 counted captured and a second
 * payment.captured webhook, for a capture the platform had not confirmed (and may still refuse, 93).
 * A copy is found in the feedback log by comparing its parameters with the rows', both as they are
 * logged (feedback/log.ts feedbackCopyKey: DIGESTCARDNO and ENCCARDNO dropped, CARDNO masked
 * again): compared raw, a merchant who selected DIGESTCARDNO, or whose platform masks CARDNO with
 * its BIN, never matched.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform, platformAnswer } from './fake-platform.ts';

const PAYID = '3014726';

const VARIANTS: Array<{ name: string; extra: Record<string, string> }> = [
  { name: 'the usual parameters', extra: {} },
  { name: 'DIGESTCARDNO selected', extra: { DIGESTCARDNO: '6A3F1C0E2B9D4A7E8F0C1B2A3D4E5F60718293A4' } },
  { name: 'CARDNO masked with its BIN', extra: { CARDNO: '411111XXXXXX1111' } },
];

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  for (const variant of VARIANTS) {
    describe(`a repeated capture feedback with ${variant.name} (${kind})`, () => {
      let reference = '';
      let subs = 0;
      const app = appWithFakePlatform(kind, (path, form) => {
        if (!path.includes('maintenancedirect')) throw new Error(`unexpected call ${path}`);
        return platformAnswer({
          orderID: reference,
          PAYID,
          PAYIDSUB: String(++subs),
          STATUS: '91',
          amount: String(Number(form.AMOUNT) / 100),
        });
      });

      it('the copy of the first capture’s 9 does not settle the second capture still processing', async () => {
        reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
        assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID, ...variant.extra }))).status, 200);
        const first = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: { amount: 500 } });
        assert.equal(first.status, 202, await first.clone().text());
        const nine = feedbackFor(reference, 9, { PAYID, ...variant.extra });
        assert.equal((await app.feedback(nine)).status, 200);
        const afterFirst = await app.t.repository.getTransaction(reference);
        assert.deepEqual([afterFirst?.state, afterFirst?.capturedAmount], ['captured', 500], 'precondition: the first capture confirmed');

        const second = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: { amount: 500 } });
        assert.equal(second.status, 202, await second.clone().text());

        // The very same feedback again (Ogone's deferred retry, a replayed URL).
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
}
