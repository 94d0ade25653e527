/**
 * isUniqueViolation (server/db/errors.ts) tells a key already taken from the error of each driver
 * itself: a merchant's charge with the reference of a concurrent one is answered 409 from it
 * (aliases/charge.ts), where reading the row back found nothing on SQLite while the other row
 * waited in the writer's group commit (review r1630).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isUniqueViolation } from '../../../server/db/errors.ts';
import { createTestDatabase, DATABASE_KINDS, openTestRepository, type TestDatabase } from '../../support/databases.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

for (const kind of DATABASE_KINDS) {
  describe(`isUniqueViolation (${kind})`, () => {
    let database: TestDatabase | undefined;
    let close: (() => Promise<void>) | undefined;
    after(async () => {
      await close?.();
      await database?.drop();
    });

    it('recognises a payment inserted twice under one reference, and nothing else', async () => {
      database = await createTestDatabase(kind);
      const { repository } = await openTestRepository(database);
      close = () => repository.close();
      const session = sessionRecord();
      await repository.createSession(session);
      const payment = transactionRecord(session.id, { reference: `UNIQUE-${kind}` });
      await repository.createTransaction(payment);
      const error: unknown = await repository.createTransaction(payment).then(
        () => undefined,
        (failed: unknown) => failed,
      );
      assert.ok(error, 'the second insert fails');
      assert.equal(isUniqueViolation(error), true, String(error));
      assert.equal(isUniqueViolation(new Error('UNIQUE constraint failed: transactions.reference')), false, 'the code, not the text');
      assert.equal(isUniqueViolation(Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' })), false);
      assert.equal(isUniqueViolation(new Error('wrapped', { cause: Object.assign(new Error('dup'), { code: '23505' }) })), true);
    });
  });
}
