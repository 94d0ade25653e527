/**
 * The reconciler's leases on payments (records/transactions.ts, SyncClaimStore): which payments
 * it should query (docs/ogone-protocol.md §9), claimed so several instances query each once.
 */
import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { FAILED_TRY_STATUSES, UNRESOLVED_STATUSES } from '../../shared/status.ts';
import type { SyncClaim, SyncClaimStore, TransactionRecord } from './records/transactions.ts';
import type { StoreContext } from './store-context.ts';
import { ofPlatform } from './own-platform.ts';

type Criteria = Omit<SyncClaim, 'limit' | 'leaseMs'>;

/**
 * Why a payment is a candidate for the reconciler's query (docs/ogone-protocol.md §9), one
 * selection each: its last STATUS is unresolved, or it is flagged syncNeeded — both unchanged
 * since `changedBefore` — or it is an attempt still in draft since before `draftsCreatedBefore`
 * (a lost feedback must not leave a paid order in draft). Each is an index range of its own
 * (the partial transactions_unresolved_due, transactions_sync_needed and transactions_draft_due):
 * the one selection joined by OR they replace was a scan of the whole table. The unresolved and
 * draft selections of payments not flagged needsAttention (what the reconciler asks: `createdAfter`
 * given, or the too-old list) read their partial index in order on both databases: their first
 * `limit` rows, not every due payment sorted (issue 17, migration 0015) nor every flagged draft
 * filtered out (migration 0017).
 */
const REASONS = ['unresolved', 'sync-needed', 'draft'] as const;
type Reason = (typeof REASONS)[number];

const UNRESOLVED: ReadonlySet<number> = new Set(UNRESOLVED_STATUSES);

/**
 * A payment still one of those reasons, whenever it changed: the reconciler has to ask the
 * platform about it. Past the maximum age such a payment is flagged for a person
 * (reconciler/attention.ts); one that no longer is needs none (mutate-transaction.ts).
 */
export function awaitsPlatform(t: Pick<TransactionRecord, 'lastStatus' | 'syncNeeded' | 'state'>): boolean {
  return (t.lastStatus !== null && UNRESOLVED.has(t.lastStatus)) || t.syncNeeded === true || t.state === 'draft';
}

function reasonFor(eb: ExpressionBuilder<Database, 'transactions'>, reason: Reason, criteria: Criteria) {
  switch (reason) {
    case 'unresolved':
      // Literal codes (integers from shared/status.ts, never input), ascending, as in the partial
      // transactions_unresolved_due's own WHERE (migrations 0011 and 0015): PostgreSQL may then
      // prove it applies, and SQLite, which compares the terms as written, finds the same list.
      return eb.and([
        eb(
          'last_status',
          'in',
          [...criteria.statuses].sort((a, b) => a - b).map((code) => sql.lit(Math.trunc(code))),
        ),
        eb('updated_at', '<=', criteria.changedBefore),
      ]);
    case 'sync-needed':
      // A literal 1, as in the partial index's own WHERE, so the planner may prove it applies.
      return eb.and([eb('sync_needed', '=', sql.lit(1)), eb('updated_at', '<=', criteria.changedBefore)]);
    case 'draft':
      // A literal 'draft', as in the partial transactions_draft_due's own WHERE (migration 0017):
      // with needs_attention = 0 beside it (`claimable`, the too-old list), both databases read
      // the unflagged drafts alone, not every draft ever flagged for a person.
      return eb.and([eb('state', '=', sql.lit('draft')), eb('created_at', '<=', criteria.draftsCreatedBefore!)]);
  }
}

/** shared/status.ts FAILED_TRY_STATUSES as literals (integers of ours, never input), as the partial index's terms are. */
const FAILED_TRY_CODES = FAILED_TRY_STATUSES.map((code) => sql.lit(code));

/**
 * A hosted-page try the platform refused or found invalid (STATUS 2 or 0), not a saved card's
 * order: while flagged syncNeeded it is asked about again until the shopper can no longer pay the
 * order with another try, at its session's expiry (payments/hosted-page-tries.ts awaitsAnotherTry).
 * Like a draft, its maximum age counts from the longest a session lives: counted from its
 * creation, the refused try of a 30-day session reached it as its page closed and was flagged for
 * a person instead of being asked its last question (review r1477). Literal codes, never input.
 * Only a filter beside the sync-needed reason's own partial index, which stays the access path.
 */
function failedTryOnPage(eb: ExpressionBuilder<Database, 'transactions'>) {
  return eb.and([eb('last_status', 'in', FAILED_TRY_CODES), eb('alias_id', 'is', null)]);
}

/** Too old for the reconciler: created before its reason's maximum age (`claimable`'s complement). */
function tooOld(
  eb: ExpressionBuilder<Database, 'transactions'>,
  reason: Reason,
  { draftsOldest, createdBefore }: { draftsOldest?: string; createdBefore: string },
) {
  if (reason === 'draft') return eb('created_at', '<', draftsOldest ?? createdBefore);
  const before = eb('created_at', '<', createdBefore);
  if (reason === 'unresolved' || draftsOldest === undefined) return before;
  // Not a failed try on the page, written out: a NULL last_status must not hide a payment.
  return eb.and([
    before,
    eb.or([
      eb('created_at', '<', draftsOldest),
      eb('last_status', 'is', null),
      eb('last_status', 'not in', FAILED_TRY_CODES),
      eb('alias_id', 'is not', null),
    ]),
  ]);
}

const reasonsOf = (criteria: Criteria): Reason[] =>
  REASONS.filter((reason) => reason !== 'draft' || criteria.draftsCreatedBefore !== undefined);

/**
 * Young enough (when `createdAfter` is given: not flagged needsAttention either) and not leased at `now`.
 *
 * On SQLite the lower bound is `+created_at`, a filter no index seeks on: with both bounds a range
 * of (state, created_at), SQLite's sqlite_stat4 estimate for transactions_state_created — the
 * young drafts lie between two of its 24 samples, counted as a few rows — undercut the partial
 * transactions_draft_due's (all of its entries), and from about 200,000 payments on, after ANALYZE,
 * the claim read every flagged young draft through the full index (issue 17). With only the upper
 * bound a seek, the full index's range is every draft ever made and the partial index, a subset,
 * always costs less; it is read from its oldest entry, the drafts past `createdAfter` not flagged
 * yet (the too-old list flags them each round), then in created_at order up to `limit`, the bound
 * checked on the index entry. No INDEXED BY: an instance may run before migration 0017.
 * PostgreSQL has no unary + on a timestamp and plans with the bound values: the plain term.
 */
function claimable(
  eb: ExpressionBuilder<Database, 'transactions'>,
  reason: Reason,
  { createdAfter, draftsOldest }: Criteria,
  now: Date,
  { postgres, livemode }: Pick<StoreContext, 'postgres' | 'livemode'>,
) {
  const created = postgres ? eb.ref('created_at') : sql<string>`+${sql.ref('created_at')}`;
  const oldest = reason === 'draft' ? (draftsOldest ?? createdAfter) : createdAfter;
  // A failed try on the page is young enough until the longest session's end too (`failedTryOnPage`).
  const youngEnough =
    reason === 'sync-needed' && draftsOldest !== undefined && createdAfter !== undefined
      ? eb.or([eb(created, '>=', createdAfter), eb.and([failedTryOnPage(eb), eb(created, '>=', draftsOldest)])])
      : eb(created, '>=', oldest!);
  return eb.and([
    ...(createdAfter !== undefined ? [youngEnough, eb('needs_attention', '=', sql.lit(0))] : []),
    eb.or([eb('sync_lease_until', 'is', null), eb('sync_lease_until', '<=', now.toISOString())]),
    // A payment made for the other platform (before the go-live switch) is never queried here
    // (maintenance/sync.ts refuses it): claimed, the oldest of them took every round's batch and
    // a live payment waiting for its query was never asked about. Left to the maximum age's flag.
    ofPlatform(livemode)(eb),
  ]);
}

/** The order each reason's index keeps (the partial ones: updated_at; drafts: created_at), read without a sort. */
function indexOrder(reason: Reason): 'created_at' | 'updated_at' {
  return reason === 'draft' ? 'created_at' : 'updated_at';
}

/** Any reason, claimable for it: what a claim re-checks as it leases. */
function dueForSync(
  eb: ExpressionBuilder<Database, 'transactions'>,
  criteria: Criteria,
  now: Date,
  store: Pick<StoreContext, 'postgres' | 'livemode'>,
) {
  return eb.or(reasonsOf(criteria).map((reason) => eb.and([reasonFor(eb, reason, criteria), claimable(eb, reason, criteria, now, store)])));
}

interface Due {
  reference: string;
  updated_at: string;
  created_at: string;
}

/** The union of the selections, each payment once, in `order` (then by reference), at most `limit`. */
function merged(selections: Due[][], limit: number, order: 'updated_at' | 'created_at'): Due[] {
  const byReference = new Map<string, Due>();
  for (const rows of selections) for (const row of rows) byReference.set(row.reference, row);
  const key = (row: Due) => `${row[order]}\u0000${row.reference}`;
  return [...byReference.values()].sort((a, b) => (key(a) < key(b) ? -1 : 1)).slice(0, limit);
}

export function syncClaimStore({ db, postgres, clock, livemode }: StoreContext): SyncClaimStore {
  /** One reason's due payments, least recently changed first (drafts: oldest first, their index's order). */
  function selectDue(on: Kysely<Database> | Transaction<Database>, reason: Reason, criteria: Criteria, now: Date, limit: number) {
    return on
      .selectFrom('transactions')
      .select(['reference', 'updated_at', 'created_at'])
      .where((eb) => eb.and([reasonFor(eb, reason, criteria), claimable(eb, reason, criteria, now, { postgres, livemode })]))
      .orderBy(indexOrder(reason))
      .limit(limit);
  }

  return {
    async claimForSync({ limit, leaseMs, leaseUntil: exactly, ...criteria }) {
      const now = clock.now();
      const leaseUntil = exactly ?? new Date(now.getTime() + leaseMs).toISOString();
      if (postgres) {
        // Rows locked as they are read (SKIP LOCKED): another instance's claim takes the next ones.
        return db.transaction().execute(async (trx) => {
          const selections = await Promise.all(
            reasonsOf(criteria).map((reason) => selectDue(trx, reason, criteria, now, limit).forUpdate().skipLocked().execute()),
          );
          const due = merged(selections, limit, 'updated_at');
          if (due.length === 0) return [];
          const references = due.map((row) => row.reference);
          // The lease is bookkeeping: updated_at (the payment's age) stays as it was.
          await trx.updateTable('transactions').set({ sync_lease_until: leaseUntil }).where('reference', 'in', references).execute();
          return references;
        });
      }
      // SQLite: the selections read on the reader connection, outside the write transaction (which
      // every request's write waits for); the claim is one UPDATE that leases only those still due
      // and unleased as it runs, so two instances never both claim a payment.
      const selections = [];
      for (const reason of reasonsOf(criteria)) selections.push(await selectDue(db, reason, criteria, now, limit).execute());
      const due = merged(selections, limit, 'updated_at');
      if (due.length === 0) return [];
      const claimed = await db
        .updateTable('transactions')
        .set({ sync_lease_until: leaseUntil })
        .where(
          'reference',
          'in',
          due.map((row) => row.reference),
        )
        .where((eb) => dueForSync(eb, criteria, now, { postgres, livemode }))
        .returning('reference')
        .execute();
      const leased = new Set(claimed.map((row) => row.reference));
      return due.map((row) => row.reference).filter((reference) => leased.has(reference));
    },

    async renewSyncLease(reference, leaseMs, heldUntil) {
      const until = new Date(clock.now().getTime() + leaseMs).toISOString();
      const renewed = await db
        .updateTable('transactions')
        .set({ sync_lease_until: until })
        .where('reference', '=', reference)
        .where('sync_lease_until', '=', heldUntil)
        .executeTakeFirst();
      return Number(renewed.numUpdatedRows) > 0 ? until : undefined;
    },

    async listTooOldForSync({ statuses, changedBefore, draftsCreatedBefore, draftsOldest, createdBefore, limit }) {
      const criteria: Criteria = { statuses, changedBefore, draftsCreatedBefore };
      const selections = [];
      for (const reason of reasonsOf(criteria)) {
        selections.push(
          await db
            .selectFrom('transactions')
            .select(['reference', 'updated_at', 'created_at'])
            .where((eb) => reasonFor(eb, reason, criteria))
            .where((eb) => tooOld(eb, reason, { draftsOldest, createdBefore }))
            // A literal, as in the partial index's WHERE (see `reasonFor`).
            .where('needs_attention', '=', sql.lit(0))
            // Each in its index's order (the partial ones: updated_at; drafts: created_at), or
            // SQLite walked transactions_created over every payment older than createdBefore to
            // spare a sort; the few rows read are merged by creation below.
            .orderBy(indexOrder(reason))
            .limit(limit)
            .execute(),
        );
      }
      return merged(selections, limit, 'created_at').map((row) => row.reference);
    },

    async syncBacklog({ limit, ...criteria }) {
      const now = clock.now();
      // Up to `limit` of each reason: past `limit` due payments the exact number matters less than
      // keeping a scrape from counting a whole table. The answer is the count of the union, capped
      // at `limit`, and its least recently changed payment: once the reasons read so far hold
      // `limit` payments the count is settled, and a reason read in updated_at order (its index's)
      // has its least recently changed payment first, so one row of it is enough. The draft
      // selection, in created_at order, goes first, read whole. A backlog past `limit` then reads
      // about `limit` rows, not `limit` per reason (issue 17: 128 rows at 1 M payments, 52 now).
      const byReference = new Set<string>();
      let oldest: string | null = null;
      const reasons = reasonsOf(criteria);
      const inOrder = [...reasons.filter((r) => indexOrder(r) !== 'updated_at'), ...reasons.filter((r) => indexOrder(r) === 'updated_at')];
      for (const reason of inOrder) {
        const settled = byReference.size >= limit && indexOrder(reason) === 'updated_at';
        for (const row of await selectDue(db, reason, criteria, now, settled ? 1 : limit).execute()) {
          byReference.add(row.reference);
          if (oldest === null || row.updated_at < oldest) oldest = row.updated_at;
        }
      }
      return { due: Math.min(limit, byReference.size), oldestDueUpdatedAt: oldest };
    },

    async countNeedingAttention() {
      const row = await db
        .selectFrom('transactions')
        .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
        .where('needs_attention', '=', 1)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    async deferSync(reference, until) {
      await db.updateTable('transactions').set({ sync_lease_until: until }).where('reference', '=', reference).execute();
    },

    async claimDraftSend(reference, leaseMs, answerLost = false) {
      const now = clock.now();
      // Its own column: the reconciler's sync_lease_until also holds an unknown draft's wait before
      // it is asked again (deferSync), which must not read as a send in progress (migration 0020).
      const result = await db
        .updateTable('transactions')
        .set({ send_lease_until: new Date(now.getTime() + leaseMs).toISOString() })
        .where('reference', '=', reference)
        .where('state', '=', 'draft')
        .where('sync_needed', '=', answerLost ? 1 : 0)
        .where((eb) => eb.or([eb('send_lease_until', 'is', null), eb('send_lease_until', '<=', now.toISOString())]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async releaseDraftSend(reference) {
      await db.updateTable('transactions').set({ send_lease_until: null }).where('reference', '=', reference).execute();
    },
  };
}
