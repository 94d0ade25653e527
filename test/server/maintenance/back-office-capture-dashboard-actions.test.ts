/**
 * Found by review r710. The server makes the API refuse a capture and a cancel (409) of an authorised
 * RES payment whose back-office capture awaits its query (status 9 recorded, `awaitsQuery`). The
 * dashboard's money actions (server/dashboard/client/money-actions.ts), whose contract is "this only
 * avoids offering what it would refuse", still offer "Capture 19.99" and "Void authorisation" from
 * the very view the API answers (state authorized, status 9, operation RES, no operation of ours):
 * the merchant is invited to capture the whole authorisation — or void one the back office already
 * captured from — and gets a 409.
 * Now the dashboard offers neither while an authorisation's last STATUS says captured.
 *
 * Review r720 left the same after a first back-office capture was counted: the payment is then
 * `captured` (3.00 of 19.99), the next back-office capture's 9 awaits its query, and the dashboard
 * still offered "Capture 16.99" and "Refund 3.00", both refused. The API's view now says so
 * (`amountsAwaitQuery`), and the dashboard reads it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actionsFor, remainingFor, type PaymentAmounts } from '../../../server/dashboard/client/money-actions.ts';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { authorisedOnlyPayments } from './back-office-capture.ts';

const PAYID = '3014726';

for (const kind of ['sqlite'] as DatabaseKind[]) {
  describe(`the dashboard's actions while a back-office capture awaits its amount (${kind})`, () => {
    const { platform, app, authorised, capturedAndCounted } = authorisedOnlyPayments(kind, PAYID);

    /** The actions the dashboard offers on the payment page of `reference` that the API refuses. */
    const refusedOffers = async (reference: string) => {
      const view = (await (await app.t.api(`/api/transactions/${reference}`)).json()) as PaymentAmounts & { status: number };
      const offered = actionsFor(view);
      const refused: string[] = [];
      for (const action of offered) {
        const response = await app.t.api(`/api/transactions/${reference}/${action}`, { method: 'POST', json: {} });
        if (response.status === 409) refused.push(`${action} of ${remainingFor(view, action)}: 409 ${await response.text()}`);
      }
      return { view, offered, refused };
    };

    it('offers no action the API refuses', async () => {
      const reference = await authorised();
      platform.backOffice({ status: '9', amount: '3' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);

      const { view, offered, refused } = await refusedOffers(reference);
      assert.deepEqual(
        refused,
        [],
        `the dashboard offers ${JSON.stringify(offered)} on a payment in state ${view.state} with status ${view.status}, and the API ` +
          'refuses them: a merchant is invited to capture the whole 19.99 or void an authorisation the back office already ' +
          `captured from, and meets a 409 (the dashboard does not know a back-office capture awaits its query): ${JSON.stringify(refused)}`,
      );
    });

    it('offers no action the API refuses while a second back-office capture awaits its amount, and the rest once synced', async () => {
      const reference = await authorised();
      await capturedAndCounted(reference, '3');
      platform.backOffice({ status: '9', amount: '5' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);

      const waiting = await refusedOffers(reference);
      assert.deepEqual(
        [waiting.view.state, waiting.view.capturedAmount, waiting.view.amountsAwaitQuery, waiting.refused, waiting.offered],
        ['captured', 300, true, [], []],
        'while the 5.00 awaits its query, the dashboard offers nothing the API refuses',
      );

      assert.equal((await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' })).status, 200);
      const synced = (await (await app.t.api(`/api/transactions/${reference}`)).json()) as PaymentAmounts;
      assert.deepEqual(
        [
          synced.capturedAmount,
          synced.amountsAwaitQuery,
          actionsFor(synced),
          remainingFor(synced, 'capture'),
          remainingFor(synced, 'refund'),
        ],
        [800, false, ['capture', 'refund'], 1199, 800],
        'once the query counted it, the rest can be captured and what was captured refunded',
      );
    });

    it('offers no capture while a back-office refund awaits its amount', async () => {
      const reference = await authorised();
      await capturedAndCounted(reference, '3');
      platform.backOffice({ status: '8', amount: '1' });
      assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID }))).status, 200);

      const waiting = await refusedOffers(reference);
      assert.deepEqual(
        [waiting.view.amountsAwaitQuery, waiting.refused, waiting.offered.includes('capture')],
        [true, [], false],
        'the API takes no capture after a refund, even one whose amount awaits its query',
      );
    });
  });
}
