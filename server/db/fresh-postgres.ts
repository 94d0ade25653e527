/**
 * A first start on an empty PostgreSQL database (issue 17, cold start): the schema every migration
 * leaves, created by one script in one round trip (postgres-baseline.ts, generated from the
 * migrations applied in turn), instead of 17 migrations' 111 statements through Kysely's Migrator
 * — tables made and altered, indexes made and dropped again. About 60 ms instead of 120 on the
 * benchmark's host. The Migrator's bookkeeping rows are written by the same script, so later
 * starts and releases see every migration applied, as after the Migrator.
 *
 * Taken only when it is safe to: this release's migrations are exactly the baseline's, and the
 * database holds no migration table. Two instances starting together queue on an advisory lock;
 * the second then finds the table and leaves the work to the Migrator (nothing to do). Anything
 * unexpected (a table of that name already there, another schema layout) rolls back and leaves it
 * to the Migrator too, which reports the error as it always has.
 */
import { DEFAULT_MIGRATION_LOCK_TABLE, DEFAULT_MIGRATION_TABLE, MIGRATION_LOCK_ID, sql, type Kysely } from 'kysely';
import { POSTGRES_BASELINE_DDL, POSTGRES_BASELINE_MIGRATIONS } from './postgres-baseline.ts';

/** pg_advisory_xact_lock's key for the baseline ("ogone-checkout baseline", fixed). */
const BASELINE_LOCK_KEY = 4_051_913_007_331_209_773n;

const MIGRATION_NAME = /^[0-9a-z_]+$/;

/** Whether the baseline stands for exactly `migrations`, in order. */
export function baselineMatches(migrations: readonly string[]): boolean {
  return (
    POSTGRES_BASELINE_MIGRATIONS.length === migrations.length && POSTGRES_BASELINE_MIGRATIONS.every((name, i) => name === migrations[i])
  );
}

/** The baseline's statements and its bookkeeping rows, stamped `appliedAt`. */
export function baselineScript(appliedAt: string): string {
  const rows = POSTGRES_BASELINE_MIGRATIONS.map((name) => {
    if (!MIGRATION_NAME.test(name)) throw new Error(`unexpected migration name ${JSON.stringify(name)}`);
    return `('${name}', '${appliedAt}')`;
  });
  return [
    POSTGRES_BASELINE_DDL,
    `insert into ${DEFAULT_MIGRATION_TABLE} (name, timestamp) values ${rows.join(', ')};`,
    `insert into ${DEFAULT_MIGRATION_LOCK_TABLE} (id, is_locked) values ('${MIGRATION_LOCK_ID}', 0);`,
  ].join('\n');
}

/**
 * Creates the whole schema on an empty database, in one transaction; the migrations it stands for,
 * or undefined when it did nothing (see the header: the Migrator then runs as before).
 */
export async function applyPostgresBaseline(
  db: Kysely<any>,
  migrations: readonly string[],
  now: Date,
  whileWaiting?: () => void,
): Promise<string[] | undefined> {
  if (!baselineMatches(migrations)) return undefined;
  return db.connection().execute(async (connection) => {
    await sql`begin`.execute(connection);
    try {
      await sql`select pg_advisory_xact_lock(${BASELINE_LOCK_KEY.toString()}::bigint)`.execute(connection);
      const { rows } = await sql<{ fresh: boolean }>`select to_regclass(${DEFAULT_MIGRATION_TABLE}) is null as fresh`.execute(connection);
      if (rows[0]?.fresh !== true) {
        await sql`rollback`.execute(connection);
        return undefined;
      }
      // One simple query: the statements, the bookkeeping and the COMMIT in one round trip. The
      // database works on it for tens of milliseconds: the caller may use the main thread meanwhile.
      const applying = sql.raw(`${baselineScript(now.toISOString())}\ncommit;`).execute(connection);
      whileWaiting?.();
      await applying;
      return [...POSTGRES_BASELINE_MIGRATIONS];
    } catch {
      await sql`rollback`.execute(connection).catch(() => {});
      return undefined;
    }
  });
}
