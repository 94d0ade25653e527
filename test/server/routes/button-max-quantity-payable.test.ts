/**
 * POST /api/buttons accepts a button whose own quantity range cannot be paid.
 *
 * Found by review r1395, now fixed (routes/merchant/buttons.ts checks the largest total). What was wrong: createButtonSchema checks the unit `amount` against Ogone's AMOUNT (the amount
 * × 100, at most 15 digits: docs/ogone-protocol.md §2) but never the largest total the button
 * offers, `amount × maxQuantity`. A button of 9,999,999,999,999.99 EUR with maxQuantity 2 (or a
 * 1,000,000,000,000.00 EUR button with maxQuantity 10, etc.) is stored and answered 201; the widget then
 * offers the shopper quantities up to maxQuantity (GET /checkout/buttons/:id), and every
 * click on one of them is refused by sessionFromButton with a 400 naming `quantity` — an error
 * the shopper cannot act on and the merchant was never told about.
 *
 * Why it matters: README "Merchant API": errors are "a 4xx that names the field"; the
 * developers' standard "bad input → 4xx JSON naming the field and nothing changed". The server
 * knows at creation time that part of the button can never be paid (the same check runs at the click),
 * yet it stores the button and tells the merchant it is fine: the merchant is misled and a
 * shopper meets a dead button. (docs/ogone-protocol.md §2 says "A button's total (amount ×
 * quantity) is checked on each click" — that is the safety net this test sees firing; the same
 * section says an amount past the limit "is refused where it enters — checkout session, payment
 * button … — with a 400 … and nothing is stored", and a button's largest total is known when the button is made.)
 *
 * Expectation: POST /api/buttons with { amount: 999999999999999, currency: "EUR", maxQuantity: 2 }
 * is refused 400 with `error.field` naming `maxQuantity` (or `amount`), and no button is stored
 * (GET /api/buttons lists none). The same holds for JPY, where the 15-digit limit is reached
 * at 9,999,999,999,999 yen (¥1,000,000,000,000 × 10 does not fit).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../../support/app.ts';

describe("a button whose amount × maxQuantity overflows Ogone's AMOUNT", () => {
  const t = useTestApp('sqlite');

  for (const [currency, amount, maxQuantity] of [
    ['EUR', 999_999_999_999_999, 2],
    ['JPY', 1_000_000_000_000, 10],
  ] as const) {
    it(`${currency} ${amount} × ${maxQuantity}: refused at creation, naming the field, nothing stored`, async () => {
      const before = (await (await t.api('/api/buttons')).json()) as { data: unknown[] };
      const created = await t.api('/api/buttons', {
        method: 'POST',
        json: { name: 'Yacht', amount, currency, maxQuantity },
      });
      const body = (await created.json()) as { id?: string; error?: { field?: string } };
      if (created.status === 201 && body.id) {
        // What the shopper then meets: the widget offers maxQuantity, and the click is refused.
        const view = (await (await t.app.request(`/checkout/buttons/${body.id}`)).json()) as { maxQuantity: number };
        const click = await t.app.request(`/checkout/buttons/${body.id}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ quantity: view.maxQuantity }),
        });
        assert.fail(
          `POST /api/buttons answered 201 for a button whose quantity ${view.maxQuantity} can never be paid; ` +
            `the shopper's click on it then answers ${click.status} ${await click.text()}`,
        );
      }
      assert.equal(created.status, 400, JSON.stringify(body));
      assert.ok(['maxQuantity', 'amount'].includes(body.error?.field ?? ''), `field named: ${body.error?.field}`);
      const after = (await (await t.api('/api/buttons')).json()) as { data: unknown[] };
      assert.equal(after.data.length, before.data.length, 'no button stored');
    });
  }
});
