/**
 * Found by review r710. The server makes the API refuse a capture and a cancel (409) of an authorised
 * RES payment whose back-office capture awaits its query (status 9 recorded, `awaitsQuery`). The
 * dashboard's money actions (server/dashboard/client/money-actions.ts), whose contract is "this only
 * avoids offering what it would refuse", still offer "Capture 19.99" and "Void authorisation" from
 * the very view the API answers (state authorized, status 9, operation RES, no operation of ours):
 * the merchant is invited to capture the whole authorisation — or void one the back office already
 * captured from — and gets a 409.
 * Now the dashboard offers neither while an authorisation's last STATUS says captured.
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
    const { platform, app, authorised } = authorisedOnlyPayments(kind, PAYID);

    it('offers no action the API refuses', async () => {
      const reference = await authorised();
      platform.backOffice({ status: '9', amount: '3' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);

      const view = (await (await app.t.api(`/api/transactions/${reference}`)).json()) as PaymentAmounts & { status: number };
      const offered = actionsFor(view);
      const refused: string[] = [];
      for (const action of offered) {
        const response = await app.t.api(`/api/transactions/${reference}/${action}`, { method: 'POST', json: {} });
        if (response.status === 409) refused.push(`${action} of ${remainingFor(view, action)}: 409 ${await response.text()}`);
      }
      assert.deepEqual(
        refused,
        [],
        `the dashboard offers ${JSON.stringify(offered)} on a payment in state ${view.state} with status ${view.status}, and the API ` +
          'refuses them: a merchant is invited to capture the whole 19.99 or void an authorisation the back office already ' +
          `captured from, and meets a 409 (the dashboard does not know a back-office capture awaits its query): ${JSON.stringify(refused)}`,
      );
    });
  });
}
