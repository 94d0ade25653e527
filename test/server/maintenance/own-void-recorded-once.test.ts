/**
 * Found by review r1642 (2026-12-07), now fixed.
 * The fix: feedback/apply-answer.ts withPlatformCapture weighs the deletion's level against our operations as this sync leaves them: our cancel placed on it is the deletion.
 *
 * Review r1642: a regression of the r1567 / r1586 fixes (a63345b, 8fcb933): our own void, its
 * answer lost, is recorded a second time as a cancel "made in Ogone's back office".
 *
 * What is wrong: server/maintenance/sync.ts `deletionLevel` now also runs for an `authorized`
 * payment whose order says 6 (`deletedNow`), and records the deletion level as the back office's
 * cancel unless an operation already holds that level — judged on `operations` as read BEFORE
 * this sync. Our own DES whose answer was lost (timeout: 504, the cancel open without a level)
 * is placed on that very level by the same sync (`operationUpdates`), but `deletionLevel` does
 * not look at those updates: the level reads as untied / unheld, and
 * server/feedback/apply-answer.ts `withPlatformCapture` inserts a second, `back_office` cancel on
 * it. Scenario: 19.99 authorised (RES); the back office captures 3.00 (level 1: 9); the merchant
 * voids the payment through our API, the DES deletes the rest (level 2: 6) but its answer is
 * lost; the reconciler's / the merchant's sync reads the order. The payment ends right (captured,
 * 300) — with two cancels done on 3014726/2, one `origin: ogone_checkout`, one
 * `origin: back_office`.
 *
 * Why it matters: README "Merchant API", GET /api/transactions/:reference: `operations` carry
 * `origin` — "`back_office` for one a sync found made in Ogone's back office beside ours". The
 * payment's record (the dashboard's operations, the evidence a merchant reads in a dispute)
 * shows a void somebody made in Ogone's back office that nobody made, on the same history level
 * as ours (docs/ogone-protocol.md §9: a level is one operation; "no other deletion level is
 * recorded beside" a cancel done — domain/ledger.ts `restCancelled`).
 *
 * Expectation: after the sync, exactly one cancel operation, ours, on 3014726/2.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { authorisedOnlyPayments } from './back-office-capture.ts';

for (const kind of DATABASE_KINDS)
  describe(`r1642: a back-office capture, then our void whose answer is lost, read by a sync (${kind})`, () => {
    const { platform, app, authorised } = authorisedOnlyPayments(kind);
    // A DES reaches the platform and deletes the rest (its level says 6); its answer is lost.
    platform.maintenanceAnswer = (level, payIdSub, form) => {
      if (form.OPERATION === 'DES') throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      return platform.answer(level.status, payIdSub, level.amount);
    };

    it('records our void once, and no cancel of the back office', async () => {
      const t = app.t;
      const reference = await authorised();
      // In Ogone's back office: capture 3.00 (no status-change request reaches us).
      platform.backOffice({ status: '9', amount: '3.00' });
      const cancel = await t.api(`/api/transactions/${reference}/cancel`, { method: 'POST', json: {} });
      assert.equal(cancel.status, 504, 'precondition: our DES got no answer');

      const sync = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.equal(sync.status, 200, `precondition: the sync answers: ${(await sync.clone().text()).slice(0, 200)}`);
      const detail = (await (await t.api(`/api/transactions/${reference}`)).json()) as {
        state: string;
        capturedAmount: number;
        operations: Array<{ kind: string; status: string; origin: string; platformReference: string | null }>;
      };
      assert.deepEqual([detail.state, detail.capturedAmount], ['captured', 300], 'precondition: the back-office capture is counted');
      const cancels = detail.operations.filter((o) => o.kind === 'cancel').map((o) => `${o.origin} ${o.status} ${o.platformReference}`);
      assert.deepEqual(
        cancels,
        ['ogone_checkout done 3014726/2'],
        `one DES was sent, ours; the payment's operations now read ${JSON.stringify(cancels)}`,
      );
    });
  });
