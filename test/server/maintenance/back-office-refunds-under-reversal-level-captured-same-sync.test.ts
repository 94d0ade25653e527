/**
 * Found by review r1715 (2026-12-07), now fixed.
 * The fix: feedback/apply-answer.ts withRefundsStanding weighs the state as this very answer leaves it (a capture counted by the same sync, a sale's lost 9 the 94 proves), not as it was before.
 *
 * Review r1715 (2026-12-07). REGRESSION of d1a9475 (fails now, passed before it).
 *
 * What is wrong: on an authorisation-only order (RES) that the back office captured and refunded,
 * a refund reversal written on a level of its own is read by a first sync as "nothing refunded":
 * server/maintenance/sync.ts now passes `refundsStanding` with the levels' sum, and
 * server/feedback/apply-answer.ts `withRefundsStanding` returns the decision untouched whenever the
 * payment was not captured before this answer (`!CAPTURED_STATES.has(current.state)`), although
 * the same answer counts the back office's capture (capturedByPlatform). The back office's 5.00
 * refund, which stands (only the 2.00 was taken back), is dropped; the payment reads `captured`
 * 19.99 with nothing refunded, and only the next sync counts the 5.00. Before d1a9475 the first
 * sync read it through withPlatformRefund, which weighs a capture counted by the same answer.
 *
 * Why it matters: between the two syncs (a reconciler round apart, or for good if no further sync
 * is asked) the API, dashboard and refundable amount say the shopper got nothing back while 5.00
 * went back: the merchant may refund 19.99 again; the state does not follow the amounts.
 * docs/ogone-protocol.md §9: "a reversal on a level of its own leaves the refunds below it standing;
 * they are read while nothing is counted refunded", and "a capture the same sync counted ... is
 * weighed too"; §6: a level of its own saying 94 "takes back the newest done refund below it of its
 * very amount".
 *
 * Sale authorised 19.99 (feedback 5); back office: capture 19.99 (level 1, 9), refunds 5.00
 * (level 2, 8) and 2.00 (level 3, 8), reversal of 2.00 on level 4 (94; the order says 94).
 * Expected: the first sync already reads partially_refunded, 19.99 captured, 5.00 refunded.
 *
 * Case 2, the same cause: a sale whose capture's 9 was lost (feedback 91: `pending`), the back
 * office refunds 5.00 and 2.00 and the 2.00 is reversed on a level of its own (§6: "From an earlier
 * state (the capture's 9 late or lost) they say the money was captured"). The first sync reads
 * `captured` with nothing refunded (before d1a9475: partially_refunded 5.00).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels, paidThroughLevels, stateCapturedAndRefunded } from './history-levels.ts';

describe('r1715: back-office capture and refunds of an authorisation, a reversal on a level of its own', () => {
  const platform = historyLevels();
  const app = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'RES' } });

  it('the first sync counts the 5.00 that stands beside the capture it counts', async () => {
    const { sync, eventTypes } = await paidThroughLevels(app, platform, { status: 5 });
    platform.backOffice({ status: '9', amount: '19.99' });
    platform.backOffice({ status: '8', amount: '5.00' });
    platform.backOffice({ status: '8', amount: '2.00' });
    platform.backOffice({ status: '94', amount: '2.00' });
    const after = [await sync(stateCapturedAndRefunded), await sync(stateCapturedAndRefunded)];
    const refunded = (await eventTypes()).filter((type) => type === 'payment.refunded').length;
    assert.deepEqual(
      { after, refunded },
      { after: ['partially_refunded 1999 500', 'partially_refunded 1999 500'], refunded: 1 },
      `levels 1–4 leave 19.99 captured and 5.00 refunded, yet the syncs read ${JSON.stringify(after)}`,
    );
  });
});

describe("r1715: a sale whose capture's 9 was lost, back-office refunds, a reversal on a level of its own", () => {
  const platform = historyLevels();
  const app = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'SAL' } });

  it('the first sync counts the 5.00 that stands', async () => {
    const { sync } = await paidThroughLevels(app, platform, { status: 91 });
    platform.backOffice({ status: '8', amount: '5.00' });
    platform.backOffice({ status: '8', amount: '2.00' });
    platform.backOffice({ status: '94', amount: '2.00' });
    const after = [await sync(stateCapturedAndRefunded), await sync(stateCapturedAndRefunded)];
    assert.deepEqual(
      after,
      ['partially_refunded 1999 500', 'partially_refunded 1999 500'],
      `levels 1–3 leave 5.00 refunded of 19.99, yet the syncs read ${JSON.stringify(after)}`,
    );
  });
});
