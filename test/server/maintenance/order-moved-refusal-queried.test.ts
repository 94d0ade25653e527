/**
 * A maintenance the platform refuses because the order is not where our records put it (NCERROR
 * 50001127 "The original order is not in a correct status", 50001129 "Overflow in refunds
 * requests") is answered 422, and the payment is then queried: the platform's STATUS says what
 * happened (docs/ogone-protocol.md §7; DirectLink guide §4.4 "Duplicate request" and §4.1.2, the
 * amount never above what the order allows). Review r1170.
 *
 * Here the merchant captured (refunded) the whole order in Ogone's back office and no status-change
 * feedback came ("HTTP request for status changes" is an option, off unless the merchant turns it
 * on — e-Commerce Advanced §9.3.1.1). Before the fix the payment kept a final lastStatus and
 * syncNeeded false: the reconciler never queried it, and it showed `authorized` (`captured`) for good.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newHostedAttempt } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';
import { reconcilerRounds } from './history-levels.ts';

const PAYID = '3014726';

const cases = [
  {
    kind: 'capture',
    start: 5,
    ncError: '50001127',
    plus: 'The original order is not in a correct status',
    platform: '9', // captured in the back office: level 1, STATUS 9, 19.99
    expected: 'captured',
  },
  {
    kind: 'refund',
    start: 9,
    ncError: '50001129',
    plus: 'Overflow in refunds requests',
    platform: '8', // refunded in full in the back office: level 1, STATUS 8, 19.99
    expected: 'refunded',
  },
] as const;

for (const c of cases) {
  describe(`a ${c.kind} refused with ${c.ncError} (the order changed at the platform)`, () => {
    let reference = '';
    const app = appWithFakePlatform('sqlite', (path, form) => {
      if (path.includes('maintenancedirect'))
        return platformAnswer({
          orderID: reference,
          PAYID,
          NCSTATUS: '5',
          NCERROR: c.ncError,
          NCERRORPLUS: c.plus,
          STATUS: '0',
          amount: '',
        });
      if (form.PAYIDSUB === '1')
        return platformAnswer({ orderID: reference, PAYID, PAYIDSUB: '1', ACCEPTANCE: 'test123', STATUS: c.platform, amount: '19.99' });
      if (form.PAYIDSUB !== undefined)
        return platformAnswer({
          orderID: reference,
          PAYID,
          PAYIDSUB: form.PAYIDSUB,
          NCSTATUS: '5',
          NCERROR: '50001131',
          STATUS: '88',
          amount: '',
        });
      return platformAnswer({ orderID: reference, PAYID, PAYIDSUB: '1', ACCEPTANCE: 'test123', STATUS: c.platform, amount: '19.99' });
    });

    it(`the reconciler asks the platform, and the payment ends ${c.expected} as the platform says`, async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      assert.equal((await app.feedback(feedbackFor(reference, c.start, { PAYID }))).status, 200);

      const refused = await app.t.api(`/api/transactions/${reference}/${c.kind}`, {
        method: 'POST',
        json: c.kind === 'refund' ? { amount: 500 } : {},
      });
      assert.equal(refused.status, 422, 'refused by the platform: nothing of ours happened');

      const queried = await reconcilerRounds(app.t, 3);
      assert.ok(
        queried.includes(reference),
        `after ${c.ncError} our record of the order is stale (DirectLink guide §4.4, §4.1.2): the payment must be queried`,
      );
      const stored = (await app.t.repository.getTransaction(reference))!;
      assert.equal(stored.state, c.expected, `the platform says STATUS ${c.platform}; our payment says ${stored.state}`);
    });
  });
}
