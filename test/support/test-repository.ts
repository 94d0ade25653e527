/**
 * The setup every repository test file repeated: a fresh database of one kind for the enclosing
 * `describe` (a real SQLite file, or a new PostgreSQL database — see databases.ts), migrated and
 * wrapped in the repository before its first test, closed and dropped after its last.
 */
import { after, before } from 'node:test';
import type { Clock } from '../../server/clock.ts';
import type { DatabaseHandle } from '../../server/db/connect.ts';
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

  // Read at suite definition time, a field would be undefined with no word why: say it.
  function ready<T>(value: T | undefined): T {
    if (value === undefined) throw new Error(`the ${kind} test repository is opened in before(): read it inside a test or hook`);
    return value;
  }
  return {
    get database() {
      return ready(database);
    },
    get handle() {
      return ready(opened).handle;
    },
    get repository() {
      return ready(opened).repository;
    },
  };
}
