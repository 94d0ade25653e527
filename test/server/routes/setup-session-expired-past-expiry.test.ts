/**
 * a setup session (FlexCheckout card verification) reads `processing` to the merchant for
 * up to an hour past its expiry, though nothing can be verified nor saved any more.
 *
 * Found by review r1412, now fixed (payments/views.ts sessionStatus: not a setup session). What was wrong: server/payments/views.ts sessionStatus keeps a session past its expiry
 * `processing` while any `draft` attempt is within payableUntil (an hour from its creation,
 * hosted-page-tries.ts HOSTED_PAGE_PAYABLE_MS), whatever the session's mode. That hour is Ogone's
 * hosted *payment* page taking the order after our expiry (docs/ogone-protocol.md §9). A setup
 * session's attempt is not on that page (hosted-page-tries.ts onHostedPage: "nor a setup session's
 * verification. Only the page lets a shopper try again"), and its FlexCheckout return after the
 * expiry verifies and saves nothing (server/aliases/setup-return.ts: "The session's time is over
 * (docs/ogone-protocol.md §15): nothing is verified, nothing saved"). README, GET
 * /api/checkout-sessions/:id: `processing` "while a payment is pending — past the expiry too, as
 * long as an attempt may still be paid on Ogone's page". So the merchant polling the session is
 * told the card is still being decided, and waits (or keeps the customer's "add a card" step
 * open) for an outcome that cannot come; the widget for the same session already says `expired`.
 *
 * Steps: POST /api/checkout-sessions {mode: setup, expiresIn: 600}; POST its attempt (draft,
 * FlexCheckout link); advance the clock 11 minutes (past the expiry, under an hour from the
 * attempt); GET /api/checkout-sessions/:id. The FlexCheckout return then answers "not saved: the
 * session expired" (checked). Expected: status `expired`. Actual: `processing`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';
import { startSetupOnApp } from '../../support/flex-return.ts';

describe('a setup session past its expiry with its FlexCheckout attempt in draft', () => {
  const orders: string[] = [];
  const fake = appWithFakePlatform('sqlite', (path, form) => {
    orders.push(`${path} ${form.ORDERID}`);
    return platformAnswer({ orderID: form.ORDERID!, PAYID: '7000001', STATUS: '5', amount: '0', PM: 'CreditCard', BRAND: 'VISA' });
  });

  it('reads expired to the merchant: its card can no longer be verified', async () => {
    const t = fake.t;
    const setup = await startSetupOnApp(t, 'cust-r1412', { expiresIn: 600 });
    (t.clock as unknown as { advance(ms: number): void }).advance(660_000);

    const merchant = (await (await t.api(`/api/checkout-sessions/${setup.sessionId}`)).json()) as { status: string };
    const widget = (await (await t.app.request(`/checkout/sessions/${setup.sessionId}`)).json()) as { status: string };

    // The shopper comes back from FlexCheckout now: nothing is verified, nothing saved.
    const back = await t.app.request(setup.returnUrl('0'));
    const page = await back.text();
    const saved = (await (await t.api(`/api/customers/cust-r1412/aliases`)).json()) as { data: unknown[] };
    assert.equal(saved.data.length, 0, 'precondition: the return after the expiry saved no card');
    assert.deepEqual(orders, [], 'precondition: nothing was sent to the platform');
    const after = (await (await t.api(`/api/checkout-sessions/${setup.sessionId}`)).json()) as { status: string };

    assert.deepEqual(
      { before: merchant.status, afterReturn: after.status },
      { before: 'expired', afterReturn: 'expired' },
      `the merchant reads "${merchant.status}" (widget: "${widget.status}") for a setup session that can no longer save a card (return answered ${back.status}: ${page.slice(0, 80).replace(/\s+/g, ' ')})`,
    );
  });
});
