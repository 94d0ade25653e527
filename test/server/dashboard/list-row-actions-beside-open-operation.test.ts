/**
 * Found by review r1485 (2026-12-07), now fixed.
 *
 * What is wrong: the dashboard's transaction LIST offers money actions the server's ledger refuses
 * while an operation of the payment is still being processed by Ogone. GET /api/transactions
 * (server/routes/merchant/transactions.ts, items built by server/payments/views.ts
 * `transactionView`) carries neither the payment's open operations nor any other sign of them, so
 * the row's buttons (server/dashboard/client/transaction-row.ts → money-buttons.ts → money-actions.ts
 * `actionsFor`) are computed as if nothing were in flight:
 * - beside a capture in flight (RES payment, capture answered STATUS 91 "payment processing",
 *   docs/ogone-protocol.md §8: the payment stays `authorized`, nothing counted yet) a row offers
 *   "Void authorisation…" and "Capture…" of the whole amount;
 * - beside a void in flight (DES answered 61) a row offers "Capture…" and a second void.
 * The payment's own page was fixed for this (review r1320), the list was not.
 *
 * Why it matters: README ("Try it", the dashboard) promises capture / refund / void "offered only
 * where the server's ledger would carry them out (no void beside a capture in flight, no capture
 * nor second void beside a void in flight)". The operator reads a fresh list, sees "Capture…" on
 * a payment whose capture Ogone is processing (telling them it was not captured), confirms an
 * amount and gets a 409 — or voids an authorisation they believe uncaptured.
 *
 * Expectation: for a payment with an operation in flight, the list row's actions (actionsFor of
 * the GET /api/transactions item, as the dashboard draws them) include none the server refuses.
 *
 * The fix: GET /api/transactions carries each payment's operations still open (openOperations) and
 * whether a cancel done deleted the rest of its authorisation (restCancelled), read in one
 * statement a page (repository listOperationsLimitingActions); the dashboard's money-actions.ts
 * reads them as it reads the detail's operations.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actionsFor, type PaymentAmounts } from '../../../server/dashboard/client/money-actions.ts';
import { authorisedOnlyPayments } from '../maintenance/back-office-capture.ts';

const PAYID = '3148501';

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`the dashboard list beside an operation in flight (${kind})`, () => {
    const { platform, app, authorised } = authorisedOnlyPayments(kind, PAYID);
    // Ogone processes maintenance offline: a capture answers 91, a void 61 (DirectLink guide §4.3).
    platform.maintenanceAnswer = (level, payIdSub, form) => platform.answer(form.OPERATION === 'DES' ? '61' : '91', payIdSub, level.amount);

    const row = async (reference: string): Promise<PaymentAmounts> => {
      const list = (await (await app.t.api(`/api/transactions?q=${reference}`)).json()) as {
        data: Array<PaymentAmounts & { reference: string }>;
      };
      const item = list.data.find((t) => t.reference === reference);
      assert.ok(item, `${reference} is listed`);
      return item;
    };
    const refused = async (reference: string, action: string) => {
      const response = await app.t.api(`/api/transactions/${reference}/${action}`, { method: 'POST', json: {} });
      const body = (await response.json()) as { error?: { message?: string } };
      return { status: response.status, message: body.error?.message ?? '' };
    };

    it('a capture in flight: the row offers no void and no second capture', async () => {
      const reference = await authorised();
      const capture = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {} });
      assert.equal(capture.status, 202, 'precondition: the capture is processing at Ogone (91)');

      const offered = actionsFor(await row(reference));
      const voidAnswer = await refused(reference, 'cancel');
      const captureAnswer = await refused(reference, 'capture');
      assert.equal(voidAnswer.status, 409, 'precondition: the server refuses a void beside the capture in flight');
      assert.equal(captureAnswer.status, 409, 'precondition: the server refuses a second capture');
      assert.deepEqual(
        offered,
        [],
        `the list row of ${reference} offers ${JSON.stringify(offered)} while its capture of 19.99 is processing; ` +
          `the server answers "${voidAnswer.message}" and "${captureAnswer.message}"`,
      );
    });

    it('a void in flight: the row offers no capture and no second void', async () => {
      const reference = await authorised();
      const cancel = await app.t.api(`/api/transactions/${reference}/cancel`, { method: 'POST', json: {} });
      assert.equal(cancel.status, 202, 'precondition: the void is processing at Ogone (61)');

      const offered = actionsFor(await row(reference));
      const captureAnswer = await refused(reference, 'capture');
      const voidAnswer = await refused(reference, 'cancel');
      assert.equal(captureAnswer.status, 409, 'precondition: the server refuses a capture beside the void in flight');
      assert.equal(voidAnswer.status, 409, 'precondition: the server refuses a second void');
      assert.deepEqual(
        offered,
        [],
        `the list row of ${reference} offers ${JSON.stringify(offered)} while its void is processing; ` +
          `the server answers "${captureAnswer.message}" and "${voidAnswer.message}"`,
      );
    });
  });
}
