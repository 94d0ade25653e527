/**
 * A query by ORDERID that reads STATUS 0 between two tries on the hosted page (3ae78cc).
 *
 * docs/ogone-protocol.md §6 "Retries on the page": "`declined` and `error` are not final for us: the
 * hosted page lets the shopper try another card … so a later 5 or 9 of the same order still
 * applies"; §9 "Another try on the page": "Nothing reaches the shop until the page ends, so a query
 * between two tries answers the refused one, with that try's PAYID … and asked by that PAYID the
 * platform answers 2 for good, even once the shopper has paid the order with the next try" — so such
 * an attempt is asked about by ORDERID until the page can no longer be paid (review r930).
 *
 * Since 3ae78cc, a query by ORDERID answering the order's STATUS 0 with a PAYID (the shopper's first
 * try ended "Invalid or incomplete", NCERROR 50001001 "Unknown card type") is applied, and the
 * attempt becomes `error`. Review r1180 found it then no longer asked about (lastStatus 0 was not
 * a try another may follow), every later question going by that try's PAYID, which answers 0 for
 * good: the shopper paid with the next try on the still open page, the feedback lost, and the
 * payment stayed `error` while the platform held the money — review r930's defect, back for
 * STATUS 0. An invalid try is now one another may follow, as a refused one is
 * (payments/hosted-page-tries.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';

const FIRST_TRY = '3014726';
const PAID_TRY = '3014727';

describe('STATUS 0 read by ORDERID between two tries on the hosted page', () => {
  let reference = '';
  let paidOnPage = false;
  const app = appWithFakePlatform('sqlite', (path, form) => {
    if (!path.includes('querydirect')) throw new Error(`unexpected call ${path}`);
    if (form.PAYIDSUB !== undefined)
      return platformAnswer({ orderID: reference, PAYID: form.PAYID ?? '0', NCSTATUS: '5', NCERROR: '50001131', STATUS: '88', amount: '' });
    const invalid = platformAnswer({
      orderID: reference,
      PAYID: FIRST_TRY,
      PAYIDSUB: '0',
      NCSTATUS: '5',
      NCERROR: '50001001',
      NCERRORPLUS: 'Unknown card type',
      STATUS: '0',
      amount: '19.99',
      PM: 'CreditCard',
    });
    const paid = platformAnswer({
      orderID: reference,
      PAYID: PAID_TRY,
      PAYIDSUB: '0',
      ACCEPTANCE: 'TEST42',
      STATUS: '5',
      amount: '19.99',
      PM: 'CreditCard',
      BRAND: 'VISA',
    });
    // By PAYID: that try, for good. By ORDERID: the order's newest try.
    if (form.PAYID === FIRST_TRY) return invalid;
    if (form.PAYID === PAID_TRY) return paid;
    return paidOnPage ? paid : invalid;
  });

  it('finds the payment the shopper made with the next try', async () => {
    reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    // The reconciler's (or a sync's) question while the shopper is still on the page.
    const between = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.equal(between.status, 200, await between.clone().text());
    const read = (await app.t.repository.getTransaction(reference))!;

    // The shopper types another card on the same page and pays; the feedback never comes.
    app.t.clock.advance(60_000);
    paidOnPage = true;
    const sync = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    const stored = (await app.t.repository.getTransaction(reference))!;
    assert.equal(
      stored.state,
      'authorized',
      `the platform holds 19.99 EUR paid on the order, yet the payment is ${stored.state} ` +
        `(after the STATUS 0: state ${read.state}, payid ${read.payid}, syncNeeded ${read.syncNeeded}); ` +
        `the merchant's sync answered ${sync.status} ${await sync.clone().text()}`,
    );
  });
});
