/**
 * A refusal for reusing an Idempotency-Key (422 `idempotency_key_reused`) is not kept as the
 * key's answer (found in review): past the key's day, its first answer is deleted, and a request
 * with another body under it is refused by the charge itself (the key still names its order).
 * Kept, that refusal became the key's answer for a day, and the first charge's own retry — the
 * request the key was made for — was refused 422 "used with a different request body" instead of
 * being told its charge, which the key's order still answers. The refusal changed nothing, so
 * nothing is kept: the retry of the first request is told its charge (and sends nothing), and the
 * other body is refused again, on SQLite and PostgreSQL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { chargeApp } from './charge-app.ts';

const A_DAY_AND_AN_HOUR = 25 * 3600_000;

for (const kind of DATABASE_KINDS) {
  describe(`a charge's Idempotency-Key reused for another amount after its day (${kind})`, () => {
    const { fake, orders, savedCard, charge } = chargeApp(kind, { payIdBase: 8177100 });

    it('is refused, and the first charge retried under the key is still told its charge', async () => {
      const card = await savedCard(`cust-key-day-${kind}`);
      const key = `invoice-key-day-${kind}`;
      const made = await charge(card.id, { amount: 990, currency: 'EUR' }, key);
      assert.equal(made.status, 201, await made.clone().text());
      const reference = ((await made.json()) as { reference: string }).reference;

      fake.t.clock.advance(A_DAY_AND_AN_HOUR);
      const other = await charge(card.id, { amount: 1990, currency: 'EUR' }, key);
      const otherBody = (await other.json()) as { error?: { code?: string } };
      assert.deepEqual({ status: other.status, code: otherBody.error?.code }, { status: 422, code: 'idempotency_key_reused' });

      const retried = await charge(card.id, { amount: 990, currency: 'EUR' }, key);
      const retriedBody = (await retried.json()) as { reference?: string; error?: { message?: string } };
      const again = await charge(card.id, { amount: 1990, currency: 'EUR' }, key);
      assert.deepEqual(
        { retried: retried.status, reference: retriedBody.reference, again: again.status, orders: orders.length },
        { retried: 201, reference, again: 422, orders: 1 },
        JSON.stringify(retriedBody),
      );
    });
  });
}
