/**
 * `mutateTransaction` (records/transactions.ts): the one way a payment changes. The row is locked,
 * the caller's pure `decide` looks at it, and everything the decision says — patch, saved card,
 * maintenance operations, feedback log, outbox events, session paid — is written in the same
 * database transaction, so a feedback, its effects and its webhooks are all there or none is.
 * On PostgreSQL that is two round trips (mutateTransactionPipelined, issue 17).
 */
import type PgModule from 'pg';
import {
  CompiledQuery,
  sql,
  type SelectQueryBuilder,
  type QueryCreator,
  type Selectable,
  type UpdateQueryBuilder,
  type UpdateResult,
} from 'kysely';
import type { CheckoutSessionTable, Database, Flag, MaintenanceOperationTable, TransactionTable, WebhookEventTable } from '../db/schema.ts';
import { HOLDS_MONEY_STATES, type PaymentState } from '../../shared/status.ts';
import { inlineParameters } from '../db/pg-inline-query.ts';
import { pgIsoText } from '../db/connect.ts';
import { newId } from '../ids.ts';
import { feedbackFingerprint, keptFeedbackParams, withoutCardHolder, withoutPersonalData } from '../feedback/log.ts';
import { storedFeedbackParams } from './feedback-params.ts';
import { packFeedbackParams } from './feedback-params-packing.ts';
import { feedbackCopyWrite, feedbackLogUnlessCopyWrite, feedbackLogWrite, firstReceipt, type RunQuery } from './feedback-log-writes.ts';
import { ShapeCache, type Shape, type SlotValues, type WriteBuilder } from './mutate-transaction-shapes.ts';
import { eventRows } from './outbox.ts';
import { fillSavedCard, forgetUnpaidCard, insertSavedCard } from './saved-card.ts';
import { awaitsPlatform } from './sync-claims.ts';
import type { MaintenanceOperationRecord } from './records/operations.ts';
import type { CheckoutSessionRecord } from './records/sessions.ts';
import type { MutateOptions, SeenFeedback, TransactionDecision, TransactionRecord, TransactionStore } from './records/transactions.ts';
import { otherCaller } from './records/feedback-log.ts';
import { operationPatchToRow, operationToRow, patchToRow, rowToEvent, rowToOperation, rowToSession, rowToTransaction } from './rows.ts';
import type { StoreContext } from './store-context.ts';

type TransactionRow = Selectable<TransactionTable>;
type PgPool = PgModule.Pool;
type Decide<R> = (
  current: TransactionRecord,
  session: CheckoutSessionRecord,
  operations: readonly MaintenanceOperationRecord[],
  seen: SeenFeedback,
) => TransactionDecision<R>;

/** What the locked read gives the decision: the row, its session, operations and newest event id. */
interface LockedRead {
  row: TransactionRow;
  sessionRow: Selectable<CheckoutSessionTable>;
  operationRows: Selectable<MaintenanceOperationTable>[];
  newestEventId: string | null;
  /** RETENTION_DAYS removed this payment's personal data (personalDataRemoved, below). */
  personalDataRemoved: boolean;
}

/**
 * Whether RETENTION_DAYS removed the payment's personal data: its session is redacted, or the
 * payment's own feedback rows are. The retention pass clears a payment's card holder and redacts
 * its feedback rows once the PAYMENT is past RETENTION_DAYS, but redacts its session only once the
 * SESSION expired that long ago — up to MAX_SESSION_SECONDS later (repository/personal-data.ts).
 * Read from the session alone, a replayed copy of the capture's feedback wrote the card holder
 * back in between and was logged `applied` (review r1640). The feedback rows' `redacted_at` is
 * the payment's own mark, no column of its own needed. A payment with no feedback row has none:
 * no replay can bring anything back, and what a first late answer writes goes when its session is
 * redacted, which walks its payments again (personal-data.ts).
 */
function personalDataRemoved(row: SessionQueryRow): boolean {
  return row.redacted_at != null || Boolean(row.feedback_redacted);
}

/**
 * The session, the payment's newest event id (new events must sort after it) and, on PostgreSQL,
 * its maintenance operations as JSON — one query for the three. Sent after the row lock was
 * granted (a statement of its own, so PostgreSQL reads with a snapshot taken after the lock), and
 * on PostgreSQL locking the session row (below).
 */
function sessionQuery(
  qc: QueryCreator<Database>,
  postgres: boolean,
  reference: string,
  sessionId: string | SelectQueryBuilder<Database, 'transactions', { session_id: string }>,
) {
  return (
    qc
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
            >`(select coalesce(json_agg(${OPERATION_JSON} order by o.id), '[]'::json) from maintenance_operations o where o.reference = ${reference})`.as(
              'operations_json',
            )
          : sql<null>`null`.as('operations_json'),
      )
      // The payment's own mark of RETENTION_DAYS (personalDataRemoved, above): an index range of
      // feedback_log's key (reference, …), a few rows.
      .select(
        sql<number | boolean>`exists (select 1 from "feedback_log" where "reference" = ${reference} and "redacted_at" is not null)`.as(
          'feedback_redacted',
        ),
      )
      // SQLite: whether there are operations to read at all (rare), instead of always a third query.
      .$if(!postgres, (q) =>
        q.select(sql<number>`exists (select 1 from "maintenance_operations" where "reference" = ${reference})`.as('has_operations')),
      )
      .where('id', '=', sessionId)
      // PostgreSQL: the session row's lock too, after the payment's (every payment change takes them
      // in that order). Two tabs paid at the same moment each hold only their own payment's lock;
      // without this both read the session open, and the one whose write did not mark it paid sent
      // a plain payment.captured before its duplicate was found (docs/ogone-protocol.md §8). The
      // second now waits for the first's commit and reads the session paid. NO KEY: a new attempt's
      // INSERT (its key share on the session) is not held up.
      .$if(postgres, (q) => q.forNoKeyUpdate())
  );
}

/**
 * An operation's row as JSON, its timestamps as the ISO-8601 text the server writes: JSON writes a
 * timestamptz (migration 0029) as `2026-12-05T15:00:00.123+00:00`, which is not how a row read
 * otherwise has it (db/connect.ts isoFromTimestamptz).
 */
const OPERATION_JSON = sql.raw(
  `to_jsonb(o) || jsonb_build_object(${['created_at', 'updated_at', 'reversed_at']
    .map((column) => `'${column}', ${pgIsoText(`o.${column}`)}`)
    .join(', ')})`,
);

type SessionQueryRow = Selectable<CheckoutSessionTable> & {
  newest_event_id: string | null;
  /** 1 / true: a feedback row of the payment is redacted (SQLite answers an integer, PostgreSQL a boolean). */
  feedback_redacted: number | boolean;
  operations_json: Selectable<MaintenanceOperationTable>[] | null;
  has_operations?: number;
};

function lockQuery(qc: QueryCreator<Database>, postgres: boolean, reference: string) {
  return qc
    .selectFrom('transactions')
    .selectAll()
    .where('reference', '=', reference)
    .$if(postgres, (q) => q.forUpdate());
}

/**
 * One common write of a decision, not yet run: `key` names its shape (its SQL text, whatever the
 * values), `values` fill the shape's slots.
 */
export interface PlannedWrite {
  /** The CTE's name on PostgreSQL. */
  name: string;
  key: string;
  values: SlotValues;
  build: WriteBuilder;
  /** SQLite: not run when the write before it changed a row (PostgreSQL's statement runs every write). */
  skipWhenPreviousChanged?: boolean;
}

export interface PlannedUpdate {
  key: string;
  values: SlotValues;
  /** The columns the UPDATE sets, with their values: the patch and updated_at. */
  columns: Readonly<Record<string, unknown>>;
  /** The UPDATE without RETURNING: PostgreSQL's combined statement adds it; SQLite has the row it read and `columns`. */
  build: (
    qc: QueryCreator<Database>,
    v: Readonly<Record<string, any>>,
  ) => UpdateQueryBuilder<Database, 'transactions', 'transactions', UpdateResult>;
}

/** The decision's writes, built but not run: the extra writes already run through `run`. */
export interface PlannedWrites<R> {
  result: R;
  /** A setup session's verification: whether its session's UPDATE, run first, marked it paid (undefined: not run first). */
  sessionMarked?: boolean | undefined;
  writes: PlannedWrite[];
  update: PlannedUpdate | undefined;
  newEventRows: Selectable<WebhookEventTable>[];
}

/* The common writes below (and feedback-log-writes.ts's) are exported for test/server/repository/mutate-transaction-shapes.test.ts. */
/** The session marked paid by this payment, only if still open (of several, exactly one wins). */
const sessionPaidUpdate = (q: QueryCreator<Database>, v: Readonly<Record<string, any>>) =>
  q
    .updateTable('checkout_sessions')
    .set({ status: 'paid', paid_reference: v.reference })
    .where('id', '=', v.sessionId)
    .where('status', '=', 'open');

export const sessionPaidWrite: WriteBuilder = sessionPaidUpdate;

/**
 * The session paid by this payment in place of its payment that holds no money any more
 * (feedback/session-role.ts). The session's row is this transaction's (its lock on
 * PostgreSQL, SQLite's one writer), so the condition holds as read.
 */
export const sessionTakenOverWrite: WriteBuilder = (q, v) =>
  q
    .updateTable('checkout_sessions')
    .set({ paid_reference: v.reference })
    .where('id', '=', v.sessionId)
    .where('status', '=', 'paid')
    .where('paid_reference', '=', v.from);

/** The outbox rows as one write: slots `<row>:<column>`, the shape keyed by row count and columns. */
export function eventsWrite(rows: Selectable<WebhookEventTable>[]): PlannedWrite {
  const columns = Object.keys(rows[0]!) as Array<keyof Selectable<WebhookEventTable>>;
  const values: Record<string, unknown> = {};
  rows.forEach((row, i) => {
    for (const column of columns) values[`${i}:${column}`] = row[column];
  });
  return {
    name: 'events_added',
    key: `events_added:${rows.length}:${columns.join(',')}`,
    values,
    build: (q, v) =>
      q
        .insertInto('webhook_events')
        .values(rows.map((_, i) => Object.fromEntries(columns.map((column) => [column, v[`${i}:${column}`]])) as never)),
  };
}

/** The CTE of the session marked paid by this payment (sessionPaidWrite) in PostgreSQL's combined statement. */
const SESSION_PAID = 'session_paid';

/**
 * The row's patch: slots by column, the shape keyed by the columns it sets. `unlessSessionPaid`
 * (PostgreSQL's combined statement, with the SESSION_PAID write): should that write change no row —
 * another payment of the session marked it paid meanwhile, both having read it open (two tabs
 * paid at the same moment: each holds only its own row's lock) — this payment is a second paid
 * one, and its own write leaves it to the reconciler (sync_needed), as decide.ts does when it
 * reads the session paid already: a process killed before the duplicate review still gives it back.
 */
export function updateWrite(reference: string, patch: Record<string, unknown>, now: string, unlessSessionPaid = false): PlannedUpdate {
  const columns = [...Object.keys(patch), 'updated_at'];
  return {
    key: `update:${columns.join(',')}${unlessSessionPaid ? '|unless_session_paid' : ''}`,
    values: { ...patch, updated_at: now, $reference: reference },
    columns: { ...patch, updated_at: now },
    build: (q, v) => {
      const set: Record<string, unknown> = Object.fromEntries(columns.map((column) => [column, v[column]]));
      if (unlessSessionPaid) {
        const own = 'sync_needed' in patch ? sql`${v.sync_needed}` : sql.ref('sync_needed');
        set.sync_needed = sql`case when exists (select 1 from ${sql.table(SESSION_PAID)}) then ${own} else 1 end`;
      }
      return q.updateTable('transactions').set(set).where('reference', '=', v.$reference);
    },
  };
}

/**
 * This payment's view in an event (payments/views.ts transactionView) as its row reads once the
 * change is written: updated now, and unflagged when the write clears needs_attention (above). The
 * deciders build it from the row before: a `payment.captured` said the previous change's
 * updatedAt, and `needsAttention: true` that the same write cleared (review r1010).
 */
function viewAsWritten(data: unknown, written: { reference: string; now: string; attentionCleared: boolean }): unknown {
  if (typeof data !== 'object' || data === null) return data;
  const view = data as Record<string, unknown>;
  if (view.reference !== written.reference || !('state' in view) || !('updatedAt' in view)) return data;
  return { ...view, updatedAt: written.now, ...(written.attentionCleared && 'needsAttention' in view ? { needsAttention: false } : {}) };
}

/** A payment patch without the shopper's personal data (the columns RETENTION_DAYS clears). */
function withoutPersonalFields(patch: Partial<TransactionRecord>): Partial<TransactionRecord> {
  const { cardHolder: _cardHolder, customerEmail: _customerEmail, ...rest } = patch;
  return rest;
}

/**
 * The caller's pure `decide`, then what it says: the saved card and maintenance operations (rare,
 * run at once through `run`), and the common writes — session paid, feedback log, outbox events,
 * the row's patch — returned for the caller to send (one statement on PostgreSQL).
 */
async function decideAndPlan<R>(
  { clock, postgres, livemode: storeLivemode }: StoreContext,
  qc: QueryCreator<Database>,
  run: RunQuery,
  reference: string,
  read: LockedRead,
  before: TransactionRecord,
  decide: Decide<R>,
  options: MutateOptions = {},
): Promise<PlannedWrites<R>> {
  // Only a payment with operations needs it (with-operations.ts): one more statement on that rare path.
  const copy = options.feedbackCopy && read.operationRows.length > 0 ? options.feedbackCopy() : undefined;
  const firstReceivedAt = copy === undefined ? null : await firstReceipt(qc, run, reference, copy);
  const session = rowToSession(read.sessionRow);
  // A session another payment paid (two tabs, rare): whether that one still holds the money decides
  // whether this one is its duplicate, announced as such in the events written here
  // (feedback/decide.ts; docs/ogone-protocol.md §8). One statement on that path only.
  const paidByOther = session.status === 'paid' && session.paidReference !== null && session.paidReference !== reference;
  const seen: SeenFeedback = { firstReceivedAt, ...(read.personalDataRemoved ? { personalDataRemoved: true } : {}) };
  if (paidByOther) Object.assign(seen, await sessionPayment(qc, run, session.id, session.paidReference!, reference));
  const decision = decide(before, session, read.operationRows.map(rowToOperation), seen);
  const now = clock.now().toISOString();
  // Its events and saved card were made for the payment's platform (migration 0023), whatever
  // this server's setting is now: a test payment queried after going live stays a test one.
  const livemode: Flag = before.livemode === undefined ? storeLivemode : before.livemode ? 1 : 0;
  // RETENTION_DAYS removed this payment's personal data (its feedback rows or its session are
  // redacted, personalDataRemoved above): a late answer — a back-office refund's feedback, a
  // query, a replayed copy — does not write the shopper's name, e-mail or IP back, since no later
  // pass walks this payment again.
  const redacted = read.personalDataRemoved;
  const patch = decision.patch ? patchToRow(redacted ? withoutPersonalFields(decision.patch) : decision.patch) : {};
  // A draft held back from the reconciler for a while (deferSync, docs/ogone-protocol.md §9) is due
  // again as soon as it leaves draft: a pending or uncertain payment is never held back.
  if (patch.state !== undefined && patch.state !== before.state && before.state === 'draft') patch.sync_lease_until = null;
  // A payment flagged for a person (reconciler/attention.ts) that a late feedback or a sync asked
  // by hand has since resolved needs none: kept, the dashboard still said "check it in the back
  // office" and the alerting gauge stayed above 0 for good.
  if (before.needsAttention && decision.patch && !awaitsPlatform({ ...before, ...decision.patch })) patch.needs_attention = 0;
  const drafts = [...(decision.events ?? [])];
  if (redacted) for (let i = 0; i < drafts.length; i++) drafts[i] = { ...drafts[i]!, data: withoutCardHolder(drafts[i]!.data) };
  if (Object.keys(patch).length > 0) {
    const written = { reference, now, attentionCleared: patch.needs_attention === 0 };
    for (let i = 0; i < drafts.length; i++) drafts[i] = { ...drafts[i]!, data: viewAsWritten(drafts[i]!.data, written) };
  }
  // Whether the session's UPDATE, when it ran here already (a setup session's card, below), marked it.
  let sessionMarked: boolean | undefined;
  if (decision.alias?.onlyIfSessionCompletes) {
    // Exactly one of concurrent verifications passes the UPDATE's `status = 'open'` (PostgreSQL
    // re-checks it on the row another just wrote): that one records its card.
    const marked = await run(sessionPaidUpdate(qc, { reference, sessionId: before.sessionId }).returning('id'));
    sessionMarked = marked.length > 0;
    if (!sessionMarked) delete decision.alias;
  }
  if (decision.alias) drafts.push(...(await insertSavedCard(qc, run, postgres, decision.alias, now, livemode, storeLivemode)));
  if (decision.forgetCard) await forgetUnpaidCard(qc, run, reference, decision.forgetCard, now);
  if (decision.fillSavedCard)
    drafts.push(
      ...(await fillSavedCard(
        qc,
        run,
        postgres,
        reference,
        redacted ? { ...decision.fillSavedCard, cardHolder: null } : decision.fillSavedCard,
        now,
        livemode,
        storeLivemode,
      )),
    );
  for (const operation of decision.operations?.insert ?? []) {
    await run(qc.insertInto('maintenance_operations').values(operationToRow(operation)));
  }
  for (const { id, patch: change } of decision.operations?.update ?? []) {
    const row = operationPatchToRow(change, now);
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

  const newEventRows = eventRows(drafts, read.newestEventId, clock, livemode);
  const writes: PlannedWrite[] = [];
  const sessionPaidPlanned = decision.markSessionPaid === true && sessionMarked === undefined;
  if (sessionPaidPlanned) {
    writes.push({ name: SESSION_PAID, key: SESSION_PAID, values: { reference, sessionId: before.sessionId }, build: sessionPaidWrite });
  }
  if (decision.takeOverSessionFrom !== undefined) {
    writes.push({
      name: 'session_taken_over',
      key: 'session_taken_over',
      values: { reference, sessionId: before.sessionId, from: decision.takeOverSessionFrom },
      build: sessionTakenOverWrite,
    });
  }
  if (decision.feedback) {
    const feedback = decision.feedback;
    // Only SHA-OUT-listed parameters, capped; an exact repeat is counted on its first row
    // (docs/ogone-protocol.md §5), atomically whichever instance receives it.
    const kept = keptFeedbackParams(feedback.params);
    const values = {
      id: newId('fb'),
      reference,
      now,
      channel: feedback.channel,
      status: feedback.status,
      outcome: feedback.outcome,
      // CN, EMAIL and IP as JSON, the rest packed (feedback-params-packing.ts, migration 0028).
      ...packFeedbackParams(storedFeedbackParams(redacted ? withoutPersonalData(kept) : kept, reference, feedback.status)),
      // Of every kept parameter, as a redacted row keeps its own: a replay is still counted on it.
      paramsHash: feedbackFingerprint(kept),
    };
    // A feedback that changed nothing may be the other caller's copy of the applied one: counted
    // on that row if it is (docs/ogone-protocol.md §5), logged as before if not.
    const otherChannel = feedback.outcome === 'unchanged' ? otherCaller(feedback.channel) : undefined;
    if (otherChannel) {
      writes.push({
        name: 'feedback_copied',
        key: 'feedback_copied',
        values: { reference, now, otherChannel, paramsHash: values.paramsHash },
        build: feedbackCopyWrite,
      });
      writes.push({
        name: 'feedback_logged',
        key: 'feedback_logged_unless_copy',
        values: { ...values, otherChannel },
        build: feedbackLogUnlessCopyWrite(postgres),
        skipWhenPreviousChanged: true,
      });
    } else {
      writes.push({ name: 'feedback_logged', key: 'feedback_logged', values, build: feedbackLogWrite });
    }
  }
  if (newEventRows.length > 0) writes.push(eventsWrite(newEventRows));
  const update =
    Object.keys(patch).length === 0
      ? undefined
      : updateWrite(reference, patch, now, postgres && sessionPaidPlanned && read.sessionRow.status === 'open');
  return { result: decision.result, sessionMarked, writes, update, newEventRows };
}

/**
 * The state of the session's paid payment (null when there is no such payment) and whether another
 * of its payments — not that one, not `reference` — holds money the merchant keeps (not a duplicate
 * being given back), read without their locks: one
 * statement, after the session's lock (PostgreSQL: a snapshot of its own), on that rare path only.
 */
async function sessionPayment(
  qc: QueryCreator<Database>,
  run: RunQuery,
  sessionId: string,
  paidReference: string,
  reference: string,
): Promise<Pick<SeenFeedback, 'sessionPaymentState' | 'otherPaymentHoldsMoney'>> {
  const rows = (await run(
    qc.selectNoFrom((eb) => [
      eb.selectFrom('transactions').select('state').where('reference', '=', paidReference).as('state'),
      eb
        .exists(
          eb
            .selectFrom('transactions')
            .select(sql<number>`1`.as('one'))
            .where('session_id', '=', sessionId)
            .where('reference', 'not in', [paidReference, reference])
            .where('state', 'in', [...HOLDS_MONEY_STATES])
            // Not a duplicate being given back (review r1436): its money goes back to the shopper.
            // Only once a refund or cancel of it is on its way or done: one whose give-back failed
            // (refused, its tries spent) or is not sent yet still holds the money. One flagged
            // before migration 0034 with no action known counts as kept.
            .where((w) =>
              w.or([
                w('duplicate_of', 'is', null),
                w('duplicate_action', 'is', null),
                w('duplicate_action', '=', 'keep'),
                w.not(
                  w.exists(
                    w
                      .selectFrom('maintenance_operations as o')
                      .select(sql<number>`1`.as('one'))
                      .whereRef('o.reference', '=', 'transactions.reference')
                      .where('o.kind', 'in', ['refund', 'cancel'])
                      .where('o.status', '<>', 'failed'),
                  ),
                ),
              ]),
            ),
        )
        .as('others_hold'),
    ]),
  )) as Array<{ state: PaymentState | null; others_hold: boolean | number }>;
  const row = rows[0];
  return { sessionPaymentState: row?.state ?? null, otherPaymentHoldsMoney: row?.others_hold === true || Number(row?.others_hold) === 1 };
}

/** What mutateTransaction answers once the writes are committed (both executors). */
function outcomeOf(before: TransactionRecord, after: TransactionRecord, planned: PlannedWrites<unknown>) {
  return { before, after, result: planned.result, events: planned.newEventRows.map(rowToEvent), sessionMarked: planned.sessionMarked };
}

/** `values` with each name prefixed, so that the slots of several writes in one statement stay apart. */
function prefixed(prefix: string, values: SlotValues, into: Record<string, unknown>): void {
  for (const name in values) into[`${prefix}.${name}`] = values[name];
}

/** The slots of one write, read back from the combined statement's prefixed ones. */
function slotsOf(prefix: string, names: string[], v: Readonly<Record<string, any>>): Record<string, any> {
  const out: Record<string, any> = {};
  for (const name of names) out[name] = v[`${prefix}.${name}`];
  return out;
}

/**
 * The common writes as one PostgreSQL statement: data-modifying CTEs, each run exactly once in
 * the same transaction, the row's update (if any) the main statement. Undefined: nothing to write.
 */
export function combinedWrite(
  shapes: ShapeCache,
  db: QueryCreator<Database>,
  planned: PlannedWrites<unknown>,
): { shape: Shape; values: SlotValues } | undefined {
  const { writes, update } = planned;
  if (!update && writes.length === 0) return undefined;
  const values: Record<string, unknown> = {};
  for (const write of writes) prefixed(write.name, write.values, values);
  if (update) prefixed('update', update.values, values);
  const key = `combined|${writes.map((write) => write.key).join('|')}|${update?.key ?? ''}`;
  const shape = shapes.get(key, Object.keys(values), (v) => {
    let creator = db;
    for (const write of writes) {
      const own = slotsOf(write.name, Object.keys(write.values), v);
      creator = creator.with(write.name, (q) =>
        (write.build(q as QueryCreator<Database>, own) as any).returning(sql<number>`1`.as('done')),
      ) as never;
    }
    if (update) return update.build(creator, slotsOf('update', Object.keys(update.values), v)).returningAll();
    return creator.selectNoFrom(sql<number>`1`.as('done'));
  });
  return { shape, values };
}

/**
 * The locked read's two statements, compiled once (mutate-transaction-shapes.ts): the row, and
 * its session with the newest event id and the operations (or whether there are any, SQLite).
 * `sessionByReference`: the session found through the payment's row, in the same string as the
 * lock (PostgreSQL's pipelined path), rather than by the id the row gave.
 */
function lockShape(shapes: ShapeCache, db: QueryCreator<Database>, postgres: boolean): Shape {
  return shapes.get('lock', ['reference'], (v) => lockQuery(db, postgres, v.reference));
}

function sessionShape(shapes: ShapeCache, db: QueryCreator<Database>, postgres: boolean, sessionByReference: boolean): Shape {
  return sessionByReference
    ? shapes.get('session_by_reference', ['reference'], (v) =>
        sessionQuery(db, postgres, v.reference, db.selectFrom('transactions').select('session_id').where('reference', '=', v.reference)),
      )
    : shapes.get('session', ['reference', 'sessionId'], (v) => sessionQuery(db, postgres, v.reference, v.sessionId));
}

export function mutateTransaction(context: StoreContext): TransactionStore['mutateTransaction'] {
  const { db, postgres, pgPool } = context;
  const shapes = new ShapeCache();
  if (postgres && pgPool) return mutateTransactionPipelined(context, pgPool, shapes);
  return async (reference, decide, options) => {
    return db.transaction().execute(async (trx) => {
      const run: RunQuery = async (query) => (await trx.executeQuery(query.compile())).rows;
      const runShape = async <T>(shape: Shape, values: SlotValues): Promise<T[]> =>
        (await trx.executeQuery<T>(CompiledQuery.raw(shape.sql, shape.parameters(values)))).rows;
      const row = (await runShape<TransactionRow>(lockShape(shapes, db, postgres), { reference }))[0];
      if (!row) return undefined;
      const before = rowToTransaction(row);
      const [found] = await runShape<SessionQueryRow>(sessionShape(shapes, db, postgres, false), {
        reference,
        sessionId: before.sessionId,
      });
      if (!found) throw new Error(`no checkout session ${before.sessionId} for payment ${reference}`);
      // The row itself stands for the session's (rowToSession reads the session's columns): no
      // copy without the three extra columns.
      const { newest_event_id: newestEventId, operations_json: operationsJson, has_operations: hasOperations } = found;
      const sessionRow: Selectable<CheckoutSessionTable> = found;
      const operationRows =
        operationsJson ??
        (hasOperations === 0
          ? []
          : await trx.selectFrom('maintenance_operations').selectAll().where('reference', '=', reference).orderBy('id').execute());
      const read: LockedRead = {
        row,
        sessionRow,
        operationRows,
        newestEventId: newestEventId ?? null,
        personalDataRemoved: personalDataRemoved(found),
      };
      const planned = await decideAndPlan(context, trx, run, reference, read, before, decide as Decide<unknown>, options);
      let after = before;
      if (postgres) {
        const combined = combinedWrite(shapes, db, planned);
        if (combined) {
          const [updated] = await runShape<TransactionRow>(combined.shape, combined.values);
          if (planned.update) after = rowToTransaction(updated!);
        }
      } else {
        const { update } = planned;
        if (update) {
          // A plain UPDATE, and the row after it is the row read under the lock with the columns
          // it set: SQLite runs an UPDATE … RETURNING through a temporary table (27 µs with the
          // temporary store in memory, db/connect.ts), and reading the row again was a statement
          // of its own (issue 17). Nothing else writes the row meanwhile — this transaction holds
          // SQLite's one write lock — no trigger or generated column changes it, and the values
          // read back are the ones bound (the patch's types are its columns' types, rows.ts), so
          // the record is the same; test/server/repository/mutate-transaction.test.ts compares it
          // with a read after the commit.
          await runShape(
            shapes.get(update.key, Object.keys(update.values), (v) => update.build(db, v)),
            update.values,
          );
          after = rowToTransaction({ ...row, ...update.columns });
        }
        let previousChanged = false;
        for (const write of planned.writes) {
          if (write.skipWhenPreviousChanged && previousChanged) {
            previousChanged = false;
            continue;
          }
          const shape = shapes.get(write.key, Object.keys(write.values), (v) => write.build(db, v));
          const result = await trx.executeQuery(CompiledQuery.raw(shape.sql, shape.parameters(write.values)));
          previousChanged = Number(result.numAffectedRows ?? 0) > 0;
        }
      }
      return outcomeOf(before, after, planned) as never;
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
function mutateTransactionPipelined(context: StoreContext, pool: PgPool, shapes: ShapeCache): TransactionStore['mutateTransaction'] {
  const { db } = context;
  return async (reference, decide, options) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      const locked = await client.query(
        [
          'begin',
          inlineShape(lockShape(shapes, db, true), { reference }),
          inlineShape(sessionShape(shapes, db, true, true), { reference }),
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
      const { newest_event_id: newestEventId, operations_json: operationsJson } = found;
      const sessionRow: Selectable<CheckoutSessionTable> = found;
      const before = rowToTransaction(row);
      const run: RunQuery = async (query) => {
        const compiled = query.compile();
        return (await client.query(compiled.sql, compiled.parameters as unknown[])).rows as never;
      };
      const read: LockedRead = {
        row,
        sessionRow,
        operationRows: operationsJson ?? [],
        newestEventId: newestEventId ?? null,
        personalDataRemoved: personalDataRemoved(found),
      };
      const planned = await decideAndPlan(context, db, run, reference, read, before, decide as Decide<unknown>, options);
      const combined = combinedWrite(shapes, db, planned);
      let after = before;
      if (combined) {
        const results = (await client.query(`${inlineShape(combined.shape, combined.values)}; commit`)) as unknown as Array<{
          rows: unknown[];
        }>;
        if (planned.update) after = rowToTransaction(results[0]!.rows[0] as TransactionRow);
      } else {
        await client.query('commit');
      }
      return outcomeOf(before, after, planned) as never;
    } catch (error) {
      // As Kysely's transaction does: roll back, and drop a connection that cannot even do that.
      await client.query('rollback').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  };
}

/** A shape's SQL with `values` written in as literals (one simple query of several statements). */
function inlineShape(shape: Shape, values: SlotValues): string {
  return inlineParameters({ sql: shape.sql, parameters: shape.parameters(values) });
}
