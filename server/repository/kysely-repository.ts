/**
 * The repository over Kysely, for SQLite and PostgreSQL alike. The only dialect difference is
 * row locking: PostgreSQL takes `FOR UPDATE` (and `SKIP LOCKED` for the outbox); SQLite has one
 * writer at a time and our transactions start with `BEGIN IMMEDIATE` (see db/group-commit.ts).
 */
import { sql, type ExpressionBuilder, type InsertQueryBuilder, type InsertResult, type Selectable, type Kysely, type QueryCreator, type Transaction, type UpdateQueryBuilder, type UpdateResult } from 'kysely';
import type { Clock } from '../clock.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import type { Database, MaintenanceOperationTable, WebhookEventTable } from '../db/schema.ts';
import { idTime, newId } from '../ids.ts';
import { feedbackFingerprint, keptFeedbackParams, withoutCardHolder, withoutPersonalData } from '../feedback/log.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { aliasDeletionMethods } from './alias-deletions.ts';
import {
  buttonToRow, operationPatchToRow, operationToRow, patchToRow, rowToAlias, rowToOperation, rowToAttempt, rowToButton, rowToEvent, rowToFeedback, rowToSession, rowToTransaction,
  sessionToRow, transactionToRow,
} from './rows.ts';
import type {
  AliasRecord, EventDraft, IdempotencyReservation, Page, Repository, TransactionFilter, WebhookAttemptRecord, WebhookEventRecord,
} from './types.ts';

/** A write of mutateTransaction's last step (run alone on SQLite, as a CTE on PostgreSQL). */
type WriteQuery = InsertQueryBuilder<Database, any, InsertResult> | UpdateQueryBuilder<Database, any, any, UpdateResult>;

export interface RepositoryOptions {
  clock: Clock;
}

function page<T>(rows: T[], limit: number, cursorOf: (last: T) => string[]): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}

/**
 * A payment the reconciler should query (docs/ogone-protocol.md §9): last STATUS unresolved, or
 * flagged syncNeeded, and unchanged since `changedBefore` — or an attempt still in draft since
 * before `draftsCreatedBefore` (a lost feedback must not leave a paid order in draft).
 */
function syncCandidate(
  eb: ExpressionBuilder<Database, 'transactions'>,
  { statuses, changedBefore, draftsCreatedBefore }: { statuses: readonly number[]; changedBefore: string; draftsCreatedBefore?: string | undefined },
) {
  const unresolved = eb.and([eb.or([eb('last_status', 'in', [...statuses]), eb('sync_needed', '=', 1)]), eb('updated_at', '<=', changedBefore)]);
  if (draftsCreatedBefore === undefined) return unresolved;
  return eb.or([unresolved, eb.and([eb('state', '=', 'draft'), eb('created_at', '<=', draftsCreatedBefore)])]);
}

export function createKyselyRepository(handle: DatabaseHandle, options: RepositoryOptions): Repository {
  const { db, dialect } = handle;
  const postgres = dialect === 'postgres';
  const nowIso = () => options.clock.now().toISOString();

  /**
   * `after`: the newest event id of the payment. Ids are time-ordered and the outbox delivers a
   * payment's events in id order, so a new event must sort after it even when this host's clock
   * is behind the one that wrote it (several instances, clocks out of sync).
   */
  function eventRowsOf(drafts: EventDraft[], after: string | null): Selectable<WebhookEventTable>[] {
    if (drafts.length === 0) return [];
    const now = options.clock.now();
    const idTimeFloor = after ? idTime(after) + 1 : 0;
    return drafts.map((draft) => ({
      id: newId('evt', Math.max(now.getTime(), idTimeFloor)),
      type: draft.type,
      reference: draft.reference,
      data_json: JSON.stringify(draft.data),
      created_at: now.toISOString(),
      status: 'pending',
      attempts: 0,
      next_attempt_at: now.toISOString(),
      delivered_at: null,
      last_error: null,
    }));
  }

  /**
   * `after`: the newest event id of the payment. Ids are time-ordered and the outbox delivers a
   * payment's events in id order, so a new event must sort after it even when this host's clock
   * is behind the one that wrote it (several instances, clocks out of sync).
   */
  async function insertEvents(trx: Kysely<Database> | Transaction<Database>, drafts: EventDraft[], after?: string | null): Promise<WebhookEventRecord[]> {
    const rows = eventRowsOf(drafts, after ?? null);
    if (rows.length === 0) return [];
    await trx.insertInto('webhook_events').values(rows).execute();
    return rows.map(rowToEvent);
  }

  async function attemptsOf(ids: string[]): Promise<Map<string, WebhookAttemptRecord[]>> {
    const map = new Map<string, WebhookAttemptRecord[]>();
    if (ids.length === 0) return map;
    const rows = await db.selectFrom('webhook_attempts').selectAll().where('event_id', 'in', ids).orderBy('id').execute();
    for (const row of rows) {
      const list = map.get(row.event_id) ?? [];
      list.push(rowToAttempt(row));
      map.set(row.event_id, list);
    }
    return map;
  }

  const repository: Repository = {
    dialect,

    async ping() {
      await sql`select 1`.execute(db);
    },

    close: () => handle.close(),

    async createSession(session) {
      await db.insertInto('checkout_sessions').values(sessionToRow(session)).execute();
    },

    async getSession(id) {
      const row = await db.selectFrom('checkout_sessions').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToSession(row) : undefined;
    },

    async claimSession(id, reference, now, until) {
      // One statement: PostgreSQL re-checks the WHERE on the row a concurrent claim just wrote
      // (READ COMMITTED, row lock), SQLite runs one writer at a time — never two claims.
      const claimed = await db
        .updateTable('checkout_sessions')
        .set({ claim_reference: reference, claim_until: until })
        .where('id', '=', id)
        .where('status', '=', 'open')
        .where((eb) => eb.or([eb('claim_until', 'is', null), eb('claim_until', '<=', now)]))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) > 0) return 'claimed';
      const row = await db.selectFrom('checkout_sessions').select(['status']).where('id', '=', id).executeTakeFirst();
      if (!row) return 'missing';
      return row.status === 'paid' ? 'paid' : 'busy';
    },

    async releaseSessionClaim(id, reference) {
      await db
        .updateTable('checkout_sessions')
        .set({ claim_reference: null, claim_until: null })
        .where('id', '=', id)
        .where('claim_reference', '=', reference)
        .execute();
    },

    async createButton(button) {
      await db.insertInto('buttons').values(buttonToRow(button)).execute();
    },

    async getButton(id) {
      const row = await db.selectFrom('buttons').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToButton(row) : undefined;
    },

    async listButtons({ cursor, limit }) {
      let query = db.selectFrom('buttons').selectAll().where('deleted_at', 'is', null).orderBy('id', 'desc').limit(limit + 1);
      if (cursor) query = query.where('id', '<', decodeCursor(cursor, 1)[0]!);
      const rows = (await query.execute()).map(rowToButton);
      return page(rows, limit, (last) => [last.id]);
    },

    async deleteButton(id, at) {
      const result = await db.updateTable('buttons').set({ deleted_at: at }).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async createTransaction(transaction) {
      await db.insertInto('transactions').values(transactionToRow(transaction)).execute();
    },

    async getTransaction(reference) {
      const row = await db.selectFrom('transactions').selectAll().where('reference', '=', reference).executeTakeFirst();
      return row ? rowToTransaction(row) : undefined;
    },

    async listTransactions(filter: TransactionFilter) {
      let query = db.selectFrom('transactions').selectAll().orderBy('created_at', 'desc').orderBy('reference', 'desc').limit(filter.limit + 1);
      if (filter.state) query = query.where('state', '=', filter.state);
      else if (filter.hiddenStates && filter.hiddenStates.length > 0) query = query.where('state', 'not in', [...filter.hiddenStates]);
      if (filter.sessionId) query = query.where('session_id', '=', filter.sessionId);
      if (filter.createdFrom) query = query.where('created_at', '>=', filter.createdFrom);
      if (filter.createdTo) query = query.where('created_at', '<', filter.createdTo);
      if (filter.cursor) {
        const [createdAt, reference] = decodeCursor(filter.cursor, 2) as [string, string];
        query = query.where((eb) =>
          eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('reference', '<', reference)])]),
        );
      }
      const rows = (await query.execute()).map(rowToTransaction);
      return page(rows, filter.limit, (last) => [last.createdAt, last.reference]);
    },

    async mutateTransaction(reference, decide) {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('transactions')
          .selectAll()
          .where('reference', '=', reference)
          .$if(postgres, (q) => q.forUpdate())
          .executeTakeFirst();
        if (!row) return undefined;
        const before = rowToTransaction(row);
        // Under the row lock (a statement of its own, so PostgreSQL reads after the lock was
        // granted): the session, the payment's newest event id (new events must sort after it)
        // and, on PostgreSQL, its maintenance operations as JSON — one round trip for the three.
        const { newest_event_id: newestEventId, operations_json: operationsJson, ...sessionRow } = await trx
          .selectFrom('checkout_sessions')
          .selectAll('checkout_sessions')
          .select((eb) => eb.selectFrom('webhook_events').select((e) => e.fn.max('id').as('id')).where('reference', '=', reference).as('newest_event_id'))
          .select(
            postgres
              ? sql<Selectable<MaintenanceOperationTable>[] | null>`(select coalesce(json_agg(o order by o.id), '[]'::json) from maintenance_operations o where o.reference = ${reference})`.as('operations_json')
              : sql<null>`null`.as('operations_json'),
          )
          .where('id', '=', before.sessionId)
          .executeTakeFirstOrThrow();
        const operationRows = operationsJson
          ?? await trx.selectFrom('maintenance_operations').selectAll().where('reference', '=', reference).orderBy('id').execute();
        const decision = decide(before, rowToSession(sessionRow), operationRows.map(rowToOperation));
        const now = nowIso();
        const patch = decision.patch ? patchToRow(decision.patch) : {};
        // A draft held back from the reconciler for a while (deferSync, docs/ogone-protocol.md §9) is due
        // again as soon as it leaves draft: a pending or uncertain payment is never held back.
        if (patch.state !== undefined && patch.state !== before.state && before.state === 'draft') patch.sync_lease_until = null;
        const drafts = [...(decision.events ?? [])];
        if (decision.alias) {
          const inserted = await trx
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
            .returningAll()
            .execute();
          const created = inserted[0];
          if (created && decision.alias.event) drafts.push(decision.alias.event(rowToAlias(created)));
        }
        for (const operation of decision.operations?.insert ?? []) {
          await trx.insertInto('maintenance_operations').values(operationToRow(operation)).execute();
        }
        for (const { id, patch: change } of decision.operations?.update ?? []) {
          const row = operationPatchToRow(change);
          if (Object.keys(row).length > 0) {
            await trx.updateTable('maintenance_operations').set({ ...row, updated_at: now }).where('id', '=', id).where('reference', '=', reference).execute();
          }
        }

        // The common writes of a decision. PostgreSQL gets them in one statement (data-modifying
        // CTEs, each run exactly once, in this same transaction): one round trip instead of four.
        const eventRows = eventRowsOf(drafts, newestEventId ?? null);
        const writes: Array<[string, (qc: QueryCreator<Database>) => WriteQuery]> = [];
        if (decision.markSessionPaid) {
          writes.push(['session_paid', (qc) => qc
            .updateTable('checkout_sessions')
            .set({ status: 'paid', paid_reference: reference })
            .where('id', '=', before.sessionId)
            .where('status', '=', 'open')]);
        }
        if (decision.feedback) {
          const feedback = decision.feedback;
          // Only SHA-OUT-listed parameters, capped; an exact repeat is counted on its first row
          // (docs/ogone-protocol.md §5), atomically whichever instance receives it.
          const kept = keptFeedbackParams(feedback.params);
          writes.push(['feedback_logged', (qc) => qc
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
            .onConflict((oc) => oc.columns(['reference', 'channel', 'params_hash']).doUpdateSet((eb) => ({
              repeat_count: eb(eb.ref('feedback_log.repeat_count'), '+', 1),
              last_received_at: eb.ref('excluded.last_received_at'),
            })))]);
        }
        if (eventRows.length > 0) writes.push(['events_added', (qc) => qc.insertInto('webhook_events').values(eventRows)]);
        const update = Object.keys(patch).length === 0
          ? undefined
          : (qc: QueryCreator<Database>) => qc.updateTable('transactions').set({ ...patch, updated_at: now }).where('reference', '=', reference).returningAll();

        let after = before;
        if (postgres) {
          let creator = trx as QueryCreator<Database>;
          for (const [name, write] of writes) creator = creator.with(name, (qc) => (write(qc as QueryCreator<Database>) as any).returning(sql<number>`1`.as('done'))) as never;
          if (update) after = rowToTransaction(await update(creator).executeTakeFirstOrThrow());
          else if (writes.length > 0) await creator.selectNoFrom(sql<number>`1`.as('done')).execute();
        } else {
          if (update) after = rowToTransaction(await update(trx).executeTakeFirstOrThrow());
          for (const [, write] of writes) await write(trx).execute();
        }
        return { before, after, result: decision.result, events: eventRows.map(rowToEvent) };
      });
    },

    async listOperations(reference) {
      const rows = await db.selectFrom('maintenance_operations').selectAll().where('reference', '=', reference).orderBy('id').execute();
      return rows.map(rowToOperation);
    },

    async saveChallenge({ token, reference, html }) {
      await db.insertInto('challenges').values({ token, reference, html, created_at: nowIso() }).execute();
    },

    async getChallenge(token) {
      const row = await db.selectFrom('challenges').selectAll().where('token', '=', token).executeTakeFirst();
      return row ? { token: row.token, reference: row.reference, html: row.html, createdAt: row.created_at } : undefined;
    },

    async claimForSync({ statuses, changedBefore, draftsCreatedBefore, createdAfter, limit, leaseMs }) {
      return db.transaction().execute(async (trx) => {
        const now = options.clock.now();
        const due = await trx
          .selectFrom('transactions')
          .select('reference')
          .where((eb) => syncCandidate(eb, { statuses, changedBefore, draftsCreatedBefore }))
          .$if(createdAfter !== undefined, (q) => q.where('created_at', '>=', createdAfter!).where('needs_attention', '=', 0))
          .where((eb) => eb.or([eb('sync_lease_until', 'is', null), eb('sync_lease_until', '<=', now.toISOString())]))
          .orderBy('updated_at')
          .limit(limit)
          .$if(postgres, (q) => q.forUpdate().skipLocked())
          .execute();
        if (due.length === 0) return [];
        const references = due.map((row) => row.reference);
        // The lease is bookkeeping: updated_at (the payment's age) stays as it was.
        await trx
          .updateTable('transactions')
          .set({ sync_lease_until: new Date(now.getTime() + leaseMs).toISOString() })
          .where('reference', 'in', references)
          .execute();
        return references;
      });
    },

    async renewSyncLease(reference, leaseMs, claimedUntil) {
      await db
        .updateTable('transactions')
        .set({ sync_lease_until: new Date(options.clock.now().getTime() + leaseMs).toISOString() })
        .where('reference', '=', reference)
        .where('sync_lease_until', 'is not', null)
        .where('sync_lease_until', '<=', claimedUntil)
        .execute();
    },

    async listTooOldForSync({ statuses, changedBefore, draftsCreatedBefore, createdBefore, limit }) {
      const rows = await db
        .selectFrom('transactions')
        .select('reference')
        .where((eb) => syncCandidate(eb, { statuses, changedBefore, draftsCreatedBefore }))
        .where('created_at', '<', createdBefore)
        .where('needs_attention', '=', 0)
        .orderBy('created_at')
        .limit(limit)
        .execute();
      return rows.map((row) => row.reference);
    },

    async deferSync(reference, until) {
      await db.updateTable('transactions').set({ sync_lease_until: until }).where('reference', '=', reference).execute();
    },

    async purgePersonalData({ createdBefore, batch = 500 }) {
      const now = nowIso();
      const purged = { sessions: 0, transactions: 0, feedback: 0, events: 0 };
      // Sessions: the customer object shrinks to its id (the merchant's own reference).
      for (;;) {
        const rows = await db.selectFrom('checkout_sessions').select(['id', 'customer_id'])
          .where('created_at', '<', createdBefore).where('redacted_at', 'is', null).orderBy('created_at').limit(batch).execute();
        for (const row of rows) {
          const result = await db.updateTable('checkout_sessions')
            .set({ customer_json: row.customer_id === null ? null : JSON.stringify({ id: row.customer_id }), redacted_at: now })
            .where('id', '=', row.id).where('redacted_at', 'is', null).executeTakeFirst();
          purged.sessions += Number(result.numUpdatedRows);
        }
        if (rows.length < batch) break;
      }
      const cleared = await db.updateTable('transactions').set({ card_holder: null })
        .where('created_at', '<', createdBefore).where('card_holder', 'is not', null).executeTakeFirst();
      purged.transactions = Number(cleared.numUpdatedRows);
      // Feedback rows of those payments: CN, EMAIL and IP go; params_hash stays, so a replay of
      // an old feedback is still counted on its row.
      for (;;) {
        const rows = await db.selectFrom('feedback_log').select(['id', 'params_json'])
          .where('redacted_at', 'is', null)
          .where('reference', 'in', (eb) => eb.selectFrom('transactions').select('reference').where('created_at', '<', createdBefore))
          .orderBy('id').limit(batch).execute();
        for (const row of rows) {
          const params = withoutPersonalData(JSON.parse(row.params_json) as Record<string, string>);
          const result = await db.updateTable('feedback_log').set({ params_json: JSON.stringify(params), redacted_at: now })
            .where('id', '=', row.id).where('redacted_at', 'is', null).executeTakeFirst();
          purged.feedback += Number(result.numUpdatedRows);
        }
        if (rows.length < batch) break;
      }
      // Their webhook events (long delivered): the card holder's name goes from the payment
      // objects they carry. JSON.stringify writes `"cardHolder":"…"`, and null once purged.
      for (;;) {
        const rows = await db.selectFrom('webhook_events').select(['id', 'data_json'])
          .where('data_json', 'like', '%"cardHolder":"%')
          .where('reference', 'in', (eb) => eb.selectFrom('transactions').select('reference').where('created_at', '<', createdBefore))
          .orderBy('id').limit(batch).execute();
        for (const row of rows) {
          const data = withoutCardHolder(JSON.parse(row.data_json) as unknown);
          const result = await db.updateTable('webhook_events').set({ data_json: JSON.stringify(data) })
            .where('id', '=', row.id).where('data_json', '=', row.data_json).executeTakeFirst();
          purged.events += Number(result.numUpdatedRows);
        }
        if (rows.length < batch) break;
      }
      return purged;
    },

    async listFeedback(reference, limit) {
      const rows = await db.selectFrom('feedback_log').selectAll().where('reference', '=', reference).orderBy('id', 'desc').limit(limit).execute();
      return rows.map(rowToFeedback);
    },

    async getAlias(id) {
      const row = await db.selectFrom('aliases').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToAlias(row) : undefined;
    },

    async listAliases(customerId) {
      const rows = await db
        .selectFrom('aliases')
        .selectAll()
        .where('customer_id', '=', customerId)
        .where('deleted_at', 'is', null)
        // A card being forgotten is no longer offered, even before the platform confirms.
        .where('deletion_status', 'is', null)
        .orderBy('id', 'desc')
        .execute();
      return rows.map(rowToAlias);
    },

    async deleteAlias(id, at) {
      const result = await db.updateTable('aliases').set({ deleted_at: at }).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    insertEvents: (drafts) => insertEvents(db, drafts),

    // Forgetting a saved card: deletion_pending until the platform confirms (alias-deletions.ts).
    ...aliasDeletionMethods(db, (trx, drafts) => insertEvents(trx, drafts)),

    async listEvents({ cursor, limit, type, reference }) {
      let query = db.selectFrom('webhook_events').selectAll().orderBy('id', 'desc').limit(limit + 1);
      if (type) query = query.where('type', '=', type);
      if (reference) query = query.where('reference', '=', reference);
      if (cursor) query = query.where('id', '<', decodeCursor(cursor, 1)[0]!);
      const events = (await query.execute()).map(rowToEvent);
      const result = page(events, limit, (last) => [last.id]);
      const attempts = await attemptsOf(result.items.map((event) => event.id));
      return { items: result.items.map((event) => ({ ...event, deliveries: attempts.get(event.id) ?? [] })), nextCursor: result.nextCursor };
    },

    async getEvent(id) {
      const row = await db.selectFrom('webhook_events').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const attempts = await attemptsOf([id]);
      return { ...rowToEvent(row), deliveries: attempts.get(id) ?? [] };
    },

    async claimDueEvents({ limit, leaseMs }) {
      return db.transaction().execute(async (trx) => {
        const now = options.clock.now();
        const due = await trx
          .selectFrom('webhook_events as e')
          .select('e.id')
          .where('e.status', '=', 'pending')
          .where('e.next_attempt_at', '<=', now.toISOString())
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('webhook_events as p')
                  .select('p.id')
                  .whereRef('p.reference', '=', 'e.reference')
                  .where('p.status', '=', 'pending')
                  .whereRef('p.id', '<', 'e.id'),
              ),
            ),
          )
          .orderBy('e.id')
          .limit(limit)
          .$if(postgres, (q) => q.forUpdate().skipLocked())
          .execute();
        if (due.length === 0) return [];
        const rows = await trx
          .updateTable('webhook_events')
          .set((eb) => ({ next_attempt_at: new Date(now.getTime() + leaseMs).toISOString(), attempts: eb('attempts', '+', 1) }))
          .where('id', 'in', due.map((row) => row.id))
          .returningAll()
          .execute();
        return rows.map(rowToEvent).sort((a, b) => (a.id < b.id ? -1 : 1));
      });
    },

    async recordDelivery(eventId, attempt, next) {
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('webhook_attempts')
          .values({ id: newId('att'), event_id: eventId, attempted_at: now, status_code: attempt.statusCode, error: attempt.error, ok: attempt.ok ? 1 : 0 })
          .execute();
        await trx
          .updateTable('webhook_events')
          .set({
            status: next.status,
            next_attempt_at: next.status === 'pending' ? next.nextAttemptAt : now,
            delivered_at: next.status === 'delivered' ? now : null,
            last_error: attempt.ok ? null : attempt.error ?? `HTTP ${attempt.statusCode}`,
          })
          .where('id', '=', eventId)
          .execute();
      });
    },

    async reserveIdempotencyKey(scope, key, requestHash): Promise<IdempotencyReservation> {
      const inserted = await db
        .insertInto('idempotency_keys')
        .values({ scope, key, request_hash: requestHash, status_code: 0, response_json: 'null', created_at: nowIso() })
        .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
        .returning('key')
        .execute();
      if (inserted.length > 0) return { kind: 'reserved' };
      const row = await db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
      if (!row) return repository.reserveIdempotencyKey(scope, key, requestHash); // released in between
      return { kind: 'existing', record: { requestHash: row.request_hash, statusCode: Number(row.status_code), response: JSON.parse(row.response_json) as unknown } };
    },

    async completeIdempotencyKey(scope, key, statusCode, response) {
      await db
        .updateTable('idempotency_keys')
        .set({ status_code: statusCode, response_json: JSON.stringify(response) })
        .where('scope', '=', scope)
        .where('key', '=', key)
        .execute();
    },

    async releaseIdempotencyKey(scope, key) {
      await db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).where('status_code', '=', 0).execute();
    },
  };
  return repository;
}

export type { AliasRecord };
