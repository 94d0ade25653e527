/**
 * After a customer's cancel (STATUS 1), a sync asks the platform by ORDERID, not by the cancelled
 * try's PAYID, which answers 1 for good: the 9 the shopper paid the order with afterwards, its
 * feedback lost, is found by `POST /api/transactions/:reference/sync`.
 *
 * A payment `cancelled` by a 1 is where a refused one is (docs/ogone-protocol.md §6 "Retries on the
 * page", review r1367), and for a refused try §9 "Another try on the page" has queries go by
 * ORDERID (review r930). Review r1383 found the 1 missing from the tries another may follow
 * (payments/hosted-page-tries.ts ANOTHER_TRY_MAY_FOLLOW): the sync asked the cancelled try and
 * confirmed `cancelled` while the platform held the order paid.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newHostedAttempt } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform, platformAnswer } from './fake-platform.ts';

const CANCELLED_TRY = '3014801';
const PAID_TRY = '3014802';

describe('a sync after a customer cancel, the order paid by a later try', () => {
  let reference = '';
  const asked: string[] = [];
  const app = appWithFakePlatform('sqlite', (path, form) => {
    if (!path.includes('querydirect')) throw new Error(`unexpected call ${path}`);
    asked.push(form.PAYID ? `PAYID ${form.PAYID}${form.PAYIDSUB ? `/${form.PAYIDSUB}` : ''}` : `ORDERID ${form.ORDERID}`);
    if (form.PAYIDSUB !== undefined)
      return platformAnswer({ orderID: reference, PAYID: form.PAYID ?? '0', NCSTATUS: '5', NCERROR: '50001131', STATUS: '88', amount: '' });
    // By PAYID: that try, for good. By ORDERID: the order's newest try, paid.
    if (form.PAYID === CANCELLED_TRY)
      return platformAnswer({ orderID: reference, PAYID: CANCELLED_TRY, PAYIDSUB: '0', STATUS: '1', amount: '19.99', PM: 'CreditCard' });
    return platformAnswer({
      orderID: reference,
      PAYID: PAID_TRY,
      PAYIDSUB: '0',
      ACCEPTANCE: 'TEST42',
      STATUS: '9',
      amount: '19.99',
      PM: 'CreditCard',
      BRAND: 'VISA',
    });
  });

  it('finds the 9 the shopper paid the order with after the cancel', async () => {
    reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    assert.equal((await app.feedback(feedbackFor(reference, 1, { PAYID: CANCELLED_TRY, ACCEPTANCE: '' }))).status, 200);
    assert.equal((await app.t.repository.getTransaction(reference))?.state, 'cancelled');
    // The shopper pays the order with a later try (review r1367's case); that feedback is lost.
    app.t.clock.advance(600_000);
    const sync = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    const stored = (await app.t.repository.getTransaction(reference))!;
    assert.equal(
      stored.state,
      'captured',
      `the platform holds the order paid (9), yet after the merchant's sync the payment is ${stored.state} (last STATUS ${stored.lastStatus}); ` +
        `the sync asked ${asked.join(', ')} and answered ${sync.status} ${(await sync.clone().text()).slice(0, 160)}`,
    );
  });
});
