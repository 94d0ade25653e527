/**
 * An Idempotency-Key sent with a charge that names its own `reference` stays that charge's key,
 * whichever saved card a later request names (found in review, after the key of a charge without
 * a reference was made to name its order whatever the card).
 *
 * What was wrong: the key's middleware scope is the request's path, which names the card, and
 * chargeAlias looked for the key's own order (chargeOrderIdForKey) — which a charge with a
 * reference never makes: its ORDERID is the reference. So the key sent again with another
 * reference for another card ran as a new charge: a second order, a second card charged, under a
 * key meant to make the retry safe (README "Merchant API": the same key naming another card is
 * refused 422 `idempotency_key_reused`).
 *
 * Held here, on SQLite and PostgreSQL: that retry is refused 422 and sends nothing, also when both
 * requests arrive at once; the same key with another reference on the same card is refused 422
 * (the key's body); another key with the same reference is the reference's charge — the same
 * card's retry is told it exists, another card's is refused 409 `duplicate_reference` — never a
 * second order.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { chargeApp } from './charge-app.ts';

const codeOf = async (answer: Response) => {
  const text = await answer.text();
  try {
    return (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? text;
  } catch {
    return text;
  }
};

for (const kind of DATABASE_KINDS) {
  describe(`an Idempotency-Key sent with a reference, used again (${kind})`, () => {
    const { orders, savedCard, charge } = chargeApp(kind, { payIdBase: 8177000 });
    const invoice = { amount: 990, currency: 'EUR' };

    it('with another reference on another card: refused 422, one order only', async () => {
      const first = await savedCard(`cust-keyref-a-${kind}`);
      const second = await savedCard(`cust-keyref-b-${kind}`);
      const key = `invoice-keyref-1-${kind}`;
      const made = await charge(first.id, { ...invoice, reference: `KEYREF-1A-${kind}` }, key);
      assert.equal(made.status, 201, await made.clone().text());
      const sent = orders.length;

      const again = await charge(second.id, { ...invoice, reference: `KEYREF-1B-${kind}` }, key);
      assert.deepEqual(
        { status: again.status, code: await codeOf(again), ordersSent: orders.length - sent },
        { status: 422, code: 'idempotency_key_reused', ordersSent: 0 },
      );
    });

    it('with another reference on another card at the same time: one charge, the other refused 422', async () => {
      const first = await savedCard(`cust-keyref-c-${kind}`);
      const second = await savedCard(`cust-keyref-d-${kind}`);
      const key = `invoice-keyref-2-${kind}`;
      const sent = orders.length;
      const answers = await Promise.all([
        charge(first.id, { ...invoice, reference: `KEYREF-2A-${kind}` }, key),
        charge(second.id, { ...invoice, reference: `KEYREF-2B-${kind}` }, key),
      ]);
      const outcomes = (await Promise.all(answers.map(async (answer) => `${answer.status} ${await codeOf(answer)}`))).map((o) =>
        o.startsWith('201') ? '201' : o,
      );
      assert.deepEqual(
        { outcomes: outcomes.sort(), ordersSent: orders.length - sent },
        { outcomes: ['201', '422 idempotency_key_reused'], ordersSent: 1 },
      );
    });

    it('with another reference on the same card: refused 422, nothing sent', async () => {
      const card = await savedCard(`cust-keyref-e-${kind}`);
      const key = `invoice-keyref-3-${kind}`;
      const made = await charge(card.id, { ...invoice, reference: `KEYREF-3A-${kind}` }, key);
      assert.equal(made.status, 201, await made.clone().text());
      const sent = orders.length;

      const again = await charge(card.id, { ...invoice, reference: `KEYREF-3B-${kind}` }, key);
      assert.deepEqual(
        { status: again.status, code: await codeOf(again), ordersSent: orders.length - sent },
        { status: 422, code: 'idempotency_key_reused', ordersSent: 0 },
      );
    });

    it('another key with the same reference: the reference names the charge, never a second order', async () => {
      const card = await savedCard(`cust-keyref-f-${kind}`);
      const other = await savedCard(`cust-keyref-g-${kind}`);
      const reference = `KEYREF-4-${kind}`;
      const made = await charge(card.id, { ...invoice, reference }, `invoice-keyref-4-${kind}`);
      assert.equal(made.status, 201, await made.clone().text());
      const sent = orders.length;

      const sameCard = await charge(card.id, { ...invoice, reference }, `invoice-keyref-4-other-${kind}`);
      const otherCard = await charge(other.id, { ...invoice, reference }, `invoice-keyref-4-third-${kind}`);
      assert.deepEqual(
        {
          sameCard: `${sameCard.status} ${await codeOf(sameCard)}`,
          otherCard: `${otherCard.status} ${await codeOf(otherCard)}`,
          ordersSent: orders.length - sent,
        },
        { sameCard: '409 duplicate_reference', otherCard: '409 duplicate_reference', ordersSent: 0 },
      );
    });
  });
}
