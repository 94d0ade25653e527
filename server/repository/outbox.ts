/**
 * The outbox (records/outbox.ts): events are written with the change they report — by
 * mutate-transaction.ts and alias deletions through `eventRows` / `insertEvents` — and claimed
 * for delivery oldest first, one payment's events in order.
 */
import { sql, type ExpressionBuilder, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database, Flag, WebhookEventTable } from '../db/schema.ts';
import { idTime, newId } from '../ids.ts';
import { idCursor } from './cursor.ts';
import { page } from './page.ts';
import { WEBHOOK_DELIVERY_ROW } from '../db/webhook-delivery-start-migration.ts';
import {
  NEVER_SENT_ERROR,
  WEBHOOK_RETRY_WINDOW_MS,
  type EventDraft,
  type OutboxStore,
  type WebhookAttemptRecord,
  type WebhookEventRecord,
} from './records/outbox.ts';
import { rowToAttempt, rowToEvent } from './rows.ts';
import type { StoreContext } from './store-context.ts';

/**
 * `after`: the newest event id of the payment. Ids are time-ordered and the outbox delivers a
 * payment's events in id order, so a new event must sort after it even when this host's clock
 * is behind the one that wrote it (several instances, clocks out of sync).
 */
export function eventRows(drafts: EventDraft[], after: string | null, clock: Clock, livemode: Flag = 0): Selectable<WebhookEventTable>[] {
  if (drafts.length === 0) return [];
  const now = clock.now();
  const idTimeFloor = after ? idTime(after) + 1 : 0;
  const time = Math.max(now.getTime(), idTimeFloor);
  const iso = now.toISOString();
  return drafts.map((draft) => ({
    id: newId('evt', time),
    type: draft.type,
    reference: draft.reference,
    data_json: JSON.stringify(draft.data),
    created_at: iso,
    status: 'pending',
    attempts: 0,
    next_attempt_at: iso,
    delivered_at: null,
    last_error: null,
    livemode,
  }));
}

/** Writes events in `trx` (or alone on `db`); `after` as for `eventRows`. */
export async function insertEvents(
  trx: Kysely<Database> | Transaction<Database>,
  drafts: EventDraft[],
  clock: Clock,
  livemode: Flag,
  after?: string | null,
): Promise<WebhookEventRecord[]> {
  const rows = eventRows(drafts, after ?? null, clock, livemode);
  if (rows.length === 0) return [];
  await trx.insertInto('webhook_events').values(rows).execute();
  return rows.map(rowToEvent);
}

/** Delivery attempts listed per event: the newest, enough to see a failure's history. */
export const ATTEMPTS_SHOWN = 20;

/**
 * A payment's events one after another: the event `e` is not taken while an older one of its
 * events is pending, nor while a newer one is in flight — claimed (attempts counted), its attempt
 * not yet recorded — as an event redelivered by hand would otherwise be posted beside it (review
 * r1605; README: a payment's own events go one after another, in order).
 */
function takenInOrder(eb: ExpressionBuilder<Database & { e: WebhookEventTable }, 'e'>, now: Date) {
  return eb.not(
    eb.exists(
      eb
        .selectFrom('webhook_events as p')
        .select('p.id')
        .whereRef('p.reference', '=', 'e.reference')
        .where('p.status', '=', 'pending')
        .where((pb) =>
          pb.or([
            pb('p.id', '<', pb.ref('e.id')),
            pb.and([
              pb('p.id', '>', pb.ref('e.id')),
              pb('p.next_attempt_at', '>', now.toISOString()),
              pb(
                'p.attempts',
                '>',
                pb
                  .selectFrom('webhook_attempts')
                  .select(pb.fn.countAll<number>().as('recorded'))
                  .whereRef('webhook_attempts.event_id', '=', 'p.id'),
              ),
            ]),
          ]),
        ),
    ),
  );
}

/**
 * PostgreSQL: takes, for this transaction, the lock of each payment whose events it may claim, and
 * returns those it got; a payment another claim holds is skipped rather than waited for.
 */
async function lockPayments(trx: Transaction<Database>, references: string[]): Promise<Set<string>> {
  const { rows } = await sql<{ reference: string }>`select reference from unnest(${references}::text[]) as reference
    where pg_try_advisory_xact_lock(hashtext('webhook-events:' || reference))`.execute(trx);
  return new Set(rows.map((row) => row.reference));
}

export function outboxStore({ db, postgres, clock, livemode }: StoreContext): OutboxStore {
  /**
   * The newest ATTEMPTS_SHOWN attempts of each event, oldest first (issue 17: an event redelivered
   * by hand again and again would otherwise make a page of events unbounded); a list that had
   * more is marked truncated — the event's `attempts` counts them all.
   */
  async function attemptsOf(ids: string[]): Promise<Map<string, WebhookAttemptRecord[] & { truncated?: boolean }>> {
    const map = new Map<string, WebhookAttemptRecord[] & { truncated?: boolean }>();
    if (ids.length === 0) return map;
    const ranked = db
      .selectFrom('webhook_attempts')
      .selectAll()
      .select((eb) =>
        eb.fn
          .agg<number>('row_number')
          .over((over) => over.partitionBy('event_id').orderBy('id', 'desc'))
          .as('newest'),
      )
      .where('event_id', 'in', ids);
    const rows = await db
      .selectFrom(ranked.as('ranked'))
      .selectAll()
      .where('newest', '<=', ATTEMPTS_SHOWN + 1)
      .orderBy('id')
      .execute();
    for (const row of rows) {
      const list = map.get(row.event_id) ?? [];
      if (Number(row.newest) > ATTEMPTS_SHOWN) list.truncated = true;
      else list.push(rowToAttempt(row));
      map.set(row.event_id, list);
    }
    return map;
  }

  const withDeliveries = (event: WebhookEventRecord, attempts: Map<string, WebhookAttemptRecord[] & { truncated?: boolean }>) => {
    const deliveries = attempts.get(event.id) ?? [];
    return { ...event, deliveries: [...deliveries], deliveriesTruncated: deliveries.truncated === true };
  };

  return {
    insertEvents: (drafts) => insertEvents(db, drafts, clock, livemode),

    async listEvents({ cursor, limit, type, reference }) {
      let query = db
        .selectFrom('webhook_events')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(limit + 1);
      // An empty filter selects nothing rather than everything (review r1364: `reference=` widened
      // to every payment's events); the route refuses it before this.
      if (type !== undefined) query = query.where('type', '=', type);
      if (reference !== undefined) query = query.where('reference', '=', reference);
      if (cursor) query = query.where('id', '<', idCursor(cursor, 'evt'));
      const events = (await query.execute()).map(rowToEvent);
      const result = page(events, limit, (last) => [last.id]);
      const attempts = await attemptsOf(result.items.map((event) => event.id));
      return {
        items: result.items.map((event) => withDeliveries(event, attempts)),
        nextCursor: result.nextCursor,
      };
    },

    async getEvent(id) {
      const row = await db.selectFrom('webhook_events').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      return withDeliveries(rowToEvent(row), await attemptsOf([id]));
    },

    async claimDueEvents({ limit, leaseMs }) {
      return db.transaction().execute(async (trx) => {
        const now = clock.now();
        const due = await trx
          .selectFrom('webhook_events as e')
          .select(['e.id', 'e.reference'])
          .where('e.status', '=', 'pending')
          .where('e.next_attempt_at', '<=', now.toISOString())
          .where((eb) => takenInOrder(eb, now))
          .orderBy('e.id')
          .limit(limit)
          .$if(postgres, (q) => q.forUpdate().skipLocked())
          .execute();
        if (due.length === 0) return [];
        // PostgreSQL: the selection does not see another instance's claim of a newer event of the
        // payment whose UPDATE is not yet committed — the newer event reads merely due — and took
        // the older event redelivered by hand, posted beside it (review r1755). So one claim at a
        // time takes a payment's events, under a transaction-scoped lock on the payment: a payment
        // whose lock another claim holds is left to the next round, and the UPDATE checks the
        // order again on a snapshot taken after the lock, when any earlier claim of it has
        // committed. SQLite has one writer: its claims never overlap. An event of no payment (a
        // ping) keeps no order and takes no lock.
        const references = [...new Set(due.flatMap((row) => (row.reference === null ? [] : [row.reference])))];
        const ours = postgres && references.length > 0 ? await lockPayments(trx, references) : undefined;
        const ids = due.filter((row) => row.reference === null || (ours?.has(row.reference) ?? true)).map((row) => row.id);
        if (ids.length === 0) return [];
        const rows = await trx
          .updateTable('webhook_events as e')
          .set((eb) => ({
            next_attempt_at: new Date(now.getTime() + leaseMs).toISOString(),
            attempts: eb('e.attempts', '+', 1),
          }))
          .where('e.id', 'in', ids)
          .$if(postgres, (q) => q.where((eb) => takenInOrder(eb, now)))
          .returningAll()
          .execute();
        return rows.map(rowToEvent).sort((a, b) => (a.id < b.id ? -1 : 1));
      });
    },

    async redeliverEvent(id) {
      const now = clock.now().toISOString();
      // One conditional UPDATE, so concurrent requests cannot both schedule: the first turns a
      // delivered or failed event pending, and the others then see it pending and due. A pending
      // event waiting for its back-off is brought forward, unless it is in flight — claimed
      // (attempts counted) but its attempt not yet recorded — where the running attempt stands.
      // One already due keeps its time, not this instance's `now`: on an instance whose clock is
      // ahead (docs/deploy.md §9 allows two minutes), that put a retry due in seconds later
      // (review r1312; README: a pending event is only brought forward). Only a never claimed
      // one is stamped, while no instance has started delivering: its next_attempt_at leaves
      // created_at, so delivery's first start (startDelivery) never marks an event the merchant
      // asked for never sent — and as nothing is delivered yet, nothing is kept waiting.
      await db
        .updateTable('webhook_events')
        .set({ status: 'pending', next_attempt_at: now })
        .where('id', '=', id)
        .where((eb) =>
          eb.or([
            eb('status', '!=', 'pending'),
            eb.and([
              eb('next_attempt_at', '>', now),
              eb(
                'attempts',
                '<=',
                eb
                  .selectFrom('webhook_attempts')
                  .select(eb.fn.countAll<number>().as('recorded'))
                  .whereRef('webhook_attempts.event_id', '=', 'webhook_events.id'),
              ),
            ]),
            eb.and([
              eb('attempts', '=', 0),
              eb('next_attempt_at', '=', eb.ref('created_at')),
              eb.not(eb.exists(eb.selectFrom('webhook_delivery').select('webhook_delivery.id'))),
            ]),
          ]),
        )
        .execute();
      const row = await db.selectFrom('webhook_events').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      return withDeliveries(rowToEvent(row), await attemptsOf([id]));
    },

    async recordSentEvent(event, attempt) {
      const now = clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('webhook_events')
          .values({
            id: event.id,
            type: event.type,
            reference: event.reference,
            data_json: JSON.stringify(event.data),
            created_at: event.createdAt,
            status: attempt.ok ? 'delivered' : 'failed',
            attempts: 1,
            next_attempt_at: now,
            delivered_at: attempt.ok ? now : null,
            last_error: attempt.ok ? null : (attempt.error ?? `HTTP ${attempt.statusCode}`),
            livemode: event.livemode === undefined ? null : event.livemode ? 1 : 0,
          })
          .execute();
        await trx
          .insertInto('webhook_attempts')
          .values({
            id: newId('att'),
            event_id: event.id,
            attempted_at: now,
            status_code: attempt.statusCode,
            error: attempt.error,
            ok: attempt.ok ? 1 : 0,
          })
          .execute();
      });
    },

    async startDelivery() {
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        // One row per database (migration 0033): the first dispatcher to start writes it, and only
        // that start marks the backlog, whichever of several instances starting together it is.
        const inserted = await trx
          .insertInto('webhook_delivery')
          .values({ id: WEBHOOK_DELIVERY_ROW, started_at: now.toISOString() })
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('id')
          .execute();
        if (inserted.length === 0) return { first: false, neverSent: 0 };
        // Never claimed (a claim counts an attempt), never asked for by hand (redeliverEvent moves
        // next_attempt_at) and older than the retry window: written while no instance delivered.
        // The last window's are sent, as they would have been.
        const marked = await trx
          .updateTable('webhook_events')
          .set({ status: 'failed', last_error: NEVER_SENT_ERROR, next_attempt_at: now.toISOString() })
          .where('status', '=', 'pending')
          .where('attempts', '=', 0)
          .whereRef('next_attempt_at', '=', 'created_at')
          .where('created_at', '<', new Date(now.getTime() - WEBHOOK_RETRY_WINDOW_MS).toISOString())
          .executeTakeFirst();
        return { first: true, neverSent: Number(marked.numUpdatedRows) };
      });
    },

    async outboxBacklog() {
      // Only pending rows are read, through the webhook_events_due index (status first): the
      // cost follows the backlog, not the table of every event ever sent.
      const row = await db
        .selectFrom('webhook_events')
        .select((eb) => [eb.fn.countAll<number | string>().as('pending'), eb.fn.min('created_at').as('oldest')])
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return { pending: Number(row?.pending ?? 0), oldestPendingCreatedAt: row?.oldest ?? null };
    },

    async recordDelivery(eventId, attempt, next, ownLeases) {
      const now = clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        // The event's row locked first on PostgreSQL (SQLite's BEGIN IMMEDIATE already orders
        // writers): a stale outcome and the takeover's, landing together, are then written one
        // after the other, and the attempts each counts include the other's. Without it, a count
        // read from a snapshot taken before the other committed fell one short.
        if (postgres) await trx.selectFrom('webhook_events').select('id').where('id', '=', eventId).forUpdate().execute();
        await trx
          .insertInto('webhook_attempts')
          .values({
            id: newId('att'),
            event_id: eventId,
            attempted_at: now,
            status_code: attempt.statusCode,
            error: attempt.error,
            ok: attempt.ok ? 1 : 0,
          })
          .execute();
        const own = await trx
          .updateTable('webhook_events')
          .set((eb) => ({
            status: next.status,
            next_attempt_at: next.status === 'pending' ? next.nextAttemptAt : now,
            // A failure leaves the time of an earlier delivery: a redelivery asked by hand that
            // failed does not unsay that the event was delivered (and stays one attempt: the
            // dispatcher's askedByHand reads it).
            delivered_at: next.status === 'delivered' ? now : eb.ref('delivered_at'),
            last_error: attempt.ok ? null : (attempt.error ?? `HTTP ${attempt.statusCode}`),
            // The attempts recorded, not the claims counted: a claim whose instance died before
            // recording (a deploy, a kill) would otherwise leave the count one ahead for good, and
            // redeliverEvent would take the event for one in flight ever after.
            attempts: eb
              .selectFrom('webhook_attempts')
              .select(eb.fn.countAll<number>().as('recorded'))
              .whereRef('webhook_attempts.event_id', '=', 'webhook_events.id'),
          }))
          .where('id', '=', eventId)
          // Still the caller's: another instance's takeover moved next_attempt_at (its own lease),
          // and its outcome, recorded or to come, is the event's (README: one after another). The
          // leases are read here, after any wait for a connection, so a re-claim by the caller
          // itself meanwhile (it does not post twice) still counts as its own.
          .$if(ownLeases !== undefined, (q) => q.where('status', '=', 'pending').where('next_attempt_at', 'in', [...ownLeases!()]))
          .executeTakeFirst();
        // Stale: the attempt is counted all the same. An owner's outcome sets `attempts` to the
        // attempts recorded, dropping this claim's one when it lands first; left as it was,
        // `attempts` then fell one below the attempts recorded, redeliverEvent took the next
        // claim for no attempt in flight and moved its lease (review r1311). Adding one keeps
        // `attempts` minus the attempts recorded as it was — at least the claims still running
        // (the takeover's, if not yet recorded) — until the next owner's outcome sets it again.
        if (Number(own.numUpdatedRows) === 0)
          await trx
            .updateTable('webhook_events')
            .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
            .where('id', '=', eventId)
            .execute();
      });
    },
  };
}
