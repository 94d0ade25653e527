/**
 * The transaction list's `from`/`to` filters, a half-open interval [from, to), given finer than a
 * millisecond (payments' times are whole milliseconds): the bounds are rounded up, not truncated,
 * so the edges keep and leave out what the instants given say.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../../support/app.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

describe('transaction filters finer than a millisecond', () => {
  const t = useTestApp('sqlite');
  before(async () => {
    const session = sessionRecord({ createdAt: '2025-06-01T00:00:00.000Z' });
    await t.repository.createSession(session);
    for (const [reference, at] of [
      ['LAST-MS', '2025-06-01T23:59:59.999Z'],
      ['FIRST', '2025-06-01T10:00:00.000Z'],
    ] as const)
      await t.repository.createTransaction(
        transactionRecord(session.id, { reference, state: 'captured', capturedAmount: 1000, amount: 1000, createdAt: at, updatedAt: at }),
      );
  });
  const refs = async (query: string) =>
    ((await (await t.api(`/api/transactions?${query}`)).json()) as { data: Array<{ reference: string }> }).data.map((x) => x.reference);

  it('to=…59.9995Z (excluded) keeps a payment created at …59.999Z', async () => {
    assert.deepEqual(await refs(`from=2025-06-01T12:00:00Z&to=${encodeURIComponent('2025-06-01T23:59:59.9995Z')}`), ['LAST-MS']);
  });
  it('from=…00.0001Z leaves out a payment created at …00.000Z', async () => {
    assert.deepEqual(await refs(`from=${encodeURIComponent('2025-06-01T10:00:00.0001Z')}&to=2025-06-01T12:00:00Z`), []);
  });
});
