/**
 * A fresh database per test file: a SQLite file in a temp dir, or a new PostgreSQL database
 * created from a connection to `test` (dropped at the end), so parallel files never collide.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, SQLITE_FILE_NAME, type DatabaseHandle, type DatabaseOptions } from '../../server/db/connect.ts';
import { migrateToLatest } from '../../server/db/migrations.ts';
import { createKyselyRepository } from '../../server/repository/kysely-repository.ts';
import type { Repository } from '../../server/repository/types.ts';
import { systemClock, type Clock } from '../../server/clock.ts';

export const DATABASE_KINDS = ['sqlite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  kind: DatabaseKind;
  options: DatabaseOptions;
  /** Environment variables that point a server at this database. */
  env: Record<string, string>;
  dataDir: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'oc-test-'));
  if (kind === 'sqlite') {
    const file = path.join(dataDir, SQLITE_FILE_NAME);
    return {
      kind,
      options: { kind: 'sqlite', file },
      env: { DATA_DIR: dataDir },
      dataDir,
      drop: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `oc_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    kind,
    options: { kind: 'postgres', url: url.toString(), poolSize: 5 },
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    dataDir,
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Opens, migrates and wraps a test database in the repository (of a test server unless `livemode`). */
export async function openTestRepository(
  database: TestDatabase,
  clock: Clock = systemClock,
  options: { livemode?: boolean } = {},
): Promise<{ repository: Repository; handle: DatabaseHandle }> {
  const handle = openDatabase(database.options);
  await migrateToLatest(handle.db);
  return { repository: createKyselyRepository(handle, { clock, ...options }), handle };
}
