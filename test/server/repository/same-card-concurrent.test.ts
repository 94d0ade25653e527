/**
 * Two payments of one customer saving the same card at the same moment (two tabs, two instances on
 * one PostgreSQL): one saved card, whichever commits first (repository/saved-card.ts). Without the
 * lock on the customer both read "no such card yet" and both inserted one.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Repository } from '../../../server/repository/types.ts';
import { createTestDatabase, DATABASE_KINDS, openTestRepository, type TestDatabase } from '../../support/databases.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const CUSTOMER = 'cust-race';

for (const kind of DATABASE_KINDS) {
  describe(`the same card saved by two payments at once, on ${kind}`, () => {
    let database: TestDatabase;
    let first: Repository;
    let second: Repository;
    before(async () => {
      database = await createTestDatabase(kind);
      ({ repository: first } = await openTestRepository(database));
      // Two instances on PostgreSQL; on SQLite one process writes (its writes are serialised).
      second = kind === 'postgres' ? (await openTestRepository(database)).repository : first;
    });
    after(async () => {
      await first?.close();
      if (second !== first) await second?.close();
      await database?.drop();
    });

    it('is one saved card, announced once', async () => {
      for (let round = 0; round < 5; round++) {
        const customer = `${CUSTOMER}-${round}`;
        const references: string[] = [];
        for (const n of [1, 2]) {
          const session = sessionRecord({ customer: { id: customer } });
          await first.createSession(session);
          const payment = transactionRecord(session.id, { state: 'authorized', customerId: customer, reference: `SAME-${round}-${n}` });
          await first.createTransaction(payment);
          references.push(payment.reference);
        }
        const save = (repository: Repository, reference: string, n: number) =>
          repository.mutateTransaction(reference, (current) => ({
            alias: {
              record: {
                customerId: customer,
                alias: `OC-RACE-${round}-${n}`,
                brand: 'VISA',
                cardNumber: 'XXXXXXXXXXXX1111',
                last4: '1111',
                expiry: '1230',
                cardHolder: null,
                reference: current.reference,
              },
              event: (alias) => ({ type: 'alias.created', reference: current.reference, data: { id: alias.id } }),
            },
            result: undefined,
          }));
        await Promise.all([save(first, references[0]!, 1), save(second, references[1]!, 2)]);
        const listed = await first.listAliases(customer);
        const created = (await first.listEvents({ limit: 100 })).items.filter(
          (event) => event.type === 'alias.created' && references.includes(event.reference ?? ''),
        );
        assert.equal(listed.length, 1, `round ${round}: ${listed.length} saved cards`);
        assert.deepEqual(
          created.map((event) => (event.data as { id: string }).id),
          [listed[0]!.id],
        );
      }
    });
  });
}
