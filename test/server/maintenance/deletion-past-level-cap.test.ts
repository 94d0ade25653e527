/**
 * Found by review r1586 (2026-12-07), now fixed.
 *
 * What is wrong: server/maintenance/sync.ts (backOfficeCapture, deletionLevel) and
 * server/feedback/apply-answer.ts withPlatformCapture. An authorisation of 19.99 the back office
 * captured 5.00 of (level 1, STATUS 9), then tried more than twenty times (refused, 93), then
 * deleted the rest (the order's STATUS 6, its PAYIDSUB 22). A sync now reads the levels because
 * the order names them, counts the 5.00 and — `deletedNow` — emits payment.cancelled ("the rest
 * released"). But the deletion's level lies past the MAX_LEVELS cap, so deletionLevel finds none
 * and no cancel is recorded; and since nothing awaited the query, the payment is neither kept
 * awaiting a query nor flagged for a person. The stored payment is `captured` 5.00 with 14.99
 * still capturable, and POST /capture sends a capture (SAS) of 14.99 to the platform for an
 * authorisation it deleted.
 *
 * Why it matters: the merchant is told by webhook that the rest was released, while the API and
 * dashboard keep offering to capture it; a capture sent for a deleted authorisation is refused
 * by the platform (or, worse, charges the shopper for what the back office released).
 * docs/ogone-protocol.md §9 says a deletion read with the capture is recorded as the back
 * office's cancel so that the ledger never offers a capture of what was deleted, and that a sync
 * whose level cap left levels unread keeps the payment awaiting a query (the API refuses
 * capture, cancel and refund) and flags it for a person.
 *
 * Expectation: after the sync (and reconciler rounds), a capture of the rest is refused by the
 * API (4xx) and no capture reaches the platform.
 *
 * The fix: maintenance/sync.ts deletionLevel records a deletion read in this very answer by the
 * order's own PAYIDSUB when its level is past the ones read, and feedback/apply-answer.ts
 * withPlatformCapture counts the capture beside a deletion only with that deletion recorded.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, reconcilerRounds } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a back-office deletion past the level cap, read by a sync (${kind})`, () => {
    const platform = historyLevels(PAYID);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'RES' } });

    it('never offers a capture of the deleted rest after payment.cancelled', async () => {
      const t = app.t;
      const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '5');
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);

      platform.backOffice({ status: '9', amount: '5.00' });
      for (let i = 0; i < 20; i++) platform.backOffice({ status: '93', amount: '1.00' });
      platform.backOffice({ status: '6', amount: '14.99' });

      assert.equal((await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' })).status, 200);
      await reconcilerRounds(t, 3);
      const cancelled = ((await (await t.api(`/api/events?reference=${reference}&type=payment.cancelled`)).json()) as { data: unknown[] })
        .data.length;
      assert.equal(cancelled, 1, 'precondition: the sync told the merchant the rest was released');

      const before = platform.maintenance.length;
      const capture = await t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {} });
      const sent = platform.maintenance.slice(before).map((form) => `${form.OPERATION} ${form.AMOUNT}`);
      assert.deepEqual(
        { refused: capture.status >= 400 && capture.status < 500, sent },
        { refused: true, sent: [] },
        `payment.cancelled was sent, yet the API answered ${capture.status} to a capture of the rest and sent ${JSON.stringify(sent)}`,
      );
    });
  });
}
