/**
 * The one storage interface of the server, composed of one store per aggregate (records/): each
 * file there holds an aggregate's records and the methods that read and write it. Implemented
 * once over Kysely for SQLite and PostgreSQL (kysely-repository.ts); the same tests run on both.
 */
import type { AliasStore } from './records/aliases.ts';
import type { IdempotencyStore } from './records/idempotency.ts';
import type { OperationStore } from './records/operations.ts';
import type { OutboxStore } from './records/outbox.ts';
import type { PersonalDataStore } from './records/personal-data.ts';
import type { SessionStore } from './records/sessions.ts';
import type { SyncClaimStore, TransactionStore } from './records/transactions.ts';

export type * from './records/aliases.ts';
export type * from './records/feedback-log.ts';
export type * from './records/idempotency.ts';
export type * from './records/operations.ts';
export type * from './records/outbox.ts';
export type * from './records/personal-data.ts';
export type * from './records/sessions.ts';
export type * from './records/transactions.ts';
export type { Page } from './page.ts';

export interface Repository
  extends SessionStore, TransactionStore, OperationStore, SyncClaimStore, PersonalDataStore, AliasStore, OutboxStore, IdempotencyStore {
  readonly dialect: 'sqlite' | 'postgres';
  ping(): Promise<void>;
  close(): Promise<void>;
}
