/**
 * Found by review r1630 (2026-12-07), now fixed.
 * The fix: chargeAlias recognises the unique-key error of its INSERT itself (db/errors.ts isUniqueViolation) instead of only reading the row back, which SQLite's group commit had not committed yet: 409 duplicate_reference.
 *
 * What is wrong: server/aliases/charge.ts chargeAlias, on SQLite. Two merchant charges of a saved
 * card with the same `reference` arriving at once (a job retried by two workers, a double
 * submission): the second's INSERT of the payment fails on the ORDERID's unique key, and its catch
 * reads the payment back to tell "a concurrent request inserted it first" (`if (!(await
 * ctx.repository.getTransaction(reference))) throw error;`). On SQLite both INSERTs land in one
 * group-commit batch (server/db/group-commit.ts): the second fails on the writer at once, while
 * reads outside a transaction go to the read-only connection, which "sees committed data only" —
 * the first row's batch has not committed yet, the read finds nothing, and the constraint error
 * is rethrown: 500 internal_error ("UNIQUE constraint failed: transactions.reference") instead of
 * 409. PostgreSQL answers 409 duplicate_reference.
 *
 * Why it matters: README "Merchant API", `POST /api/aliases/:id/charges`: "while one request sends
 * its order, another gets 409 `duplicate_reference`". A 500 is an answer the merchant's client
 * retries as a server failure (the OpenAPI document lists 409 for this), and an operator is paged
 * for an unhandled error; the same request answers differently on the two databases the README
 * supports.
 *
 * Expected: on both databases, one charge is made (one order), the other request is answered 409
 * `duplicate_reference` — never 500.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { chargeApp } from './charge-app.ts';

for (const kind of DATABASE_KINDS) {
  describe(`two charges of a saved card with the same reference at once (${kind})`, () => {
    const {
      orders,
      savedCard,
      charge: chargeOf,
    } = chargeApp(kind, {
      payIdBase: 8163000,
      // Both requests are on their way before the first order is answered.
      onOrder: async () => void (await new Promise((resolve) => setTimeout(resolve, 50))),
    });

    it('makes one charge and answers the other 409 duplicate_reference, not 500', async () => {
      const card = await savedCard(`cust-r1630-${kind}`);
      const charge = () => chargeOf(card.id, { amount: 990, currency: 'EUR', reference: `SUB-R1630-${kind}` });
      const answers = await Promise.all([charge(), charge()]);
      const statuses = answers.map((answer) => answer.status).sort();
      const bodies = await Promise.all(answers.map((answer) => answer.text()));
      assert.deepEqual({ statuses, orders: orders.length }, { statuses: [201, 409], orders: 1 }, `answers: ${JSON.stringify(bodies)}`);
    });
  });
}
