/**
 * `ogone-checkout backup --to FILE [--force]`: a consistent copy of the SQLite database, taken
 * while the server keeps serving (SQLite's online backup API, server/db/backup.ts). With
 * DATABASE_URL it refuses: PostgreSQL is backed up with pg_dump (README, "Backups and upgrades").
 */
import { BackupError, backupSqlite, databaseLocation } from '../db/backup.ts';
import { defineCommand } from './command-line.ts';
import { ENV_FILE_OPTION, ENV_FILE_USAGE, loadEnvironment, withDatabaseUrlChecked } from './environment.ts';
import { EXIT_NEGATIVE, EXIT_OK, UsageError } from './io.ts';

export const POSTGRES_RECIPE = 'use pg_dump -Fc / pg_restore (README, "Backups and upgrades")';

const USAGE = `usage: ogone-checkout backup --to FILE [--force] [--env-file PATH]

Copies the SQLite database in DATA_DIR to FILE, consistently, while a server may be serving it
(SQLite's online backup API: no need to stop anything). FILE is one self-contained file, mode 0600,
checked with SQLite's integrity check; restore it with \`ogone-checkout restore FILE\`.
With DATABASE_URL (PostgreSQL) it refuses: ${POSTGRES_RECIPE}.
  --to FILE   where to write the backup (its directory must exist)
  --force     overwrite FILE if it exists (refused otherwise)
${ENV_FILE_USAGE}
Exit 0 when the backup is written, 1 when it failed, 2 on bad input.`;

export const backupCommand = defineCommand({
  name: 'backup',
  usage: USAGE,
  options: { to: { type: 'string' }, force: { type: 'boolean', default: false }, ...ENV_FILE_OPTION },
  async run({ values }, env, io) {
    const target = values.to?.trim();
    if (!target) throw new UsageError('--to FILE is required (see ogone-checkout backup --help)');
    const location = databaseLocation(withDatabaseUrlChecked(loadEnvironment(env, values['env-file'])));
    if (location.kind === 'postgres') {
      io.stderr(`ogone-checkout backup: DATABASE_URL is set: this command backs up SQLite only; ${POSTGRES_RECIPE}`);
      return EXIT_NEGATIVE;
    }
    try {
      const result = await backupSqlite(location.file, target, { force: values.force });
      io.stdout(
        `backed up ${location.file} to ${result.file}: ${result.bytes} bytes, schema ${result.schema}, ` +
          `consistent as of ${result.consistentAsOf.toISOString()}, ${result.durationMs} ms`,
      );
      return EXIT_OK;
    } catch (error) {
      if (!(error instanceof BackupError) && !(error as { code?: string }).code) throw error;
      io.stderr(`ogone-checkout backup: ${(error as Error).message}`);
      return EXIT_NEGATIVE;
    }
  },
});
