/**
 * `mutateTransaction` (records/transactions.ts): the one way a payment changes. The row is locked,
 * the caller's pure `decide` looks at it, and everything the decision says — patch, saved card,
 * maintenance operations, feedback log, outbox events, session paid — is written in the same
 * database transaction, so a feedback, its effects and its webhooks are all there or none is.
 * On PostgreSQL that is two round trips (mutateTransactionPipelined, issue 17).
 */
import type PgModule from 'pg';
import {
  sql,
  type Compilable,
  type SelectQueryBuilder,
  type InsertQueryBuilder,
  type InsertResult,
  type QueryCreator,
  type Selectable,
  type UpdateQueryBuilder,
  type UpdateResult,
} from 'kysely';
import type { CheckoutSessionTable, Database, MaintenanceOperationTable, TransactionTable, WebhookEventTable } from '../db/schema.ts';
import { inlineParameters } from '../db/pg-inline-query.ts';
import { newId } from '../ids.ts';
import { feedbackFingerprint, keptFeedbackParams } from '../feedback/log.ts';
import { eventRows } from './outbox.ts';
import type { MaintenanceOperationRecord } from './records/operations.ts';
import type { CheckoutSessionRecord } from './records/sessions.ts';
import type { TransactionDecision, TransactionRecord, TransactionStore } from './records/transactions.ts';
import {
  operationPatchToRow,
  operationToRow,
  patchToRow,
  rowToAlias,
  rowToEvent,
  rowToOperation,
  rowToSession,
  rowToTransaction,
} from './rows.ts';
import type { StoreContext } from './store-context.ts';

/** A write of mutateTransaction's last step (run alone on SQLite, as a CTE on PostgreSQL). */
type WriteQuery = InsertQueryBuilder<Database, any, InsertResult> | UpdateQueryBuilder<Database, any, any, UpdateResult>;
type TransactionRow = Selectable<TransactionTable>;
type PgPool = PgModule.Pool;
type Decide<R> = (
  current: TransactionRecord,
  session: CheckoutSessionRecord,
  operations: readonly MaintenanceOperationRecord[],
) => TransactionDecision<R>;

/** What the locked read gives the decision: the row, its session, operations and newest event id. */
interface LockedRead {
  row: TransactionRow;
  sessionRow: Selectable<CheckoutSessionTable>;
  operationRows: Selectable<MaintenanceOperationTable>[];
  newestEventId: string | null;
}

/** Runs one compiled query inside the mutation's database transaction. */
type RunQuery = <R>(query: Compilable<R>) => Promise<R[]>;

/**
 * The session, the payment's newest event id (new events must sort after it) and, on PostgreSQL,
 * its maintenance operations as JSON — one query for the three. Sent after the row lock was
 * granted (a statement of its own, so PostgreSQL reads with a snapshot taken after the lock).
 */
function sessionQuery(
  qc: QueryCreator<Database>,
  postgres: boolean,
  reference: string,
  sessionId: string | SelectQueryBuilder<Database, 'transactions', { session_id: string }>,
) {
  return qc
    .selectFrom('checkout_sessions')
    .selectAll('checkout_sessions')
    .select((eb) =>
      eb
        .selectFrom('webhook_events')
        .select((e) => e.fn.max('id').as('id'))
        .where('reference', '=', reference)
        .as('newest_event_id'),
    )
    .select(
      postgres
        ? sql<
            Selectable<MaintenanceOperationTable>[] | null
          >`(select coalesce(json_agg(o order by o.id), '[]'::json) from maintenance_operations o where o.reference = ${reference})`.as(
            'operations_json',
          )
        : sql<null>`null`.as('operations_json'),
    )
    .where('id', '=', sessionId);
}

type SessionQueryRow = Selectable<CheckoutSessionTable> & {
  newest_event_id: string | null;
  operations_json: Selectable<MaintenanceOperationTable>[] | null;
};

function lockQuery(qc: QueryCreator<Database>, postgres: boolean, reference: string) {
  return qc
    .selectFrom('transactions')
    .selectAll()
    .where('reference', '=', reference)
    .$if(postgres, (q) => q.forUpdate());
}

/** The decision's writes, built but not run: the extra writes already run through `run`. */
interface PlannedWrites<R> {
  result: R;
  writes: Array<[string, (qc: QueryCreator<Database>) => WriteQuery]>;
  update: ((qc: QueryCreator<Database>) => Compilable<TransactionRow>) | undefined;
  newEventRows: Selectable<WebhookEventTable>[];
}

/**
 * The caller's pure `decide`, then what it says: the saved card and maintenance operations (rare,
 * run at once through `run`), and the common writes — session paid, feedback log, outbox events,
 * the row's patch — returned for the caller to send (one statement on PostgreSQL).
 */
async function decideAndPlan<R>(
  { clock }: StoreContext,
  qc: QueryCreator<Database>,
  run: RunQuery,
  reference: string,
  read: LockedRead,
  before: TransactionRecord,
  decide: Decide<R>,
): Promise<PlannedWrites<R>> {
  const decision = decide(before, rowToSession(read.sessionRow), read.operationRows.map(rowToOperation));
  const now = clock.now().toISOString();
  const patch = decision.patch ? patchToRow(decision.patch) : {};
  // A draft held back from the reconciler for a while (deferSync, docs/ogone-protocol.md §9) is due
  // again as soon as it leaves draft: a pending or uncertain payment is never held back.
  if (patch.state !== undefined && patch.state !== before.state && before.state === 'draft') patch.sync_lease_until = null;
  const drafts = [...(decision.events ?? [])];
  if (decision.alias) {
    const inserted = await run(
      qc
        .insertInto('aliases')
        .values({
          id: newId('alias'),
          customer_id: decision.alias.record.customerId,
          alias: decision.alias.record.alias,
          brand: decision.alias.record.brand,
          card_number: decision.alias.record.cardNumber,
          last4: decision.alias.record.last4,
          expiry: decision.alias.record.expiry,
          card_holder: decision.alias.record.cardHolder,
          reference: decision.alias.record.reference,
          created_at: now,
          deleted_at: null,
        })
        .onConflict((oc) => oc.column('alias').doNothing())
        .returningAll(),
    );
    const created = inserted[0];
    if (created && decision.alias.event) drafts.push(decision.alias.event(rowToAlias(created)));
    if (created && decision.alias.moreEvents) drafts.push(...decision.alias.moreEvents(rowToAlias(created)));
  }
  for (const operation of decision.operations?.insert ?? []) {
    await run(qc.insertInto('maintenance_operations').values(operationToRow(operation)));
  }
  for (const { id, patch: change } of decision.operations?.update ?? []) {
    const row = operationPatchToRow(change);
    if (Object.keys(row).length > 0) {
      await run(
        qc
          .updateTable('maintenance_operations')
          .set({ ...row, updated_at: now })
          .where('id', '=', id)
          .where('reference', '=', reference),
      );
    }
  }

  const newEventRows = eventRows(drafts, read.newestEventId, clock);
  const writes: PlannedWrites<R>['writes'] = [];
  if (decision.markSessionPaid) {
    writes.push([
      'session_paid',
      (q) =>
        q
          .updateTable('checkout_sessions')
          .set({ status: 'paid', paid_reference: reference })
          .where('id', '=', before.sessionId)
          .where('status', '=', 'open'),
    ]);
  }
  if (decision.feedback) {
    const feedback = decision.feedback;
    // Only SHA-OUT-listed parameters, capped; an exact repeat is counted on its first row
    // (docs/ogone-protocol.md §5), atomically whichever instance receives it.
    const kept = keptFeedbackParams(feedback.params);
    writes.push([
      'feedback_logged',
      (q) =>
        q
          .insertInto('feedback_log')
          .values({
            id: newId('fb'),
            reference,
            received_at: now,
            channel: feedback.channel,
            status: feedback.status,
            outcome: feedback.outcome,
            params_json: JSON.stringify(kept),
            params_hash: feedbackFingerprint(kept),
            repeat_count: 0,
            last_received_at: now,
          })
          .onConflict((oc) =>
            oc.columns(['reference', 'channel', 'params_hash']).doUpdateSet((eb) => ({
              repeat_count: eb(eb.ref('feedback_log.repeat_count'), '+', 1),
              last_received_at: eb.ref('excluded.last_received_at'),
            })),
          ),
    ]);
  }
  if (newEventRows.length > 0) writes.push(['events_added', (q) => q.insertInto('webhook_events').values(newEventRows)]);
  const update =
    Object.keys(patch).length === 0
      ? undefined
      : (q: QueryCreator<Database>) =>
          q
            .updateTable('transactions')
            .set({ ...patch, updated_at: now })
            .where('reference', '=', reference)
            .returningAll();
  return { result: decision.result, writes, update, newEventRows };
}

/**
 * The common writes as one PostgreSQL statement: data-modifying CTEs, each run exactly once in
 * the same transaction, the row's update (if any) the main statement. Undefined: nothing to write.
 */
function combinedWrite(
  qc: QueryCreator<Database>,
  planned: PlannedWrites<unknown>,
): Compilable<TransactionRow | { done: number }> | undefined {
  let creator = qc;
  for (const [name, write] of planned.writes)
    creator = creator.with(name, (q) => (write(q as QueryCreator<Database>) as any).returning(sql<number>`1`.as('done'))) as never;
  if (planned.update) return planned.update(creator);
  if (planned.writes.length > 0) return creator.selectNoFrom(sql<number>`1`.as('done'));
  return undefined;
}

export function mutateTransaction(context: StoreContext): TransactionStore['mutateTransaction'] {
  const { db, postgres, pgPool } = context;
  if (postgres && pgPool) return mutateTransactionPipelined(context, pgPool);
  return async (reference, decide) => {
    return db.transaction().execute(async (trx) => {
      const run: RunQuery = async (query) => (await trx.executeQuery(query.compile())).rows;
      const row = (await run(lockQuery(trx, postgres, reference)))[0];
      if (!row) return undefined;
      const before = rowToTransaction(row);
      const [found] = (await run(sessionQuery(trx, postgres, reference, before.sessionId))) as SessionQueryRow[];
      if (!found) throw new Error(`no checkout session ${before.sessionId} for payment ${reference}`);
      const { newest_event_id: newestEventId, operations_json: operationsJson, ...sessionRow } = found;
      const operationRows =
        operationsJson ??
        (await trx.selectFrom('maintenance_operations').selectAll().where('reference', '=', reference).orderBy('id').execute());
      const read: LockedRead = { row, sessionRow, operationRows, newestEventId: newestEventId ?? null };
      const planned = await decideAndPlan(context, trx, run, reference, read, before, decide as Decide<unknown>);
      let after = before;
      if (postgres) {
        const combined = combinedWrite(trx, planned);
        if (combined) {
          const [updated] = await run(combined);
          if (planned.update) after = rowToTransaction(updated as TransactionRow);
        }
      } else {
        if (planned.update) after = rowToTransaction((await run(planned.update(trx)))[0]!);
        for (const [, write] of planned.writes) await run(write(trx));
      }
      return { before, after, result: planned.result, events: planned.newEventRows.map(rowToEvent) } as never;
    });
  };
}

/**
 * PostgreSQL in two round trips instead of five (issue 17), with the same guarantees: one
 * simple-query string `BEGIN; SELECT … FOR UPDATE; SELECT <session>` takes the row lock and then
 * reads the session with a snapshot of its own, taken after the lock was granted (READ COMMITTED:
 * one snapshot per statement); the decision is made here; then `WITH <writes> UPDATE …; COMMIT`
 * in one string, answered only once the COMMIT returned. The rare writes (a saved card, the
 * maintenance operations) are statements of their own in between.
 */
function mutateTransactionPipelined(context: StoreContext, pool: PgPool): TransactionStore['mutateTransaction'] {
  const { db } = context;
  return async (reference, decide) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      const locked = await client.query(
        [
          'begin',
          inlineParameters(lockQuery(db, true, reference).compile()),
          inlineParameters(
            sessionQuery(
              db,
              true,
              reference,
              db.selectFrom('transactions').select('session_id').where('reference', '=', reference),
            ).compile(),
          ),
        ].join('; '),
      );
      const [, lockResult, sessionResult] = locked as unknown as Array<{ rows: unknown[] }>;
      const row = lockResult!.rows[0] as TransactionRow | undefined;
      if (!row) {
        await client.query('commit');
        return undefined;
      }
      const found = sessionResult!.rows[0] as SessionQueryRow | undefined;
      if (!found) throw new Error(`no checkout session for payment ${reference}`);
      const { newest_event_id: newestEventId, operations_json: operationsJson, ...sessionRow } = found;
      const before = rowToTransaction(row);
      const run: RunQuery = async (query) => {
        const compiled = query.compile();
        return (await client.query(compiled.sql, compiled.parameters as unknown[])).rows as never;
      };
      const read: LockedRead = { row, sessionRow, operationRows: operationsJson ?? [], newestEventId: newestEventId ?? null };
      const planned = await decideAndPlan(context, db, run, reference, read, before, decide as Decide<unknown>);
      const combined = combinedWrite(db, planned);
      let after = before;
      if (combined) {
        const results = (await client.query(`${inlineParameters(combined.compile())}; commit`)) as unknown as Array<{ rows: unknown[] }>;
        if (planned.update) after = rowToTransaction(results[0]!.rows[0] as TransactionRow);
      } else {
        await client.query('commit');
      }
      return { before, after, result: planned.result, events: planned.newEventRows.map(rowToEvent) } as never;
    } catch (error) {
      // As Kysely's transaction does: roll back, and drop a connection that cannot even do that.
      await client.query('rollback').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  };
}
