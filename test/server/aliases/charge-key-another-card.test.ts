/**
 * Found by review r1765 (2026-12-07), now fixed.
 * The fix: a charge without a reference takes its ORDERID from the Idempotency-Key alone (chargeOrderIdForKey), not from the card, so the key sent for another card finds that order and is refused 422; charges named per card before keep their name.
 *
 * What is wrong: an `Idempotency-Key` is scoped to the method and the path
 * (server/http/idempotency.ts requestScope), and the card of a merchant charge is in the path
 * (`POST /api/aliases/:id/charges`). So the same key sent again for another saved card is not
 * compared with its first request at all: it runs as a new request, and chargeAlias derives
 * another ORDERID from it (orderIdForKey(alias.id, key)) — a second charge, of a second card,
 * under one key. Its own check (`keyReused`, "this Idempotency-Key was used for another charge of
 * this card") only looks at the same card.
 *
 * Why it matters: README "Merchant API": "after a 5xx the same request may be sent again under the
 * key (another body is still refused, 422: a retry must not turn into a different request)", and
 * keys are the merchant's and "answer for a day, as Stripe's" (Stripe refuses a key reused for
 * another request). A billing job that picks the card on file when it runs, whose first charge
 * got no answer (504: the order may well have been charged), retries under the same key after the
 * card on file changed: two cards are charged for one invoice, under the key that was meant to
 * make the retry safe.
 *
 * Expected: the retry under the same key naming another card is refused 422
 * `idempotency_key_reused`, and only one order ever reaches the platform.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { chargeApp } from './charge-app.ts';

for (const kind of DATABASE_KINDS) {
  describe(`the same Idempotency-Key retried for another saved card (${kind})`, () => {
    const {
      orders,
      savedCard,
      charge: chargeOf,
    } = chargeApp(kind, {
      payIdBase: 8176500,
      onOrder: (_form, count) => {
        // The first order reached the platform; its answer never came back.
        if (count === 1) throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
        return undefined;
      },
    });

    it('refuses the key for the second card and sends one order only', async () => {
      const customer = `cust-r1765-${kind}`;
      const first = await savedCard(customer);
      const second = await savedCard(`${customer}-b`);
      const charge = (aliasId: string) =>
        chargeOf(aliasId, { amount: 990, currency: 'EUR', description: 'Invoice 2026-12' }, `invoice-2026-12-${kind}`);
      const lost = await charge(first.id);
      assert.ok(lost.status >= 500, `the first charge's answer was lost: ${lost.status} ${await lost.text()}`);
      assert.equal(orders.length, 1);

      const retry = await charge(second.id);
      const body = await retry.text();
      assert.deepEqual(
        {
          status: retry.status,
          code: retry.status === 422 ? (JSON.parse(body) as { error: { code: string } }).error.code : body,
          orders: orders.length,
        },
        { status: 422, code: 'idempotency_key_reused', orders: 1 },
      );
    });
  });
}
