/**
 * A payment-list cursor whose created_at has the shape the server writes but names a day that does
 * not exist (30 February, 31 April, year 0) is refused as one this server never returned (400).
 * Date.parse rolls 30 February over to 2 March and accepts year 0; PostgreSQL's timestamptz cast
 * (migration 0029) refuses them, which would be a 500.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeCursor, InvalidCursorError } from '../../../server/repository/cursor.ts';
import { useTestRepository } from '../../support/test-repository.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

describe('payment list cursor with an impossible date on postgres', () => {
  const store = useTestRepository('postgres');

  for (const createdAt of ['2026-02-30T00:00:00.000Z', '2026-04-31T10:00:00.000Z', '0000-01-01T00:00:00.000Z']) {
    it(`refuses ${createdAt} as InvalidCursorError, not a database error`, async () => {
      const session = sessionRecord();
      await store.repository.createSession(session);
      await store.repository.createTransaction(transactionRecord(session.id, { reference: `CUR-${createdAt.slice(0, 10)}` }));
      const cursor = encodeCursor([createdAt, 'ZZZ']);
      await assert.rejects(store.repository.listTransactions({ limit: 10, cursor }), (error: unknown) => {
        assert.ok(error instanceof InvalidCursorError, `expected InvalidCursorError, got ${String(error)}`);
        return true;
      });
    });
  }
});
