/**
 * doctor against serve on a database a newer release migrated (an older binary put back without
 * restoring its backup, README "Backups and upgrades"): serve refuses to start on it, naming both
 * schema versions, so doctor reports the database as an error naming the setting — on SQLite and
 * on PostgreSQL — instead of "readable" or "reachable".
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openDatabase } from '../../../server/db/connect.ts';
import { MIGRATION_TABLE, migrateToLatest } from '../../../server/db/migrations.ts';
import type { DoctorReport } from '../../../server/commands/doctor.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { accountEnv, runCli } from '../config/account-env.ts';

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`doctor on a database migrated by a newer release (${kind})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(kind);
      const handle = openDatabase(database.options);
      try {
        await migrateToLatest(handle.db);
        await sql`insert into ${sql.table(MIGRATION_TABLE)} (name, timestamp) values ('0099_from_the_future', ${new Date().toISOString()})`.execute(
          handle.db,
        );
      } finally {
        await handle.close();
      }
    });
    after(() => database?.drop());

    const env = (): Record<string, string> =>
      accountEnv({
        OGONE_BASE_URL: 'http://127.0.0.1:1', // doctor's DirectLink probe fails at once
        PUBLIC_URL: 'http://127.0.0.1:1', // doctor's return-route probe fails at once
        RECONCILE_INTERVAL_SECONDS: '0',
        ...database.env,
      });

    it('serve refuses it, and doctor reports the database as an error naming the setting', async () => {
      const serve = await runCli(['serve'], env());
      assert.equal(serve.code, 1, serve.out);
      assert.match(serve.out, /newer than this binary/);
      const { out } = await runCli(['doctor', '--json'], env());
      const findings = (JSON.parse(out) as DoctorReport).findings.filter((f) => f.check === 'database');
      assert.equal(findings.length, 1, JSON.stringify(findings));
      assert.equal(findings[0]!.severity, 'error', JSON.stringify(findings));
      assert.equal(findings[0]!.setting, kind === 'sqlite' ? 'DATA_DIR' : 'DATABASE_URL');
      assert.match(findings[0]!.message, /0099_from_the_future/);
      assert.match(findings[0]!.message, /serve refuses to start/);
    });
  });
}
