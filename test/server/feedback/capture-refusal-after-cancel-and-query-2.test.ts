/**
 * a capture refused while a customer-cancelled payment's last STATUS is a later try's 2 is
 * kept under its Idempotency-Key, and replayed after the shopper's next try is authorised.
 *
 * Found by review r1392, now fixed (shared/status.ts mayBePaidByAnotherTry, used by payments/hosted-page-tries.ts). What was wrong: two rules decide "the shopper may still pay this order on the page" for a
 * `cancelled` payment, and they disagree. shared/status.ts nextState (pageMayStillBePaid) takes a
 * cancelled payment whose last STATUS is 0, 1 or 2 — "cancelled on the page (1, or a query's 0 or 2
 * of a later try recorded since)" — as one a later 5 / 9 still pays. payments/hosted-page-tries.ts
 * mayStillBePaidOnPage, which decides whether a capture refused off that state holds only for now
 * (reviews r1030, r1382), accepts only last STATUS 1. The 2 gets there the ordinary way: after the
 * customer's cancel, the merchant's sync asks by ORDERID (docs §9 "Another try on the page", review
 * r1383) and the order's newest try is a refused one; the query's 2 is recorded as the last STATUS
 * and the payment stays `cancelled` — where docs §6 says it still takes the shopper's 5 or 9.
 *
 * Why it matters: the merchant's capture, refused 409 `invalid_state` at that moment, is stored as
 * its key's outcome. The shopper then pays the order with the next try (5: `authorized`,
 * `payment.authorized` sent). The merchant's capture retried under the same key (a job retrying
 * its failed capture on `payment.authorized`) is answered with the replayed "a cancelled payment
 * cannot be captured" while the payment reads `authorized`; it never reaches the platform, and the
 * authorisation lapses uncaptured — the review r1382 defect, back through another last STATUS.
 * The first refusal carried no Retry-After either, so nothing told the merchant it was temporary.
 *
 * Expected: after 1, a sync reading a later try's 2, and a refused capture under key K, the 5 makes
 * the payment `authorized`, and the same capture under K is not the replayed refusal
 * (`Idempotency-Replayed` is not "true"; the capture is sent).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newHostedAttempt } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform, platformAnswer } from './fake-platform.ts';

const CANCELLED_TRY = '3019301';
const REFUSED_TRY = '3019302';
const PAID_TRY = '3019303';

describe('a capture refused after a sync read a later try refused, on a customer-cancelled payment', () => {
  let reference = '';
  const calls: string[] = [];
  const app = appWithFakePlatform(
    'sqlite',
    (path, form) => {
      calls.push(`${path} ${form.OPERATION ?? ''} ${form.PAYID ?? form.ORDERID ?? ''}${form.PAYIDSUB ? `/${form.PAYIDSUB}` : ''}`);
      if (path.includes('maintenancedirect'))
        return platformAnswer({ orderID: reference, PAYID: PAID_TRY, PAYIDSUB: '1', STATUS: '9', amount: '19.99', ACCEPTANCE: 'TEST42' });
      if (!path.includes('querydirect')) throw new Error(`unexpected call ${path}`);
      if (form.PAYIDSUB !== undefined)
        return platformAnswer({
          orderID: reference,
          PAYID: form.PAYID ?? '0',
          NCSTATUS: '5',
          NCERROR: '50001131',
          STATUS: '88',
          amount: '',
        });
      // By ORDERID: the order's newest try, refused (the shopper is still on the page).
      return platformAnswer({
        orderID: reference,
        PAYID: REFUSED_TRY,
        PAYIDSUB: '0',
        NCSTATUS: '3',
        NCERROR: '30001001',
        STATUS: '2',
        amount: '19.99',
        PM: 'CreditCard',
        BRAND: 'VISA',
      });
    },
    { env: { OGONE_OPERATION: 'RES' } },
  );

  it('the same capture under its key after the authorisation is not the replayed refusal', async () => {
    const t = app.t;
    reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    assert.equal((await app.feedback(feedbackFor(reference, 1, { PAYID: CANCELLED_TRY, ACCEPTANCE: '' }))).status, 200);
    const sync = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    const synced = await t.repository.getTransaction(reference);
    assert.deepEqual(
      { state: synced?.state, lastStatus: synced?.lastStatus },
      { state: 'cancelled', lastStatus: 2 },
      `precondition: the sync by ORDERID read the later try's 2 (${sync.status} ${(await sync.text()).slice(0, 200)}; calls ${calls.join(', ')})`,
    );

    const key = { 'idempotency-key': 'r1392-capture' };
    const early = await t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {}, headers: key });
    const earlyBody = await early.text();
    assert.equal(early.status, 409, earlyBody);

    // The shopper's next try on the page is authorised: a 5 after a cancelled-on-the-page order applies (§6).
    assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID: PAID_TRY }))).status, 200);
    assert.equal((await t.repository.getTransaction(reference))?.state, 'authorized', 'precondition: the 5 applied');

    const retry = await t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {}, headers: key });
    const retryBody = await retry.text();
    assert.notEqual(
      retry.headers.get('idempotent-replayed'),
      'true',
      `the capture under its key after the authorisation replays the refusal read off the cancelled state ` +
        `(first: ${early.status} Retry-After ${early.headers.get('retry-after')} ${earlyBody}; now ${retry.status} ${retryBody})`,
    );
  });
});
