/**
 * Migration 0034_duplicate_action on rows an earlier release wrote, on SQLite and PostgreSQL: a
 * payment flagged `duplicate_of` takes the action its newest `payment.duplicate` announced (review
 * r1386: kept under `keep`, it was refunded once the setting changed); one whose announcement is
 * gone, or named no known action, stays NULL and follows the setting; an unflagged payment gets
 * nothing. Then down and up again.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { migrateToLatest, MIGRATION_NAMES } from '../../../server/db/migrations.ts';
import { createKyselyRepository } from '../../../server/repository/kysely-repository.ts';
import { manualClock } from '../../../server/clock.ts';
import { sessionToRow, transactionToRow } from '../../../server/repository/rows.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useUnmigratedDatabase } from '../../support/test-repository.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const BEFORE = MIGRATION_NAMES[MIGRATION_NAMES.indexOf('0034_duplicate_action') - 1]!;

for (const kind of DATABASE_KINDS) {
  describe(`migration 0034 on ${kind}`, () => {
    const opened = useUnmigratedDatabase(kind);

    it('flagged payments take the action their announcement named', async () => {
      const { handle } = opened;
      await migrateToLatest(handle.db, { upTo: BEFORE });
      const session = sessionRecord();
      await handle.db.insertInto('checkout_sessions').values(sessionToRow(session)).execute();
      const references = ['FIRST', 'KEPT', 'REFUNDED', 'RECONFIGURED', 'FORGOTTEN', 'ODD'];
      for (const reference of references) {
        const payment = transactionRecord(session.id, { reference, state: 'captured', lastStatus: 9 });
        await handle.db.insertInto('transactions').values(transactionToRow(payment)).execute();
        if (reference !== 'FIRST')
          await handle.db.updateTable('transactions').set({ duplicate_of: 'FIRST' }).where('reference', '=', reference).execute();
      }
      let n = 0;
      const announce = async (reference: string, type: string, action: unknown) => {
        n += 1;
        await handle.db
          .insertInto('webhook_events')
          .values({
            id: `evt_${String(n).padStart(4, '0')}`,
            type,
            reference,
            data_json: JSON.stringify({ reference, duplicateOf: 'FIRST', action }),
            created_at: `2026-06-01T10:00:0${n}.000Z`,
            status: 'delivered',
            attempts: 1,
            next_attempt_at: `2026-06-01T10:00:0${n}.000Z`,
            delivered_at: `2026-06-01T10:00:0${n}.000Z`,
            last_error: null,
            livemode: 0,
          } as never)
          .execute();
      };
      await announce('KEPT', 'payment.duplicate', 'keep');
      await announce('REFUNDED', 'payment.duplicate', 'refund');
      // Flagged twice over its life (a release that announced again): the newest announcement.
      await announce('RECONFIGURED', 'payment.duplicate', 'refund');
      await announce('RECONFIGURED', 'payment.duplicate', 'keep');
      await announce('ODD', 'payment.duplicate', 'later');
      // An event of another type naming an action is not an announcement.
      await announce('FORGOTTEN', 'payment.captured', 'keep');
      await announce('FIRST', 'payment.duplicate', 'keep');

      assert.deepEqual(await migrateToLatest(handle.db), MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf(BEFORE) + 1));
      const repository = createKyselyRepository(handle, { clock: manualClock(new Date('2026-06-02T00:00:00.000Z')) });
      const actions = async () =>
        Object.fromEntries(
          await Promise.all(
            references.map(async (reference) => [reference, (await repository.getTransaction(reference))?.duplicateAction ?? null]),
          ),
        );
      const expected = { FIRST: null, KEPT: 'keep', REFUNDED: 'refund', RECONFIGURED: 'keep', FORGOTTEN: null, ODD: null };
      assert.deepEqual(await actions(), expected);

      await migrateToLatest(handle.db, { upTo: BEFORE });
      await migrateToLatest(handle.db);
      assert.deepEqual(await actions(), expected);
    });
  });
}
