/**
 * The repository over Kysely, for SQLite and PostgreSQL alike: one store per aggregate, each a
 * small module over the same database handle, composed into the `Repository` (types.ts). The
 * SQLite driver's group commit and statement cache (db/group-commit.ts) sit below Kysely, so
 * every store gets them without knowing.
 */
import { sql } from 'kysely';
import type { Clock } from '../clock.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { aliasStore } from './aliases.ts';
import { idempotencyStore } from './idempotency.ts';
import { operationStore } from './operations.ts';
import { outboxStore } from './outbox.ts';
import { personalDataStore } from './personal-data.ts';
import { sessionStore } from './sessions.ts';
import type { StoreContext } from './store-context.ts';
import { syncClaimStore } from './sync-claims.ts';
import { transactionStore } from './transactions.ts';
import type { AliasRecord, Repository } from './types.ts';

export interface RepositoryOptions {
  clock: Clock;
  /** This server talks to Ogone production (payments/livemode.ts isLivemode); false by default. */
  livemode?: boolean;
}

export function createKyselyRepository(handle: DatabaseHandle, options: RepositoryOptions): Repository {
  const { db, dialect } = handle;
  const context: StoreContext = {
    db,
    postgres: dialect === 'postgres',
    clock: options.clock,
    livemode: options.livemode ? 1 : 0,
    ...(handle.pgPool ? { pgPool: handle.pgPool } : {}),
  };
  return {
    dialect,
    async ping() {
      await sql`select 1`.execute(db);
    },
    close: () => handle.close(),
    ...sessionStore(context),
    ...transactionStore(context),
    ...operationStore(context),
    ...syncClaimStore(context),
    ...personalDataStore(context),
    ...aliasStore(context),
    ...outboxStore(context),
    ...idempotencyStore(context),
  };
}

export type { AliasRecord };
