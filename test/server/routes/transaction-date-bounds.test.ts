/**
 * `from` / `to` finer than a millisecond are rounded up by one millisecond, and an offset moves
 * them to UTC (transaction-filters.ts). At 9999-12-31T23:59:59.999x, or 9999-12-31T23:00-05:00,
 * that lands in year 10000, whose toISOString() is "+010000-01-01T00:00:00.000Z"; compared as
 * text with created_at, "+" sorts before every digit: `from` in the far future kept every
 * payment, `to` none. Bounds are now kept within years 0000–9999.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../../support/app.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

for (const kind of DATABASE_KINDS) {
  describe(`a bound at the end of year 9999 on ${kind}`, () => {
    let reference: string;

    const t = useTestApp(kind);
    before(async () => {
      const session = sessionRecord();
      await t.repository.createSession(session);
      const transaction = transactionRecord(session.id, { createdAt: '2025-05-01T10:00:00.000Z' });
      reference = transaction.reference;
      await t.repository.createTransaction(transaction);
    });

    const refs = async (query: string): Promise<string[]> => {
      const response = await t.api(`/api/transactions?${query}`);
      assert.equal(response.status, 200);
      return ((await response.json()) as { data: Array<{ reference: string }> }).data.map((d) => d.reference);
    };

    it('from=9999-12-31T23:59:59.9999Z keeps no payment of 2025', async () => {
      assert.deepEqual(await refs('from=9999-12-31T23:59:59.9999Z'), []);
    });
    it('to=9999-12-31T23:59:59.9999Z keeps the payment of 2025', async () => {
      assert.deepEqual(await refs('to=9999-12-31T23:59:59.9999Z'), [reference]);
    });
    it('an offset that moves the bound into year 10000 keeps the same meaning', async () => {
      assert.deepEqual(await refs('from=9999-12-31T23:00:00-05:00'), []);
      assert.deepEqual(await refs('to=9999-12-31T23:00:00-05:00'), [reference]);
      assert.deepEqual(await refs('from=0000-01-01T00:00:00%2B01:00'), [reference]);
    });
    it('the CSV export with from=9999-12-31T23:59:59.9999Z has only its header', async () => {
      const text = await (await t.api('/api/transactions/export.csv?from=9999-12-31T23:59:59.9999Z')).text();
      assert.equal(text.split('\r\n').filter(Boolean).length, 1, text);
    });
  });
}
