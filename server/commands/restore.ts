/**
 * `ogone-checkout restore FILE`: puts a backup made by `ogone-checkout backup` in place of the
 * SQLite database in DATA_DIR. The server must be stopped (a server running on the file is
 * detected and the restore refused); the database it replaces is kept beside it as
 * `<name>.before-restore-<timestamp>`.
 */
import { BackupError, databaseLocation, restoreSqlite } from '../db/backup.ts';
import { POSTGRES_RECIPE } from './backup.ts';
import { defineCommand } from './command-line.ts';
import { ENV_FILE_OPTION, ENV_FILE_USAGE, loadEnvironment, withDatabaseUrlChecked } from './environment.ts';
import { EXIT_NEGATIVE, EXIT_OK, UsageError } from './io.ts';

const USAGE = `usage: ogone-checkout restore FILE [--env-file PATH]

Replaces the SQLite database in DATA_DIR with the backup FILE. Stop the server first: a server
running on the database is detected and the restore refused.
FILE must be one of our databases (SQLite's integrity check, our migrations table) with a schema
this release knows; a newer one is refused (run the release that made it). The database replaced
is kept as ogone-checkout.sqlite.before-restore-<timestamp>; the restored file is mode 0600 and
renamed over the database in one step: killed mid-way, the restore leaves the old database live. The
server applies any migration the backup lacks when it starts (see ogone-checkout migrate).
With DATABASE_URL (PostgreSQL) it refuses: ${POSTGRES_RECIPE}.
${ENV_FILE_USAGE}
Exit 0 when restored, 1 when refused or failed (nothing changed), 2 on bad input.`;

export const restoreCommand = defineCommand({
  name: 'restore',
  usage: USAGE,
  options: { ...ENV_FILE_OPTION },
  positionals: true,
  async run({ values, positionals }, env, io) {
    if (positionals.length !== 1 || !positionals[0]!.trim()) {
      throw new UsageError('needs exactly one FILE, the backup to restore (see ogone-checkout restore --help)');
    }
    const location = databaseLocation(withDatabaseUrlChecked(loadEnvironment(env, values['env-file'])));
    if (location.kind === 'postgres') {
      io.stderr(`ogone-checkout restore: DATABASE_URL is set: this command restores SQLite only; ${POSTGRES_RECIPE}`);
      return EXIT_NEGATIVE;
    }
    try {
      const result = await restoreSqlite(positionals[0]!, location.file);
      io.stdout(`restored ${positionals[0]} to ${result.file}, schema ${result.schema}`);
      io.stdout(result.previous ? `the database it replaced is kept as ${result.previous}` : 'there was no database to replace');
      return EXIT_OK;
    } catch (error) {
      if (!(error instanceof BackupError) && !(error as { code?: string }).code) throw error;
      io.stderr(`ogone-checkout restore: ${(error as Error).message}`);
      return EXIT_NEGATIVE;
    }
  },
});
