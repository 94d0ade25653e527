/**
 * Migrations 0013_feedback_copies and 0014_feedback_hash_128 (issue 17, "bytes per payment") on
 * rows an earlier release wrote, on SQLite and PostgreSQL: the full 64-hex fingerprints are cut to
 * 128 bits, so a replay of an old feedback is still counted on its row and the browser's copy of
 * an old applied feedback is counted on it; the old browser row stays until the retention pass.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { manualClock } from '../../../server/clock.ts';
import { migrateToLatest, MIGRATION_NAMES } from '../../../server/db/migrations.ts';
import { keptFeedbackParams } from '../../../server/feedback/log.ts';
import { createKyselyRepository } from '../../../server/repository/kysely-repository.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useUnmigratedDatabase } from '../../support/test-repository.ts';

const BEFORE = MIGRATION_NAMES[MIGRATION_NAMES.indexOf('0013_feedback_copies') - 1]!;
const AT = '2026-05-01T10:00:00.000Z';
const params = { ORDERID: 'OLD-1', STATUS: '9', AMOUNT: '19.99', CURRENCY: 'EUR', ACCEPTANCE: 'test123' };

for (const kind of DATABASE_KINDS) {
  describe(`feedback log migrations 0013–0014 on ${kind}`, () => {
    const opened = useUnmigratedDatabase(kind);

    it('old rows keep matching: replays and copies of an old feedback are counted on its row', async () => {
      const { handle } = opened;
      await migrateToLatest(handle.db, { upTo: BEFORE });
      const kept = keptFeedbackParams(params);
      // The fingerprint as releases before 0014 stored it: the full SHA-256 in hex.
      const fullHash = createHash('sha256')
        .update(JSON.stringify(Object.entries(kept)))
        .digest('hex');
      await sql`insert into checkout_sessions (id, amount, currency, save_card, quantity, status, expires_at, created_at)
        values ('cs_old', 1999, 'EUR', 'never', 1, 'paid', ${AT}, ${AT})`.execute(handle.db);
      await sql`insert into transactions (reference, session_id, amount, currency, captured_amount, refunded_amount, state, last_status, amount_mismatch, operation, created_at, updated_at)
        values ('OLD-1', 'cs_old', 1999, 'EUR', 1999, 0, 'captured', 9, 0, 'SAL', ${AT}, ${AT})`.execute(handle.db);
      const row = (id: string, channel: string, outcome: string) =>
        sql`insert into feedback_log (id, reference, received_at, channel, status, outcome, params_json, params_hash, repeat_count)
          values (${id}, 'OLD-1', ${AT}, ${channel}, 9, ${outcome}, ${JSON.stringify(kept)}, ${fullHash}, 0)`.execute(handle.db);
      await row('fb_old_1', 'server', 'applied');
      await row('fb_old_2', 'browser', 'unchanged');

      assert.deepEqual(await migrateToLatest(handle.db), MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf(BEFORE) + 1));
      const hashes = await handle.db.selectFrom('feedback_log').select('params_hash').execute();
      assert.deepEqual(
        hashes.map((h) => h.params_hash),
        [fullHash.slice(0, 32), fullHash.slice(0, 32)],
      );

      const repository = createKyselyRepository(handle, { clock: manualClock(new Date('2026-05-02T00:00:00.000Z')) });
      const replay = (channel: 'server' | 'browser') =>
        repository.mutateTransaction('OLD-1', () => ({ feedback: { channel, status: 9, outcome: 'unchanged', params }, result: null }));
      await replay('server');
      await replay('server');
      let log = await repository.listFeedback('OLD-1', 10);
      assert.equal(log.length, 2, 'no new row');
      const applied = () => log.find((f) => f.outcome === 'applied')!;
      assert.equal(applied().repeatCount, 2, 'replays of the server feedback are counted on its row');
      assert.equal(applied().copy, null);
      // A browser copy now: counted on the applied row (the old browser row stays, for the retention pass).
      await replay('browser');
      log = await repository.listFeedback('OLD-1', 10);
      assert.equal(log.length, 2);
      assert.deepEqual(applied().copy, { channel: 'browser', firstReceivedAt: '2026-05-02T00:00:00.000Z', count: 1 });
      assert.equal(log.find((f) => f.channel === 'browser')!.repeatCount, 0);
    });
  });
}
