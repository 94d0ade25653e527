/** The dashboard's pure modules for money actions: what is offered, how much is left, what the confirmation and the notice say, typed amounts. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { amountText, readAmount } from '../../../server/dashboard/client/amount-input.ts';
import { CURRENCIES } from '../../../shared/money.ts';
import {
  actionsFor,
  capturable,
  cardLabel,
  confirmLabel,
  effectOf,
  refundable,
  remainingFor,
  type PaymentAmounts,
} from '../../../server/dashboard/client/money-actions.ts';
import { actionNotice } from '../../../server/dashboard/client/notices.ts';

const base: PaymentAmounts = {
  state: 'captured',
  amount: 1999,
  currency: 'EUR',
  capturedAmount: 1999,
  refundedAmount: 0,
  brand: 'VISA',
  cardNumber: 'XXXXXXXXXXXX1111',
};
const payment = (patch: Partial<PaymentAmounts>): PaymentAmounts => ({ ...base, ...patch });

describe('money actions offered', () => {
  it('an authorisation: capture and void, the whole amount left', () => {
    const t = payment({ state: 'authorized', capturedAmount: 0 });
    assert.deepEqual(actionsFor(t), ['capture', 'cancel']);
    assert.equal(capturable(t), 1999);
    assert.equal(remainingFor(t, 'cancel'), 1999);
  });

  it('a partial capture: the rest can still be captured, refunds only what was captured', () => {
    const t = payment({ state: 'captured', capturedAmount: 1250, amount: 3000 });
    assert.deepEqual(actionsFor(t), ['capture', 'refund']);
    assert.equal(capturable(t), 1750);
    assert.equal(refundable(t), 1250);
  });

  it('a partial refund: the rest of the captured amount, no capture any more', () => {
    const t = payment({ state: 'partially_refunded', refundedAmount: 500 });
    assert.deepEqual(actionsFor(t), ['refund']);
    assert.equal(refundable(t), 1499);
  });

  it('a direct sale not yet counted as captured refunds the whole amount', () => {
    assert.equal(refundable(payment({ capturedAmount: null, refundedAmount: null })), 1999);
  });

  it('nothing for refunded, declined, draft, cancelled payments, or one whose amount did not match', () => {
    for (const state of ['refunded', 'declined', 'draft', 'cancelled', 'pending', 'expired'])
      assert.deepEqual(actionsFor(payment({ state, refundedAmount: state === 'refunded' ? 1999 : 0, capturedAmount: 0 })), [], state);
    assert.deepEqual(actionsFor(payment({ amountMismatch: true })), []);
  });
});

describe('what the confirmation says', () => {
  it('a partial refund: amount, of what, on which card, and that it cannot be undone', () => {
    assert.equal(
      effectOf(base, 'refund', 500),
      'Refund €5.00 of €19.99 to VISA •••• 1111. The shopper gets the money back in a few days; this cannot be undone.',
    );
    assert.equal(confirmLabel(base, 'refund', 500), 'Refund €5.00');
  });

  it('before an amount is typed: up to what is left', () => {
    assert.match(effectOf(base, 'refund', undefined), /^Refund up to €19\.99 to VISA •••• 1111\./);
    assert.equal(confirmLabel(base, 'refund', undefined), 'Refund');
  });

  it('a partial capture says what stays authorised', () => {
    const t = payment({ state: 'authorized', capturedAmount: 0, amount: 3000 });
    assert.equal(
      effectOf(t, 'capture', 1250),
      'Capture €12.50 of €30.00 authorised on VISA •••• 1111. The shopper is charged this amount; this cannot be undone (only refunded). The other €17.50 stays authorised and can be captured later.',
    );
  });

  it('a void names the whole authorisation and is not called "Cancel"', () => {
    const t = payment({ state: 'authorized', capturedAmount: 0 });
    assert.match(effectOf(t, 'cancel', undefined), /^Void the authorisation of €19\.99 on VISA •••• 1111\. The shopper is never charged/);
    assert.equal(confirmLabel(t, 'cancel', undefined), 'Void €19.99');
  });

  it('the card as people read it', () => {
    assert.equal(cardLabel({ brand: 'MasterCard', cardNumber: 'XXXXXXXXXXXX4444' }), 'MasterCard •••• 4444');
    assert.equal(cardLabel({ brand: null, cardNumber: null }), 'the card');
    assert.equal(cardLabel({ brand: 'iDEAL', cardNumber: null }), 'iDEAL');
  });
});

describe('typed amounts (major units, never floats)', () => {
  it('reads dot and comma decimals into minor units', () => {
    assert.deepEqual(readAmount('5', 'EUR', 1999, 'refund'), { ok: true, minor: 500 });
    assert.deepEqual(readAmount(' 5.00 ', 'EUR', 1999, 'refund'), { ok: true, minor: 500 });
    assert.deepEqual(readAmount('12,5', 'EUR', 3000, 'capture'), { ok: true, minor: 1250 });
    assert.deepEqual(readAmount('19.99', 'EUR', 1999, 'refund'), { ok: true, minor: 1999 });
    assert.deepEqual(readAmount('0.29', 'EUR', 1999, 'refund'), { ok: true, minor: 29 });
    assert.deepEqual(readAmount('1500', 'JPY', 2000, 'refund'), { ok: true, minor: 1500 });
    assert.deepEqual(readAmount('1.234', 'KWD', 5000, 'refund'), { ok: true, minor: 1234 });
  });

  it('the full amount the dialog fills in, and the example it gives, read back in every currency', () => {
    // XCG's symbol is "Cg.": the formatted amount stripped of all but digits and dots was ".1234.56".
    for (const currency of CURRENCIES) {
      assert.deepEqual(readAmount(amountText(123456, currency), currency, 123456, 'refund'), { ok: true, minor: 123456 }, currency);
      const refusal = readAmount('abc', currency, 1000, 'refund');
      const example = refusal.ok ? undefined : /such as (\S+?)\.?$/.exec(refusal.message)?.[1];
      assert.ok(example && readAmount(example, currency, 100_000, 'refund').ok, `${currency}: ${refusal.ok ? '' : refusal.message}`);
    }
  });

  it('refuses empty, zero, too much, too many decimals and what is not a number, saying why', () => {
    assert.deepEqual(readAmount('', 'EUR', 1999, 'refund'), { ok: false, message: 'Type the amount to refund, at most €19.99.' });
    assert.deepEqual(readAmount('0', 'EUR', 1999, 'refund'), { ok: false, message: 'The amount to refund must be more than zero.' });
    assert.deepEqual(readAmount('20', 'EUR', 1999, 'refund'), { ok: false, message: 'At most €19.99 can be refunded.' });
    assert.deepEqual(readAmount('30.01', 'EUR', 3000, 'capture'), { ok: false, message: 'At most €30.00 can be captured.' });
    for (const typed of ['5.005', 'abc', '-5', '1,234.50', '1e3', '5..0'])
      assert.equal(readAmount(typed, 'EUR', 999_999, 'refund').ok, false, typed);
    // A thousands separator is never read as a decimal one: "1,000" yen is not ¥1.
    for (const [typed, currency] of [
      ['1,000', 'JPY'],
      ['10,000', 'JPY'],
      ['1.000', 'JPY'],
      ['1,000', 'EUR'],
      ['5.000', 'EUR'],
      ['1.0000', 'KWD'],
    ] as const)
      assert.equal(readAmount(typed, currency, 10_000_000, 'refund').ok, false, `${typed} ${currency}`);
    assert.deepEqual(readAmount('1,000', 'JPY', 5000, 'refund'), {
      ok: false,
      message: '"1,000" is not an amount in JPY, which has no decimals: type digits without thousands separators, such as 500.',
    });
    // Three decimals: "1,234" may be 1234 dinars or 1.234, refused (review r1190); with a dot it is 1.234.
    assert.equal(readAmount('1,234', 'KWD', 5000, 'refund').ok, false);
    assert.deepEqual(readAmount('1.234', 'KWD', 5000, 'refund'), { ok: true, minor: 1234 });
    assert.match(
      (readAmount('abc', 'EUR', 1999, 'refund') as { message: string }).message,
      /"abc" is not an amount in EUR: type digits such as 5\.00/,
    );
  });
});

describe('the notice after an action', () => {
  const after = { ...payment({ state: 'partially_refunded', refundedAmount: 500 }), reference: 'OC-1' };

  it('done: what moved and the state the row shows', () => {
    assert.equal(
      actionNotice('refund', 500, 'done', after),
      'Refunded €5.00 of OC-1 (VISA •••• 1111). Now partially refunded: €19.99 captured, €5.00 refunded of €19.99.',
    );
  });

  it('pending: sent, still processing, and the state as it is now', () => {
    const still = { ...payment({}), reference: 'OC-1' };
    assert.equal(
      actionNotice('refund', 500, 'pending', still),
      'The refund of €5.00 for OC-1 (VISA •••• 1111) is sent; Ogone is still processing it. Now captured: €19.99 captured of €19.99. The row changes once Ogone confirms.',
    );
  });

  it("unknown: says so, with the server's reason", () => {
    assert.match(actionNotice('capture', 100, 'unknown', after, 'STATUS 92'), /has an unknown outcome \(STATUS 92\)\./);
  });
});
