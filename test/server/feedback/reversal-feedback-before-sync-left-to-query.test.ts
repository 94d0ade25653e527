/**
 * Found by review r1717 (2026-12-07), now fixed.
 * The fix: feedback/with-operations.ts reversalOfRefundsCountedWithout: a 94 / 96 naming a level none of our refunds holds, on a payment with refunds counted without operations, is left to the query (awaitsQuery), whose reading of the levels names the refund taken back.
 *
 * Review r1717 (2026-12-07). Not a regression of d1a9475 (it failed before it too): the sequence
 * d1a9475 and review r1676 removed for a 94 feedback arriving after the sync, left for one
 * arriving before it.
 *
 * What is wrong: back-office refunds of 5.00 and 2.00 are counted by a sync from the history levels
 * (7.00, no operation). The acquirer then takes back the 2.00 on a level of its own (level 3: 94)
 * and Ogone's status-change feedback of that 94, naming PAYIDSUB 3, arrives before any sync. The
 * feedback (server/feedback/with-operations.ts, rules without operations) takes back every refund
 * counted: `captured`, 0 refunded, payment.refund_reversed. The next sync reads the reversal on
 * its own level with nothing counted and counts level 1's 5.00 again, with a second
 * payment.refunded.
 *
 * Why it matters: status-change requests are the ordinary way Ogone tells the shop of a reversal
 * (Ogone e-Commerce Advanced integration guide §9.3.1.1; docs/ogone-protocol.md §5). The merchant is
 * told the 5.00 came back (payment.refund_reversed) and was then refunded a second time; between,
 * the ledger says nothing was refunded and the API lets the merchant refund the 5.00 again — the
 * 94 being final, the reconciler does not ask about the payment again without a sync by hand.
 * docs/ogone-protocol.md §6: "Where the feedback cannot say which refund it was, the payment is left
 * to the reconciler's query (awaitsQuery)"; a level of its own saying 94 "takes back the newest done
 * refund below it of its very amount"; §9: the levels' sum is all the back office refunded, "so
 * reading it again counts nothing twice" — before, "everything went back, then the next sync
 * counted the refunds below the reversal again, with a second payment.refunded".
 *
 * Expected: the feedback takes back no more than the 2.00 (the ledger never reads 0 refunded),
 * the syncs after it read partially_refunded 5.00, and payment.refunded is announced once.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from './fake-platform.ts';
import { historyLevels } from '../maintenance/history-levels.ts';

const PAYID = '3014726';

describe('r1717: the 94 feedback of a reversal on its own level, before any sync read it', () => {
  const platform = historyLevels(PAYID);
  const app = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'SAL' } });

  it('takes back the 2.00 only, and nothing is counted twice', async () => {
    const t = app.t;
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    platform.start(reference, '9');
    assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
    const read = async () => {
      const r = (await (await t.api(`/api/transactions/${reference}`)).json()) as { state: string; refundedAmount: number };
      return `${r.state} ${r.refundedAmount}`;
    };
    const sync = async () => {
      const answer = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.equal(answer.status, 200, `precondition: the sync answers: ${(await answer.clone().text()).slice(0, 200)}`);
      return read();
    };
    platform.backOffice({ status: '8', amount: '5.00' });
    platform.backOffice({ status: '8', amount: '2.00' });
    assert.equal(await sync(), 'partially_refunded 700', 'precondition: both back-office refunds are counted');
    platform.backOffice({ status: '94', amount: '2.00' });
    const feedback = await app.feedback(feedbackFor(reference, 94, { PAYID, PAYIDSUB: '3' }));
    assert.equal(feedback.status, 200, 'precondition: the feedback is accepted');
    const afterFeedback = await read();
    const after = [await sync(), await sync()];
    const events = (await (await t.api(`/api/events?reference=${reference}`)).json()) as { data: Array<{ type: string }> };
    const refunded = events.data.filter((e) => e.type === 'payment.refunded').length;
    assert.deepEqual(
      { nothingLeft: afterFeedback === 'captured 0', after, refunded },
      { nothingLeft: false, after: ['partially_refunded 500', 'partially_refunded 500'], refunded: 1 },
      `level 1's 5.00 stands, yet the feedback left "${afterFeedback}", the syncs ${JSON.stringify(after)}, ` +
        `payment.refunded announced ${refunded} times`,
    );
  });
});
