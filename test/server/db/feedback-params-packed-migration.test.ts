/**
 * Migration 0028_feedback_params_packed (issue 17, "bytes per payment"): a feedback logged since
 * keeps CN, EMAIL and IP as JSON and the rest packed (server/repository/feedback-params-packing.ts),
 * read back as it came; a row logged before is read as it was; the retention pass still removes
 * the shopper's values from both; down puts the packed parameters back into the JSON.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { manualClock } from '../../../server/clock.ts';
import { migrateToLatest, MIGRATION_NAMES } from '../../../server/db/migrations.ts';
import { createKyselyRepository } from '../../../server/repository/kysely-repository.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useUnmigratedDatabase } from '../../support/test-repository.ts';

const MIGRATION = '0028_feedback_params_packed';
const BEFORE = MIGRATION_NAMES[MIGRATION_NAMES.indexOf(MIGRATION) - 1]!;
const AT = '2026-05-01T10:00:00.000Z';

/** A hosted-page feedback of a card payment as the e-Commerce guide's example shows its names. */
const FEEDBACK = {
  ORDERID: 'NEW-1',
  STATUS: '9',
  ACCEPTANCE: 'test123',
  AMOUNT: '19.99',
  BRAND: 'VISA',
  CARDNO: 'XXXXXXXXXXXX1111',
  CN: 'Bárbara Souza',
  CURRENCY: 'EUR',
  ED: '1229',
  IP: '203.0.113.7',
  NCERROR: '0',
  PAYID: '3014726',
  PM: 'CreditCard',
  TRXDATE: '11/23/26',
};

for (const kind of DATABASE_KINDS) {
  describe(`feedback log migration 0028 on ${kind}`, () => {
    const opened = useUnmigratedDatabase(kind);

    it('packs new rows, reads old and new alike, redacts both, and goes back down', async () => {
      const { handle } = opened;
      const db = handle.db as Kysely<any>;
      await migrateToLatest(db, { upTo: BEFORE });
      await sql`insert into checkout_sessions (id, amount, currency, save_card, quantity, status, expires_at, created_at)
        values ('cs_old', 1999, 'EUR', 'never', 1, 'paid', ${AT}, ${AT})`.execute(db);
      for (const reference of ['OLD-1', 'NEW-1'])
        await sql`insert into transactions (reference, session_id, amount, currency, captured_amount, refunded_amount, state, last_status, amount_mismatch, operation, created_at, updated_at)
          values (${reference}, 'cs_old', 1999, 'EUR', 1999, 0, 'captured', 9, 0, 'SAL', ${AT}, ${AT})`.execute(db);
      // A row as the release before wrote it: everything but ORDERID and STATUS as JSON.
      await sql`insert into feedback_log (id, reference, received_at, channel, status, outcome, params_json, params_hash, repeat_count)
        values ('fb_00old_1', 'OLD-1', ${AT}, 'server', 9, 'applied', ${'{"AMOUNT":"19.99","CN":"Old Shopper","IP":"198.51.100.1","PAYID":"1"}'}, ${'ee'.repeat(16)}, 0)`.execute(
        db,
      );

      assert.deepEqual(await migrateToLatest(db), MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf(BEFORE) + 1));
      const repository = createKyselyRepository(handle, { clock: manualClock(new Date('2026-05-02T00:00:00.000Z')) });
      await repository.mutateTransaction('NEW-1', () => ({
        feedback: { channel: 'server', status: 9, outcome: 'applied', params: FEEDBACK },
        result: null,
      }));

      const stored = await db
        .selectFrom('feedback_log')
        .select(['reference', 'params_json', 'params_packed'])
        .where('reference', '=', 'NEW-1')
        .executeTakeFirstOrThrow();
      assert.equal(stored.params_json, '{"CN":"Bárbara Souza","IP":"203.0.113.7"}', 'only the shopper’s values stay readable');
      const json = JSON.stringify(
        Object.fromEntries(Object.entries(FEEDBACK).filter(([name]) => !['ORDERID', 'STATUS', 'CN', 'IP'].includes(name))),
      );
      assert.ok(stored.params_packed instanceof Uint8Array && stored.params_packed.length > 0);
      assert.ok(
        stored.params_packed.length < json.length / 2,
        `the rest packed in ${stored.params_packed.length} bytes, against ${json.length} bytes of JSON`,
      );

      const read = async (reference: string) => (await repository.listFeedback(reference, 10)).map((f) => Object.entries(f.params));
      // Every kept parameter back, in code-unit order of their names (feedback/log.ts).
      const expected = Object.entries(FEEDBACK).sort(([a], [b]) => (a < b ? -1 : 1));
      assert.deepEqual(await read('NEW-1'), [expected]);
      const old = [
        ['AMOUNT', '19.99'],
        ['CN', 'Old Shopper'],
        ['IP', '198.51.100.1'],
        ['ORDERID', 'OLD-1'],
        ['PAYID', '1'],
        ['STATUS', '9'],
      ];
      assert.deepEqual(await read('OLD-1'), [old], 'a row logged before is read as it was');

      // RETENTION_DAYS: CN, EMAIL and IP go from both kinds of row; the rest stays.
      await repository.purgePersonalData({ createdBefore: '2026-06-01T00:00:00.000Z', createdAfter: '2026-01-01T00:00:00.000Z' });
      const personal = new Set(['CN', 'IP']);
      assert.deepEqual(await read('NEW-1'), [expected.filter(([name]) => !personal.has(name!))]);
      assert.deepEqual(await read('OLD-1'), [old.filter(([name]) => !personal.has(name!))]);

      await migrateToLatest(db, { upTo: BEFORE });
      const down = await db.selectFrom('feedback_log').selectAll().where('reference', '=', 'NEW-1').executeTakeFirstOrThrow();
      assert.equal('params_packed' in down, false, 'the column is gone');
      assert.deepEqual(
        Object.entries(JSON.parse(down.params_json)),
        expected.filter(([name]) => !personal.has(name!) && name !== 'ORDERID' && name !== 'STATUS'),
        'the packed parameters back in the JSON, as the release before reads it',
      );
    });
  });
}
