/**
 * Retention across the aggregates (records/personal-data.ts): RETENTION_DAYS' personal data, and
 * the history EVENT_RETENTION_DAYS and FEEDBACK_LOG_RETENTION_DAYS bound (docs/deploy.md,
 * "What is kept how long").
 *
 * Everything goes in batches of `batch` rows walked by a keyset cursor (created_at, key) over an
 * index, each batch one set-based statement committed on its own: no pass holds a lock for long,
 * and none re-reads what an earlier batch did. Every change is conditional on the row still
 * needing it (unredacted, still delivered, still a repeat), so several instances running a pass at
 * once change each row once and count it once.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import { PERSONAL_FEEDBACK_PARAMETERS, withoutCardHolder } from '../feedback/log.ts';
import { UNRESOLVED_STATUSES } from '../../shared/status.ts';
import { MAX_SESSION_SECONDS } from '../../shared/schemas/api.ts';
import { otherCaller, type FeedbackChannel } from './records/feedback-log.ts';
import type { PersonalDataStore } from './records/personal-data.ts';
import type { StoreContext } from './store-context.ts';

const DEFAULT_BATCH = 500;

/** The return URL's two callers: a copy through one of an applied feedback through the other is counted on it. */
const RETURN_CALLERS = ['browser', 'server'] as const;

interface FoldedCopy {
  reference: string;
  /** The applied row's channel: the other caller than the copies'. */
  appliedChannel: NonNullable<ReturnType<typeof otherCaller>>;
  paramsHash: string;
  /** Copies, each row counting itself and its own repeats. */
  count: number;
  first: string;
}

/** The deleted copy rows by the applied row they are counted on. */
function foldedCopies(
  rows: ReadonlyArray<{
    reference: string;
    channel: FeedbackChannel;
    params_hash: string;
    received_at: string;
    repeat_count?: number | undefined;
  }>,
): FoldedCopy[] {
  const byRow = new Map<string, FoldedCopy>();
  for (const row of rows) {
    // Only the return URL's callers are deleted as copies (RETURN_CALLERS): each has an other.
    const appliedChannel = otherCaller(row.channel);
    if (!appliedChannel) continue;
    const key = `${row.reference}\u0000${appliedChannel}\u0000${row.params_hash}`;
    const count = 1 + Number(row.repeat_count ?? 0);
    const folded = byRow.get(key);
    if (!folded) byRow.set(key, { reference: row.reference, appliedChannel, paramsHash: row.params_hash, count, first: row.received_at });
    else {
      folded.count += count;
      if (row.received_at < folded.first) folded.first = row.received_at;
    }
  }
  return [...byRow.values()];
}
/**
 * Deletions touch every index of their rows at random places: on a large SQLite file a batch of
 * 500 events held the one writer about a second (1 M payments, issue 17), so they go 100 at a time.
 */
const DEFAULT_DELETE_BATCH = 100;

interface Keyed {
  created_at: string;
  key: string;
}

/**
 * The keys of `table` created in [after, before), in (created_at, key) order, `batch` at a time:
 * each call reads the next range of the (created_at, key) index after the last row it returned.
 */
function keyset(
  db: Kysely<Database>,
  table: 'checkout_sessions' | 'transactions',
  window: { before: string; after?: string | undefined },
  batch: number,
): () => Promise<string[]> {
  const key = table === 'checkout_sessions' ? 'id' : 'reference';
  let last: Keyed | undefined;
  let done = false;
  return async () => {
    if (done) return [];
    let query = (db as Kysely<any>)
      .selectFrom(table)
      .select(['created_at', `${key} as key`])
      .where('created_at', '<', window.before)
      .orderBy('created_at')
      .orderBy(key)
      .limit(batch);
    if (window.after !== undefined) query = query.where('created_at', '>=', window.after);
    // Sessions: only those not yet redacted, the rows of the partial checkout_sessions_unredacted
    // (migration 0016), so a walk never reads the sessions earlier passes finished.
    // And only those expired before the cutoff: a payment can be made until its session expires,
    // and a session redacted sooner marked a payment made hours ago as redacted, its card holder
    // and its feedback's CN and IP dropped (mutate-transaction.ts). Every payment of a session
    // expired before the cutoff was created before it, so is as old as RETENTION_DAYS.
    if (table === 'checkout_sessions') query = query.where('redacted_at', 'is', null).where('expires_at', '<', window.before);
    // A row value, as the merchant list's cursor: both databases read it as an index range.
    if (last) query = query.where(sql<boolean>`(created_at, ${sql.ref(key)}) > (${last.created_at}, ${last.key})`);
    const rows = (await query.execute()) as Keyed[];
    if (rows.length < batch) done = true;
    last = rows.at(-1) ?? last;
    return rows.map((row) => row.key);
  };
}

export function personalDataStore({ db, clock, postgres }: StoreContext): PersonalDataStore {
  /** The customer object reduced to its id (the merchant's own reference), as JSON.stringify writes it. */
  const customerIdJson: RawBuilder<string | null> = postgres
    ? sql`case when customer_id is null then null else '{"id":' || to_json(customer_id)::text || '}' end`
    : sql`case when customer_id is null then null else json_object('id', customer_id) end`;
  // The kept parameters without CN, EMAIL and IP, compact and in their order (names compared
  // upper-cased as feedback/log.ts does; rows logged before issue 13 may not be).
  const personal = sql.join(PERSONAL_FEEDBACK_PARAMETERS.map((name) => sql.lit(name)));
  const paramsWithoutPersonal: RawBuilder<string> = postgres
    ? sql`(select coalesce('{' || string_agg(to_json(e.key)::text || ':' || to_json(e.value)::text, ',' order by e.n) || '}', '{}')
          from json_each_text(params_json::json) with ordinality as e(key, value, n) where upper(e.key) not in (${personal}))`
    : sql`(select json_group_object(e.key, e.value) from json_each(params_json) as e where upper(e.key) not in (${personal}))`;

  return {
    // `signal`: checked before each batch, so a server stopping mid-pass closes at once instead of
    // after the whole backlog (review r1699); every batch is its own commit, nothing is half done.
    async purgePersonalData({ createdBefore, createdAfter, batch = DEFAULT_BATCH, signal }) {
      const now = clock.now().toISOString();
      const purged = { sessions: 0, transactions: 0, feedback: 0, events: 0 };
      const window = { before: createdBefore, after: createdAfter };
      const purgePayments = async (references: string[]) => {
        // PostgreSQL: a late feedback holding a payment's row lock read its session before the
        // walk above redacted it, and writes CN and IP back when it commits. Waiting for those
        // locks (released at once: no transaction here) lets it commit first, so the statements
        // below clear what it wrote; a feedback locking the row after this reads the session (or,
        // once the first statement below ran, the payment's feedback rows) redacted and keeps none
        // (mutate-transaction.ts). SQLite has one writer at a time.
        if (postgres) await db.selectFrom('transactions').select('reference').where('reference', 'in', references).forUpdate().execute();
        // Feedback rows: CN, EMAIL and IP go; params_hash stays, so a replay of an old feedback
        // is still counted on its row. First: their redacted_at is the payment's own mark that its
        // personal data is removed (mutate-transaction.ts personalDataRemoved), in place before the
        // card holder goes, so a feedback between the two statements writes none back (r1640).
        const redacted = await db
          .updateTable('feedback_log')
          .set({ params_json: paramsWithoutPersonal, redacted_at: now })
          .where('reference', 'in', references)
          .where('redacted_at', 'is', null)
          .executeTakeFirst();
        purged.feedback += Number(redacted.numUpdatedRows);
        // The card holder's name, and the customer's e-mail copied for search (migration 0009).
        const cleared = await db
          .updateTable('transactions')
          .set({ card_holder: null, customer_email: null })
          .where('reference', 'in', references)
          .where((eb) => eb.or([eb('card_holder', 'is not', null), eb('customer_email', 'is not', null)]))
          .executeTakeFirst();
        purged.transactions += Number(cleared.numUpdatedRows);
        // Webhook events still kept (pending or failed, or EVENT_RETENTION_DAYS set long): the
        // card holder's name goes from the payment objects they carry, wherever it is nested.
        // JSON.stringify writes `"cardHolder":"…"`, and null once purged.
        const events = await db
          .selectFrom('webhook_events')
          .select(['id', 'data_json'])
          .where('reference', 'in', references)
          .where('data_json', 'like', '%"cardHolder":"%')
          .execute();
        for (const row of events) {
          const data = withoutCardHolder(JSON.parse(row.data_json) as unknown);
          const result = await db
            .updateTable('webhook_events')
            .set({ data_json: JSON.stringify(data) })
            .where('id', '=', row.id)
            .where('data_json', '=', row.data_json)
            .executeTakeFirst();
          purged.events += Number(result.numUpdatedRows);
        }
      };
      // Sessions (their own walk: a session may have no payment): the customer shrinks to its id.
      // Walked from MAX_SESSION_SECONDS further back, where a session created before the last
      // pass's window may have expired since (keyset, above).
      const sessionsAfter = createdAfter && new Date(Date.parse(createdAfter) - MAX_SESSION_SECONDS * 1000).toISOString();
      const sessions = keyset(db, 'checkout_sessions', { ...window, after: sessionsAfter }, batch);
      for (let ids = await sessions(); ids.length > 0 && !signal?.aborted; ids = await sessions()) {
        const result = await db
          .updateTable('checkout_sessions')
          .set({ customer_json: customerIdJson, redacted_at: now })
          .where('id', 'in', ids)
          .where('redacted_at', 'is', null)
          .executeTakeFirst();
        purged.sessions += Number(result.numUpdatedRows);
        // Their payments again: every one was made before its session expired, so is past
        // RETENTION_DAYS too, and a late feedback (a back-office refund's) may have written CN, IP or
        // the card holder back since the payments' own walk, while the session was not redacted
        // yet (mutate-transaction.ts keeps none once it is). No later walk reaches those payments.
        const references = await db.selectFrom('transactions').select('reference').where('session_id', 'in', ids).execute();
        if (references.length > 0) await purgePayments(references.map((row) => row.reference));
      }
      const payments = keyset(db, 'transactions', window, batch);
      for (let references = await payments(); references.length > 0 && !signal?.aborted; references = await payments())
        await purgePayments(references);
      return purged;
    },

    async pruneHistory({ eventsDeliveredBefore, feedbackBefore, createdAfter, batch = DEFAULT_DELETE_BATCH, signal }) {
      const pruned = { events: 0, attempts: 0, feedback: 0 };
      // Delivered events: a range of webhook_events_due (status, next_attempt_at), which a
      // delivery sets to its own time. Each batch is one transaction: the attempts go with their
      // event, and an event redelivered meanwhile (pending again) is left whole. PostgreSQL locks
      // the batch, skipping rows another instance holds; SQLite has one writer at a time.
      while (!signal?.aborted) {
        const deleted = await db.transaction().execute(async (trx) => {
          let due = trx
            .selectFrom('webhook_events')
            .select('id')
            .where('status', '=', 'delivered')
            .where('next_attempt_at', '<', eventsDeliveredBefore)
            .orderBy('status')
            .orderBy('next_attempt_at')
            .limit(batch);
          if (postgres) due = due.forUpdate().skipLocked();
          const ids = (await due.execute()).map((row) => row.id);
          if (ids.length === 0) return { found: 0, events: 0, attempts: 0 };
          const attempts = await trx.deleteFrom('webhook_attempts').where('event_id', 'in', ids).executeTakeFirst();
          // The status re-checked as an expression, not an index term: SQLite's planner, which has
          // no statistics (no ANALYZE runs), read every delivered event through webhook_events_due
          // and checked each against the list — a scan of the table per batch, 1,731 s for the
          // first pass over two years of events at 1 M payments (issue 17). By the key it is 100.
          const events = await trx
            .deleteFrom('webhook_events')
            .where('id', 'in', ids)
            .where(sql<string>`${sql.ref('status')} || ''`, '=', 'delivered')
            .executeTakeFirst();
          return { found: ids.length, events: Number(events.numDeletedRows), attempts: Number(attempts.numDeletedRows) };
        });
        pruned.events += deleted.events;
        pruned.attempts += deleted.attempts;
        if (deleted.found < batch) break;
      }
      // Feedback that changed nothing and repeats, through the return URL's other caller, the
      // parameters of the row that applied them (the shopper's browser bringing back what Ogone's
      // server sent). This release counts such a copy on the applied row as it arrives (migration
      // 0013, docs/ogone-protocol.md §5); rows of earlier releases are folded in here: deleted,
      // and counted on the applied row (how many, the first one's time) in the same transaction —
      // the DELETE … RETURNING hands each row to one purger only. Payments in a final state only
      // (not draft or pending, last STATUS not unresolved: docs/ogone-protocol.md §6), walked by
      // creation.
      const payments = keyset(db, 'transactions', { before: feedbackBefore, after: createdAfter }, batch);
      while (!signal?.aborted) {
        const references = await payments();
        if (references.length === 0) break;
        pruned.feedback += await db.transaction().execute(async (trx) => {
          const copies = await trx
            .deleteFrom('feedback_log as f')
            .where('f.reference', 'in', references)
            .where('f.outcome', '=', 'unchanged')
            .where('f.channel', 'in', RETURN_CALLERS)
            // A row never repeated may leave last_received_at null (rows.ts reads received_at then).
            .where(sql<string>`coalesce(f.last_received_at, f.received_at)`, '<', feedbackBefore)
            .where(({ exists, selectFrom }) =>
              exists(
                selectFrom('feedback_log as a')
                  .select('a.id')
                  .whereRef('a.reference', '=', 'f.reference')
                  .where('a.outcome', '=', 'applied')
                  .whereRef('a.params_hash', '=', 'f.params_hash')
                  .where('a.channel', 'in', RETURN_CALLERS)
                  .whereRef('a.channel', '!=', 'f.channel'),
              ),
            )
            .where(({ exists, selectFrom }) =>
              exists(
                selectFrom('transactions as t')
                  .select('t.reference')
                  .whereRef('t.reference', '=', 'f.reference')
                  .where('t.state', 'not in', ['draft', 'pending'])
                  .where((eb) => eb.or([eb('t.last_status', 'is', null), eb('t.last_status', 'not in', [...UNRESOLVED_STATUSES])])),
              ),
            )
            // Unqualified: SQLite's RETURNING does not take the table's alias.
            .returning(['reference', 'channel', 'params_hash', 'received_at', 'repeat_count'])
            .execute();
          for (const copy of foldedCopies(copies)) {
            await trx
              .updateTable('feedback_log')
              .set((eb) => ({
                copy_count: eb(eb.ref('copy_count'), '+', copy.count),
                copy_received_at: sql<string>`case when copy_received_at is null or copy_received_at > ${copy.first} then ${copy.first} else copy_received_at end`,
              }))
              .where('reference', '=', copy.reference)
              .where('channel', '=', copy.appliedChannel)
              .where('params_hash', '=', copy.paramsHash)
              .where('outcome', '=', 'applied')
              .execute();
          }
          return copies.length;
        });
      }
      return pruned;
    },
  };
}
