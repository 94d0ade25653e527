/**
 * The doctor's network checks: is the return route answering, is the database reachable.
 * Read-only: nothing is created or written.
 */
import { existsSync, accessSync, constants } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { Finding } from './findings.ts';
import { defaultValue } from '../config/settings.ts';

export async function probeReturnRoute(returnUrl: string, timeoutMs = 5000): Promise<Finding> {
  try {
    // An empty feedback: our route answers 400 naming the missing field; a 404 or 5xx means the
    // route is not there (wrong PUBLIC_URL, proxy) or broken.
    const response = await fetch(returnUrl, { method: 'GET', signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    if (response.status === 404 || response.status >= 500) {
      return {
        severity: 'error',
        check: 'return-route',
        setting: 'PUBLIC_URL',
        message: `${returnUrl} answered HTTP ${response.status}: the return route is not reachable there`,
      };
    }
    return {
      severity: 'ok',
      check: 'return-route',
      setting: 'PUBLIC_URL',
      message: `${returnUrl} answers (HTTP ${response.status} to an empty request)`,
    };
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${timeoutMs / 1000} s`
        : ((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message);
    return { severity: 'error', check: 'return-route', setting: 'PUBLIC_URL', message: `${returnUrl} does not answer: ${reason}` };
  }
}

/** Describes a PostgreSQL URL without its password. */
function describePostgres(url: string): string {
  try {
    const parsed = new URL(url);
    return `postgres://${parsed.host}${parsed.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

export async function probeDatabase(env: Readonly<Record<string, string | undefined>>, sqliteFileName: string): Promise<Finding> {
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl) {
    const where = describePostgres(databaseUrl);
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('select 1');
      return { severity: 'ok', check: 'database', setting: 'DATABASE_URL', message: `database reachable (${where})` };
    } catch (error) {
      const message = ((error as Error).message || (error as { code?: string }).code || 'connection failed').replaceAll(databaseUrl, where);
      return { severity: 'error', check: 'database', setting: 'DATABASE_URL', message: `database not reachable (${where}): ${message}` };
    } finally {
      await client.end().catch(() => {});
    }
  }
  const dataDir = path.resolve(env.DATA_DIR?.trim() || defaultValue('DATA_DIR'));
  const file = path.join(dataDir, sqliteFileName);
  if (!existsSync(file)) {
    try {
      accessSync(existsSync(dataDir) ? dataDir : path.dirname(dataDir), constants.W_OK);
      return { severity: 'ok', check: 'database', setting: 'DATA_DIR', message: `SQLite database will be created at ${file}` };
    } catch {
      return {
        severity: 'error',
        check: 'database',
        setting: 'DATA_DIR',
        message: `DATA_DIR ${dataDir} is not writable: the SQLite database cannot be created`,
      };
    }
  }
  try {
    const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    try {
      db.prepare('select 1').get();
    } finally {
      db.close();
    }
    return { severity: 'ok', check: 'database', setting: 'DATA_DIR', message: `SQLite database readable at ${file}` };
  } catch (error) {
    return {
      severity: 'error',
      check: 'database',
      setting: 'DATA_DIR',
      message: `SQLite database at ${file} cannot be opened: ${(error as Error).message}`,
    };
  }
}
