/**
 * The setup every repository test file repeated: a fresh database of one kind for the enclosing
 * `describe` (a real SQLite file, or a new PostgreSQL database — see databases.ts), migrated and
 * wrapped in the repository before its first test, closed and dropped after its last. The
 * migration tests, which migrate step by step themselves, get the same database unmigrated.
 */
import { after, before } from 'node:test';
import type { Clock } from '../../server/clock.ts';
import { openDatabase, type DatabaseHandle } from '../../server/db/connect.ts';
import type { Repository } from '../../server/repository/types.ts';
import { createTestDatabase, openTestRepository, type DatabaseKind, type TestDatabase } from './databases.ts';

/** What the hooks opened; each is there from the first test on. */
export interface TestRepository {
  readonly database: TestDatabase;
  readonly handle: DatabaseHandle;
  readonly repository: Repository;
}

/** Registers the enclosing suite's before/after hooks; `clock` is the repository's (system clock if none). */
export function useTestRepository(kind: DatabaseKind, clock?: Clock): TestRepository {
  let database: TestDatabase | undefined;
  let opened: { repository: Repository; handle: DatabaseHandle } | undefined;

  before(async () => {
    database = await createTestDatabase(kind);
    opened = await openTestRepository(database, clock);
  });
  after(async () => {
    // The database is dropped even when migrating or opening it failed.
    await opened?.repository.close();
    await database?.drop();
  });

  const what = `the ${kind} test repository`;
  return {
    get database() {
      return ready(what, database);
    },
    get handle() {
      return ready(what, opened).handle;
    },
    get repository() {
      return ready(what, opened).repository;
    },
  };
}

/** What the hooks opened for a suite that migrates the database itself. */
export interface UnmigratedDatabase {
  readonly database: TestDatabase;
  readonly handle: DatabaseHandle;
}

/**
 * Registers the enclosing suite's before/after hooks for a fresh database opened but not migrated:
 * a migration test takes it up to the migration before the one it tests, writes rows as the old
 * schema holds them, then migrates on.
 */
export function useUnmigratedDatabase(kind: DatabaseKind): UnmigratedDatabase {
  let database: TestDatabase | undefined;
  let handle: DatabaseHandle | undefined;

  before(async () => {
    database = await createTestDatabase(kind);
    handle = openDatabase(database.options);
  });
  after(async () => {
    // The database is dropped even when opening it failed.
    await handle?.close();
    await database?.drop();
  });

  const what = `the ${kind} test database`;
  return {
    get database() {
      return ready(what, database);
    },
    get handle() {
      return ready(what, handle);
    },
  };
}

// Read at suite definition time, a field would be undefined with no word why: say it.
function ready<T>(what: string, value: T | undefined): T {
  if (value === undefined) throw new Error(`${what} is opened in before(): read it inside a test or hook`);
  return value;
}
