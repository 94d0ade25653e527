/**
 * The one way a command reads its settings (issue 15): the process environment, plus `.env` in
 * the working directory — or the file `--env-file` names instead. A variable set in the process
 * environment wins over the file: the operator's shell or unit file is the last word, the file
 * only fills gaps. serve, doctor and sandbox all call this, so doctor checks exactly what serve
 * would run with.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { UsageError, type Env } from './io.ts';
import { databaseUrlProblem } from '../config/env.ts';
import { DATA_DIR_NOT_A_DIRECTORY, dataDirState } from '../config/data-dir.ts';
import { defaultValue } from '../config/settings.ts';

/** The `--env-file` option every command that reads settings declares. */
export const ENV_FILE_OPTION = { 'env-file': { type: 'string' } } as const;

export const ENV_FILE_USAGE = `  --env-file PATH  read settings from PATH instead of ./.env (variables already set in the
                   environment win over the file)`;

/** The settings a command runs with: `env` filled in from `--env-file` or `./.env` when present. */
export function loadEnvironment(env: Env, envFileOption: string | undefined, cwd = process.cwd()): Env {
  if (envFileOption !== undefined && envFileOption.trim() === '') throw new UsageError('--env-file: needs a value');
  const envFile = path.resolve(cwd, envFileOption ?? '.env');
  if (envFileOption !== undefined && !existsSync(envFile)) throw new UsageError(`--env-file: ${envFile} does not exist`);
  if (!existsSync(envFile)) return env;
  try {
    return withEnvFile(env, envFile);
  } catch (error) {
    throw new UsageError(`${envFile}: ${(error as Error).message}`);
  }
}

/**
 * Reads `KEY=VALUE` lines into a copy of `env` without overriding what is already set. Parsed
 * with node:util parseEnv (the syntax of process.loadEnvFile and `node --env-file`), so reading
 * the file never writes into process.env.
 */
function withEnvFile(env: Env, file: string): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = { ...env };
  // Without a byte-order mark (Windows editors write one): parseEnv keeps it in the first key,
  // and the file's first setting — OGONE_ENVIRONMENT=production in the example — was lost.
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  refuseAmbiguousValues(text);
  for (const [key, value] of Object.entries(parseEnv(text))) {
    if (merged[key] === undefined) merged[key] = value;
  }
  return merged;
}

/** `NAME=value` on one line; the value as written, quotes and all. */
const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

/**
 * The deployment's file has two readers that disagree on `#` inside an unquoted value
 * (docs/deploy.md): systemd's EnvironmentFile= takes only lines beginning with `#` as comments and
 * passes `OGONE_SHA_IN=Shop-In#1875` whole to serve, while parseEnv (like dotenv) cuts the value at
 * `#`. doctor then checked, and `serve --env-file` would have signed with, another passphrase than
 * the one systemd gives serve. Both readers agree on a quoted value: such a line is refused, naming
 * its variable, never its value. So is a backslash anywhere but in single quotes (below).
 */
function refuseAmbiguousValues(text: string): void {
  for (const line of text.split(/\r?\n/)) {
    const match = ASSIGNMENT.exec(line);
    if (!match) continue;
    const value = match[2]!;
    // `export NAME=…`: parseEnv reads it, systemd's EnvironmentFile= ignores the line as no valid
    // assignment — doctor checked OGONE_OPERATION=RES while the service ran SAL (review r1497).
    if (/^\s*export\s/.test(line))
      throw new Error(
        `${match[1]}: its line starts with "export", which systemd's EnvironmentFile= does not read (the line is ignored) and other readers do: remove "export"`,
      );
    if (!/^["'`]/.test(value) && value.includes('#'))
      throw new Error(
        `${match[1]}: its value holds a # outside quotes, which systemd's EnvironmentFile= keeps and other readers take for a comment: put the value in double quotes`,
      );
    // A backslash, too: systemd drops it outside quotes (`Shop\In` is ShopIn) and reads `\\` and
    // `\"` as escapes inside double quotes, where parseEnv keeps it, or reads `\n` as a new line.
    // Both read single quotes as they are.
    if (!value.startsWith("'") && value.includes('\\'))
      throw new Error(
        `${match[1]}: its value holds a backslash, which systemd's EnvironmentFile= and other readers read differently: put the value in single quotes`,
      );
    // Backticks quote for parseEnv only: systemd keeps them in the value.
    if (value.startsWith('`'))
      throw new Error(`${match[1]}: its value is in backticks, which systemd's EnvironmentFile= keeps as part of it: use double quotes`);
    // Text after the closing quote: systemd goes on reading and joins it to the value (a `#` there
    // is no comment), parseEnv drops it (review r950).
    const quote = value[0];
    const closing = quote === '"' || quote === "'" ? value.indexOf(quote, 1) : -1;
    if (closing > 0 && value.slice(closing + 1).trim() !== '')
      throw new Error(
        `${match[1]}: text follows its closing quote, which systemd's EnvironmentFile= joins to the value and other readers drop: remove it (a comment goes on a line of its own)`,
      );
  }
}

/**
 * `env` with its DATABASE_URL — or without one, its DATA_DIR — checked as serve checks it, for the
 * commands that open the database without the whole configuration (migrate, backup, restore): one
 * line naming the setting, before any connection — "Invalid URL" named nothing, a mysql:// URL was
 * opened as PostgreSQL, and a DATA_DIR naming a file crashed with ENOTDIR's stack trace.
 */
export function withDatabaseUrlChecked(env: Env): Env {
  const url = env.DATABASE_URL?.trim();
  const problem = url ? databaseUrlProblem(url) : undefined;
  if (problem) throw new UsageError(`DATABASE_URL ${problem}`);
  if (!url && dataDirState(env.DATA_DIR?.trim() || defaultValue('DATA_DIR')) === 'not-a-directory')
    throw new UsageError(`DATA_DIR: ${DATA_DIR_NOT_A_DIRECTORY}`);
  return env;
}
