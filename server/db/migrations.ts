/**
 * Versioned migrations, applied at start-up by Kysely's Migrator (which takes a lock, so several
 * instances starting on one PostgreSQL apply each migration once). Never edit a released
 * migration: add the next one.
 */
import {
  DEFAULT_MIGRATION_LOCK_TABLE,
  DEFAULT_MIGRATION_TABLE,
  Migrator,
  PostgresAdapter,
  SqliteAdapter,
  sql,
  type DatabaseIntrospector,
  type Kysely,
  type Migration,
  type MigrationResultSet,
  type TableMetadata,
  type Transaction,
} from 'kysely';
import { transactionSearch } from './transaction-search-migration.ts';
import { hotQueryIndexes } from './hot-query-indexes-migration.ts';
import { dailyTotals } from './daily-totals-migration.ts';
import { feedbackLogIndex } from './feedback-log-index-migration.ts';
import { feedbackCopies } from './feedback-copies-migration.ts';
import { feedbackHash } from './feedback-hash-migration.ts';
import { unresolvedDue } from './unresolved-due-migration.ts';
import { leanIndexKeys } from './lean-index-keys-migration.ts';
import { draftDue } from './draft-due-migration.ts';
import { cardChecks } from './card-checks-migration.ts';
import { idempotencyScope } from './idempotency-scope-migration.ts';
import { draftSendLease } from './draft-send-lease-migration.ts';
import { feedbackLogKey } from './feedback-log-key-migration.ts';
import { forgottenCardHolders } from './forgotten-card-holders-migration.ts';
import { livemode } from './livemode-migration.ts';
import { paymentFlags } from './payment-flags-migration.ts';
import { refundReversals } from './refund-reversals-migration.ts';
import { duplicateAction } from './duplicate-action-migration.ts';
import { feedbackLogClustered } from './feedback-log-clustered-migration.ts';
import { platformTotals } from './platform-totals-migration.ts';
import { feedbackParamsPacked } from './feedback-params-packed-migration.ts';
import { timestamptz } from './timestamptz-migration.ts';
import { operationFinal } from './operation-final-migration.ts';
import { operationNamedPart } from './operation-named-part-migration.ts';
import { searchEmailCase } from './search-email-case-migration.ts';
import { challengeReference } from './challenge-reference-migration.ts';
import { webhookDeliveryStart } from './webhook-delivery-start-migration.ts';
import { applyPostgresBaseline } from './fresh-postgres.ts';

const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('buttons')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('min_quantity', 'integer', (c) => c.notNull())
        .addColumn('max_quantity', 'integer', (c) => c.notNull())
        .addColumn('save_card', 'text', (c) => c.notNull())
        .addColumn('success_url', 'text')
        .addColumn('failure_url', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text')
        .execute();

      await db.schema
        .createTable('checkout_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('button_id', 'text', (c) => c.references('buttons.id'))
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('merchant_reference', 'text')
        .addColumn('description', 'text')
        .addColumn('customer_id', 'text')
        .addColumn('customer_json', 'text')
        .addColumn('locale', 'text')
        .addColumn('save_card', 'text', (c) => c.notNull())
        .addColumn('success_url', 'text')
        .addColumn('failure_url', 'text')
        .addColumn('metadata_json', 'text')
        .addColumn('quantity', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('paid_reference', 'text')
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('transactions')
        .addColumn('reference', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull().references('checkout_sessions.id'))
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('captured_amount', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('refunded_amount', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('last_status', 'integer')
        .addColumn('payid', 'text')
        .addColumn('pm', 'text')
        .addColumn('brand', 'text')
        .addColumn('card_number', 'text')
        .addColumn('expiry', 'text')
        .addColumn('card_holder', 'text')
        .addColumn('nc_error', 'text')
        .addColumn('trx_date', 'text')
        .addColumn('amount_mismatch', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('alias_request', 'text')
        .addColumn('customer_id', 'text')
        .addColumn('operation', 'text', (c) => c.notNull())
        .addColumn('locale', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('transactions_session').on('transactions').column('session_id').execute();
      await db.schema.createIndex('transactions_created').on('transactions').columns(['created_at', 'reference']).execute();
      await db.schema.createIndex('transactions_state').on('transactions').columns(['state', 'created_at']).execute();

      await db.schema
        .createTable('aliases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('alias', 'text', (c) => c.notNull().unique())
        .addColumn('brand', 'text')
        .addColumn('card_number', 'text')
        .addColumn('last4', 'text')
        .addColumn('expiry', 'text')
        .addColumn('card_holder', 'text')
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text')
        .execute();
      await db.schema.createIndex('aliases_customer').on('aliases').column('customer_id').execute();

      await db.schema
        .createTable('feedback_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('status', 'integer')
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('params_json', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('feedback_log_reference').on('feedback_log').columns(['reference', 'id']).execute();

      await db.schema
        .createTable('webhook_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('reference', 'text')
        .addColumn('data_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('delivered_at', 'text')
        .addColumn('last_error', 'text')
        .execute();
      await db.schema.createIndex('webhook_events_due').on('webhook_events').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('webhook_events_reference').on('webhook_events').columns(['reference', 'id']).execute();

      await db.schema
        .createTable('webhook_attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('event_id', 'text', (c) => c.notNull().references('webhook_events.id'))
        .addColumn('attempted_at', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .addColumn('ok', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('webhook_attempts_event').on('webhook_attempts').columns(['event_id', 'id']).execute();

      await db.schema
        .createTable('idempotency_keys')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer', (c) => c.notNull())
        .addColumn('response_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
        .execute();
    },
    async down(db: Kysely<any>) {
      for (const table of [
        'idempotency_keys',
        'webhook_attempts',
        'webhook_events',
        'feedback_log',
        'aliases',
        'transactions',
        'checkout_sessions',
        'buttons',
      ]) {
        await sql`drop table if exists ${sql.table(table)}`.execute(db);
      }
    },
  },
  '0002_directlink': {
    // Saved-card payments, maintenance (capture / refund / cancel) and reconciliation (issue 6).
    async up(db: Kysely<any>) {
      await db.schema.alterTable('transactions').addColumn('alias_id', 'text').execute();
      await db.schema
        .alterTable('transactions')
        .addColumn('sync_needed', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('transactions').addColumn('sync_lease_until', 'text').execute();
      await db.schema.createIndex('transactions_reconcile').on('transactions').columns(['last_status', 'updated_at']).execute();

      await db.schema
        .createTable('maintenance_operations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('reference', 'text', (c) => c.notNull().references('transactions.reference'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('operation', 'text', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('ogone_status', 'integer')
        .addColumn('payid_sub', 'integer')
        .addColumn('nc_error', 'text')
        .addColumn('idempotency_key', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('maintenance_operations_reference').on('maintenance_operations').columns(['reference', 'id']).execute();
      // One operation per key and payment, whatever API key or instance the retry comes through.
      await db.schema
        .createIndex('maintenance_operations_key')
        .on('maintenance_operations')
        .columns(['reference', 'kind', 'idempotency_key'])
        .unique()
        .execute();

      await db.schema
        .createTable('challenges')
        .addColumn('token', 'text', (c) => c.primaryKey())
        .addColumn('reference', 'text', (c) => c.notNull().references('transactions.reference'))
        .addColumn('html', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>) {
      await sql`drop table if exists challenges`.execute(db);
      await sql`drop table if exists maintenance_operations`.execute(db);
      await db.schema.dropIndex('transactions_reconcile').execute();
      for (const column of ['sync_lease_until', 'sync_needed', 'alias_id']) {
        await db.schema.alterTable('transactions').dropColumn(column).execute();
      }
    },
  },
  '0003_reconciliation': {
    // The reconciler's limits (issue 12, docs/ogone-protocol.md §9): a payment it stopped querying
    // after RECONCILE_MAX_AGE_DAYS is flagged for a person to look at (payment.needs_attention).
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('transactions')
        .addColumn('needs_attention', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('transactions').dropColumn('needs_attention').execute();
    },
  },
  '0004_alias_deletion': {
    // Forgetting a saved card deletes it at Ogone too (docs/ogone-protocol.md §10): until the
    // platform confirms, the alias is deletion_pending (not listed, not chargeable) and retried.
    async up(db: Kysely<any>) {
      await db.schema.alterTable('aliases').addColumn('deletion_status', 'text').execute();
      await db.schema.alterTable('aliases').addColumn('deletion_requested_at', 'text').execute();
      await db.schema
        .alterTable('aliases')
        .addColumn('deletion_attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('aliases').addColumn('deletion_next_attempt_at', 'text').execute();
      await db.schema.alterTable('aliases').addColumn('deletion_last_error', 'text').execute();
      await db.schema.createIndex('aliases_deletion_due').on('aliases').columns(['deletion_status', 'deletion_next_attempt_at']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('aliases_deletion_due').execute();
      for (const column of [
        'deletion_last_error',
        'deletion_next_attempt_at',
        'deletion_attempts',
        'deletion_requested_at',
        'deletion_status',
      ]) {
        await db.schema.alterTable('aliases').dropColumn(column).execute();
      }
    },
  },
  '0005_session_claims': {
    // One paid payment per session (issue 13): a saved-card attempt claims its session before
    // DirectLink is called (claim_reference until claim_until), and a second payment of a paid
    // session is flagged with the reference it duplicates.
    async up(db: Kysely<any>) {
      await db.schema.alterTable('checkout_sessions').addColumn('claim_reference', 'text').execute();
      await db.schema.alterTable('checkout_sessions').addColumn('claim_until', 'text').execute();
      await db.schema.alterTable('transactions').addColumn('duplicate_of', 'text').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('transactions').dropColumn('duplicate_of').execute();
      await db.schema.alterTable('checkout_sessions').dropColumn('claim_until').execute();
      await db.schema.alterTable('checkout_sessions').dropColumn('claim_reference').execute();
    },
  },
  '0006_bounded_feedback_log': {
    // Bounded storage (issue 13, docs/ogone-protocol.md §5): an exact repeat of a logged feedback
    // (same payment, channel and kept parameters, identified by params_hash) increments
    // repeat_count instead of adding a row; rows logged before this migration have no hash and
    // are never merged. redacted_at marks sessions and feedback rows whose personal data
    // RETENTION_DAYS removed.
    async up(db: Kysely<any>) {
      await db.schema.alterTable('feedback_log').addColumn('params_hash', 'text').execute();
      await db.schema
        .alterTable('feedback_log')
        .addColumn('repeat_count', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('feedback_log').addColumn('last_received_at', 'text').execute();
      await db.schema.alterTable('feedback_log').addColumn('redacted_at', 'text').execute();
      await db.schema
        .createIndex('feedback_log_repeat')
        .on('feedback_log')
        .columns(['reference', 'channel', 'params_hash'])
        .unique()
        .execute();
      await db.schema.alterTable('checkout_sessions').addColumn('redacted_at', 'text').execute();
      await db.schema.createIndex('checkout_sessions_created').on('checkout_sessions').columns(['created_at', 'id']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('checkout_sessions_created').execute();
      await db.schema.alterTable('checkout_sessions').dropColumn('redacted_at').execute();
      await db.schema.dropIndex('feedback_log_repeat').execute();
      for (const column of ['redacted_at', 'last_received_at', 'repeat_count', 'params_hash']) {
        await db.schema.alterTable('feedback_log').dropColumn(column).execute();
      }
    },
  },
  '0007_attention_metrics': {
    // The metrics read at each scrape (issue 15) how many payments need attention and how many the
    // reconciler has due. Partial indexes hold only those few rows, so neither read scans the table:
    // the flagged payments, and those flagged syncNeeded (the due query's one condition no other
    // index serves; unresolved statuses use transactions_reconcile, drafts transactions_state).
    async up(db: Kysely<any>) {
      await db.schema
        .createIndex('transactions_needs_attention')
        .on('transactions')
        .column('created_at')
        .where(sql.ref('needs_attention'), '=', 1)
        .execute();
      await db.schema
        .createIndex('transactions_sync_needed')
        .on('transactions')
        .column('updated_at')
        .where(sql.ref('sync_needed'), '=', 1)
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('transactions_sync_needed').execute();
      await db.schema.dropIndex('transactions_needs_attention').execute();
    },
  },
  '0008_setup_sessions': {
    // Issue 19: a session either takes a payment or saves a card without paying (FlexCheckout,
    // docs/ogone-protocol.md §15). Existing sessions are payments.
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('checkout_sessions')
        .addColumn('mode', 'text', (c) => c.notNull().defaultTo('payment'))
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('checkout_sessions').dropColumn('mode').execute();
    },
  },
  '0009_transaction_search': transactionSearch,
  '0010_hot_query_indexes': hotQueryIndexes,
  '0011_daily_totals': dailyTotals,
  '0012_feedback_log_one_index': feedbackLogIndex,
  '0013_feedback_copies': feedbackCopies,
  '0014_feedback_hash_128': feedbackHash,
  '0015_unresolved_due': unresolvedDue,
  '0016_lean_index_keys': leanIndexKeys,
  '0017_draft_due': draftDue,
  '0018_card_checks': cardChecks,
  '0019_idempotency_scope': idempotencyScope,
  '0020_draft_send_lease': draftSendLease,
  '0021_feedback_log_key': feedbackLogKey,
  '0022_forgotten_card_holders': forgottenCardHolders,
  '0023_livemode': livemode,
  '0024_payment_flags': paymentFlags,
  '0025_refund_reversals': refundReversals,
  '0026_feedback_log_clustered': feedbackLogClustered,
  '0027_platform_totals': platformTotals,
  '0028_feedback_params_packed': feedbackParamsPacked,
  '0029_timestamptz': timestamptz,
  '0030_operation_named_part': operationNamedPart,
  '0031_search_email_case': searchEmailCase,
  '0032_challenge_reference': challengeReference,
  '0033_webhook_delivery_start': webhookDeliveryStart,
  '0034_duplicate_action': duplicateAction,
  '0035_operation_final': operationFinal,
};

export const MIGRATION_NAMES = Object.keys(migrations);

/** Kysely's bookkeeping table: one row per applied migration, by name. */
export const MIGRATION_TABLE = DEFAULT_MIGRATION_TABLE;

/** A schema version as people read it: the number of migrations and the last one's name. */
export function describeVersion(names: readonly string[]): string {
  const last = names.at(-1);
  return last === undefined ? 'version 0 (empty)' : `version ${names.length} (${last})`;
}

export interface MigrationStatus {
  /** Applied migrations this binary knows, in order. */
  applied: string[];
  /** Migrations this binary would apply, in order. */
  pending: string[];
  /** Applied migrations this binary does not know: the database was upgraded by a newer release. */
  unknown: string[];
}

/**
 * Raised when the database holds migrations this binary does not know: its tables may have columns
 * or meanings this code would write wrong, so nothing may run on it. One line, both versions.
 */
export class SchemaNewerError extends Error {
  constructor(readonly status: MigrationStatus) {
    const database = [...status.applied, ...status.unknown].sort();
    super(
      `the database's schema is ${describeVersion(database)}, newer than this binary's ${describeVersion(MIGRATION_NAMES)}: ` +
        `run the release that upgraded it (or a later one); unknown migrations: ${status.unknown.join(', ')}`,
    );
    this.name = 'SchemaNewerError';
  }
}

/**
 * The applied migrations' names, in one round trip: the bookkeeping table is read directly, and a
 * database where it does not exist yet (a first start) answers "no such table" — no catalog
 * lookup first, which was a round trip of its own at every start (issue 17). Never called inside
 * a transaction: on PostgreSQL the failed read would abort it.
 */
async function appliedMigrationNames(db: Kysely<any>): Promise<string[]> {
  try {
    const rows = await db.selectFrom(MIGRATION_TABLE).select('name').orderBy('name').execute();
    return rows.map((row) => String(row.name));
  } catch (error) {
    if (isMissingTable(db, error)) return [];
    throw error;
  }
}

/** PostgreSQL's undefined_table (42P01), SQLite's "no such table", for the bookkeeping table. */
function isMissingTable(db: Kysely<any>, error: unknown): boolean {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return (error as { code?: unknown }).code === '42P01';
  if (adapter instanceof SqliteAdapter) return error instanceof Error && error.message.startsWith(`no such table: ${MIGRATION_TABLE}`);
  return false;
}

/** Reads what has been applied, without changing anything (no table is created). */
export async function migrationStatus(db: Kysely<any>): Promise<MigrationStatus> {
  const names = await appliedMigrationNames(db);
  const known = new Set(MIGRATION_NAMES);
  const applied = new Set(names);
  return {
    applied: MIGRATION_NAMES.filter((name) => applied.has(name)),
    pending: MIGRATION_NAMES.filter((name) => !applied.has(name)),
    unknown: names.filter((name) => !known.has(name)),
  };
}

/** Throws SchemaNewerError when the database was migrated by a newer release; the status otherwise. */
export async function assertSchemaKnown(db: Kysely<any>): Promise<MigrationStatus> {
  const status = await migrationStatus(db);
  if (status.unknown.length > 0) throw new SchemaNewerError(status);
  return status;
}

/**
 * Which of the Migrator's two bookkeeping tables exist, in one catalog lookup. The Migrator asks
 * it through `introspection.getTables()` before each of them, and Kysely's introspection reads
 * every column of every table: on a first start on PostgreSQL those two catalog joins cost as
 * much as creating the two tables (issue 17). The Migrator uses the answer for the names alone.
 */
async function migratorTables(db: Kysely<any>): Promise<TableMetadata[]> {
  const names = [DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE];
  const adapter = db.getExecutor().adapter;
  // PostgreSQL: to_regclass resolves each name through search_path, as the Migrator's unqualified queries do.
  const lookup =
    adapter instanceof PostgresAdapter
      ? sql<{ name: string }>`select name from unnest(${names}::text[]) as name where to_regclass(name) is not null`
      : adapter instanceof SqliteAdapter
        ? sql<{ name: string }>`select name from sqlite_master where type = 'table' and name in (${sql.join(names)})`
        : undefined;
  if (!lookup) return db.introspection.getTables({ withInternalKyselyTables: true });
  const { rows } = await lookup.execute(db);
  return rows.map(({ name }) => ({ name, isView: false, columns: [] }));
}

/**
 * The database the Migrator runs on: `db` with the lookup above as its introspection and, when
 * `transaction` is given, that transaction handed out as the connection the Migrator asks for (a
 * Transaction refuses `connection()`), so the Migrator runs inside it. Everything else is `db`'s.
 */
function migratorDatabase(db: Kysely<any>, transaction?: Transaction<any>): Kysely<any> {
  const target = transaction ?? db;
  const introspection: Pick<DatabaseIntrospector, 'getTables'> = { getTables: () => migratorTables(target) };
  const connection = () => ({ execute: <T>(callback: (db: Kysely<any>) => Promise<T>) => callback(target) });
  return new Proxy(target, {
    get(object, property) {
      if (property === 'introspection') return introspection;
      if (transaction && property === 'connection') return connection;
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}

/** A failed migration's outcome, carried out of the transaction it rolls back. */
class MigrationRolledBack extends Error {
  constructor(readonly outcome: MigrationResultSet) {
    super('a database migration failed: rolled back');
  }
}

/**
 * Applies every pending migration (or those up to `upTo`, for tests building an older schema);
 * throws with the failing migration's name, or SchemaNewerError before touching a newer schema.
 * `whileWaiting` is called once the work left is the database server's (a first start on an empty
 * PostgreSQL database, its schema sent): the caller's synchronous work then runs beside it.
 */
export async function migrateToLatest(db: Kysely<any>, options: { upTo?: string; whileWaiting?: () => void } = {}): Promise<string[]> {
  const status = await assertSchemaKnown(db);
  if (options.upTo !== undefined && !MIGRATION_NAMES.includes(options.upTo)) throw new Error(`unknown migration ${options.upTo}`);
  // Every start after the first: nothing to apply, so none of the Migrator's bookkeeping (its lock
  // table and row, its catalog lookups, the lock). Instances starting together
  // on a database that does need migrations still go through the Migrator and its lock below.
  if (options.upTo === undefined && status.pending.length === 0) return [];
  // A first start on an empty PostgreSQL database: the whole schema in one round trip (fresh-postgres.ts).
  if (
    options.upTo === undefined &&
    status.applied.length === 0 &&
    !db.isTransaction &&
    db.getExecutor().adapter instanceof PostgresAdapter
  ) {
    const created = await applyPostgresBaseline(db, MIGRATION_NAMES, new Date(), options.whileWaiting);
    if (created) return created;
  }
  const apply = (on: Kysely<any>) => {
    const migrator = new Migrator({ db: on, provider: { getMigrations: async () => migrations } });
    return options.upTo === undefined ? migrator.migrateToLatest() : migrator.migrateTo(options.upTo);
  };
  // Kysely runs SQLite's DDL statement by statement, each its own COMMIT — an fsync each under
  // synchronous = FULL, most of a first start (issue 17). SQLite's DDL is transactional (Kysely's
  // adapter just does not say so): one transaction holds them all. PostgreSQL: the Migrator's own.
  // The Migrator answers a failed migration with a result, never a throw: thrown here instead, so
  // that the transaction rolls back everything this run applied, not commit the statements that
  // ran before the failure (the next start would fail on them: a column already there).
  const { error, results } = db.getExecutor().adapter.supportsTransactionalDdl
    ? await apply(migratorDatabase(db))
    : await db
        .transaction()
        .execute(async (trx) => {
          const outcome = await apply(migratorDatabase(db, trx));
          if (outcome.error) throw new MigrationRolledBack(outcome);
          return outcome;
        })
        .catch((thrown: unknown) => {
          if (thrown instanceof MigrationRolledBack) return thrown.outcome;
          throw thrown;
        });
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
