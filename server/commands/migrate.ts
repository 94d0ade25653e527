/**
 * `ogone-checkout migrate [--dry-run]`: the migrations `serve` applies when it starts, run or
 * listed on their own — before an upgrade, to see what the new release will change, or to apply it
 * while the old release is stopped. A database migrated by a newer release is refused.
 */
import { existsSync } from 'node:fs';
import { databaseLocation } from '../db/backup.ts';
import { openDatabase } from '../db/connect.ts';
import { MIGRATION_NAMES, SchemaNewerError, assertSchemaKnown, describeVersion, migrateToLatest } from '../db/migrations.ts';
import { defineCommand } from './command-line.ts';
import { ENV_FILE_OPTION, ENV_FILE_USAGE, loadEnvironment, withDatabaseUrlChecked } from './environment.ts';
import { EXIT_NEGATIVE, EXIT_OK } from './io.ts';

const USAGE = `usage: ogone-checkout migrate [--dry-run] [--env-file PATH]

Applies the database migrations this release has and the database lacks (serve does the same
when it starts), on PostgreSQL with DATABASE_URL, else on the SQLite database in DATA_DIR.
  --dry-run   list the migrations that would run, change nothing
${ENV_FILE_USAGE}
A database migrated by a newer release is refused (exit 1): run that release. Take a backup first
(ogone-checkout backup, or pg_dump): migrations are not undone.`;

export const migrateCommand = defineCommand({
  name: 'migrate',
  usage: USAGE,
  options: { 'dry-run': { type: 'boolean', default: false }, ...ENV_FILE_OPTION },
  async run({ values }, env, io) {
    const location = databaseLocation(withDatabaseUrlChecked(loadEnvironment(env, values['env-file'])));
    const dryRun = values['dry-run'];
    if (location.kind === 'sqlite' && dryRun && !existsSync(location.file)) {
      // Opening would create the file; a dry run changes nothing.
      io.stdout(`no database at ${location.file} yet: all ${MIGRATION_NAMES.length} migrations would run`);
      for (const name of MIGRATION_NAMES) io.stdout(`  ${name}`);
      return EXIT_OK;
    }
    let database;
    try {
      database = openDatabase(location.kind === 'sqlite' ? location : { ...location, poolSize: 1 });
    } catch (error) {
      // A damaged file (connect.ts DatabaseDamagedError): one line naming it, not a stack trace.
      io.stderr(`ogone-checkout migrate: cannot migrate: ${(error as Error).message}`);
      return EXIT_NEGATIVE;
    }
    try {
      const status = await assertSchemaKnown(database.db);
      io.stdout(`${database.description}: schema ${describeVersion(status.applied)}, this release ${describeVersion(MIGRATION_NAMES)}`);
      if (status.pending.length === 0) {
        io.stdout('up to date: nothing to run');
        return EXIT_OK;
      }
      if (dryRun) {
        io.stdout(`would run ${status.pending.length} migration(s):`);
        for (const name of status.pending) io.stdout(`  ${name}`);
        return EXIT_OK;
      }
      const applied = await migrateToLatest(database.db);
      io.stdout(`ran ${applied.length} migration(s):`);
      for (const name of applied) io.stdout(`  ${name}`);
      return EXIT_OK;
    } catch (error) {
      const message = error instanceof SchemaNewerError ? error.message : `cannot migrate: ${(error as Error).message}`;
      io.stderr(`ogone-checkout migrate: ${message}`);
      return EXIT_NEGATIVE;
    } finally {
      await database.close();
    }
  },
});
