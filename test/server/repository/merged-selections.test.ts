/**
 * The reads that merge several index ranges (issue 17), on SQLite and PostgreSQL: the transaction
 * list by several states (one range per state, merged by the database: SQLite as one compound
 * SELECT, PostgreSQL as limited arms) and the reconciler's backlog (one selection per reason, some
 * read for one row only once the count is settled). Each is checked against the answer computed
 * here from every row, so a merge that drops, repeats or misorders a payment fails.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../../server/clock.ts';
import type { PaymentState } from '../../../shared/status.ts';
import { UNRESOLVED_STATUSES } from '../../../shared/status.ts';
import type { TransactionFilter, TransactionRecord } from '../../../server/repository/types.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useTestRepository } from '../../support/test-repository.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const at = (ms: number) => new Date(ms).toISOString();
const MINUTE = 60_000;
const DAY = 86_400_000;

/** Newest first, ties by reference, as the list orders. */
const newestFirst = (a: TransactionRecord, b: TransactionRecord) =>
  a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? 1 : -1) : a.reference < b.reference ? 1 : -1;

for (const kind of DATABASE_KINDS) {
  describe(`merged selections on ${kind}`, () => {
    const store = useTestRepository(kind, manualClock(new Date(NOW)));

    async function insert(records: Array<Partial<TransactionRecord>>): Promise<TransactionRecord[]> {
      const session = sessionRecord();
      await store.repository.createSession(session);
      const made: TransactionRecord[] = [];
      for (const overrides of records) {
        const t = transactionRecord(session.id, overrides);
        await store.repository.createTransaction(t);
        made.push(t);
      }
      return made;
    }

    /** Every page to the end, `limit` at a time, each page checked to be at most `limit` long. */
    async function allPages(filter: Omit<TransactionFilter, 'limit' | 'cursor'>, limit: number): Promise<string[]> {
      const refs: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const result = await store.repository.listTransactions({ ...filter, limit, ...(cursor ? { cursor } : {}) });
        assert.ok(result.items.length <= limit);
        refs.push(...result.items.map((t) => t.reference));
        cursor = result.nextCursor;
        assert.ok(++pages < 500, 'the cursor ends');
      } while (cursor);
      return refs;
    }

    it('pages several states in order, each payment once, across ties between the states', async () => {
      // 60 payments of the merged states and 30 of others, over ten days; one instant in three is
      // shared by payments of different states (the merge's boundary falls between them), and the
      // references run against the order of creation.
      const states: PaymentState[] = ['pending', 'error', 'authorized'];
      const records: Array<Partial<TransactionRecord>> = [];
      for (let i = 0; i < 90; i++) {
        const instant = NOW - 10 * DAY + Math.floor(i / 3) * 7 * 3_600_000 + (i % 3 === 0 ? 0 : (i % 3) * 1000 * (i % 2));
        records.push({
          reference: `${kind}-MG-${String((i * 37) % 90).padStart(2, '0')}`,
          state: states[i % 3]!,
          createdAt: at(instant),
          updatedAt: at(instant),
        });
      }
      const made = await insert(records);
      for (const wanted of [
        ['pending', 'error'],
        ['error', 'pending', 'authorized'],
      ] as PaymentState[][]) {
        const expected = made
          .filter((t) => wanted.includes(t.state))
          .sort(newestFirst)
          .map((t) => t.reference);
        assert.deepEqual(
          (await store.repository.listTransactions({ state: wanted, limit: 200 })).items.map((t) => t.reference),
          expected,
        );
        for (const limit of [1, 4, 7, 50]) assert.deepEqual(await allPages({ state: wanted }, limit), expected, `${wanted} by ${limit}`);
        // A window, as the merchant API's `from`: the pages stop at its start.
        const from = at(NOW - 5 * DAY);
        assert.deepEqual(
          await allPages({ state: wanted, createdFrom: from }, 6),
          expected.filter((reference) => made.find((t) => t.reference === reference)!.createdAt >= from),
        );
      }
    });

    it("counts the reconciler's backlog as its reasons' union, capped, with the least recently changed due payment", async () => {
      const criteria = {
        statuses: UNRESOLVED_STATUSES,
        changedBefore: at(NOW - MINUTE),
        draftsCreatedBefore: at(NOW - 10 * MINUTE),
        createdAfter: at(NOW - 30 * DAY),
      };
      const unresolved = UNRESOLVED_STATUSES[0]!;
      // Six drafts (created 20 to 15 days ago, changed since), four unresolved payments, three
      // flagged syncNeeded — one of them also unresolved: 12 due payments. The least recently
      // changed is a syncNeeded one, so a count settled by the drafts must still read that reason.
      const records: Array<Partial<TransactionRecord>> = [];
      for (let i = 0; i < 6; i++)
        records.push({ state: 'draft', createdAt: at(NOW - (20 - i) * DAY), updatedAt: at(NOW - (10 - i) * DAY) });
      for (let i = 0; i < 4; i++)
        records.push({
          state: 'pending',
          lastStatus: unresolved,
          createdAt: at(NOW - 25 * DAY),
          updatedAt: at(NOW - (12 - i) * DAY),
          syncNeeded: i === 0,
        });
      for (let i = 0; i < 2; i++)
        records.push({
          state: 'captured',
          lastStatus: 9,
          syncNeeded: true,
          createdAt: at(NOW - 26 * DAY),
          updatedAt: at(NOW - (13 + i) * DAY),
        });
      // Not due: flagged for a person, changed too recently, created too long ago.
      records.push({ state: 'draft', needsAttention: true, createdAt: at(NOW - 20 * DAY), updatedAt: at(NOW - 30 * DAY) });
      records.push({ state: 'pending', lastStatus: unresolved, createdAt: at(NOW - DAY), updatedAt: at(NOW - 1000) });
      records.push({ state: 'pending', lastStatus: unresolved, createdAt: at(NOW - 40 * DAY), updatedAt: at(NOW - 40 * DAY) });
      await insert(records);
      const oldest = at(NOW - 14 * DAY);
      for (const limit of [1, 3, 6, 7, 11, 12, 50])
        assert.deepEqual(
          await store.repository.syncBacklog({ ...criteria, limit }),
          { due: Math.min(limit, 12), oldestDueUpdatedAt: oldest },
          `limit ${limit}`,
        );
      // Without the drafts' reason (no draftsCreatedBefore): 6 due, the same oldest.
      const { draftsCreatedBefore: _drafts, ...withoutDrafts } = criteria;
      void _drafts;
      for (const limit of [1, 5, 6, 50])
        assert.deepEqual(await store.repository.syncBacklog({ ...withoutDrafts, limit }), {
          due: Math.min(limit, 6),
          oldestDueUpdatedAt: oldest,
        });
    });
  });
}
