/**
 * The reconciler's leases on payments (records/transactions.ts, SyncClaimStore): which payments
 * it should query (docs/ogone-protocol.md §9), claimed so several instances query each once.
 */
import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { SyncClaim, SyncClaimStore } from './records/transactions.ts';
import type { StoreContext } from './store-context.ts';

/**
 * A payment the reconciler should query (docs/ogone-protocol.md §9): last STATUS unresolved, or
 * flagged syncNeeded, and unchanged since `changedBefore` — or an attempt still in draft since
 * before `draftsCreatedBefore` (a lost feedback must not leave a paid order in draft).
 */
function syncCandidate(
  eb: ExpressionBuilder<Database, 'transactions'>,
  {
    statuses,
    changedBefore,
    draftsCreatedBefore,
  }: { statuses: readonly number[]; changedBefore: string; draftsCreatedBefore?: string | undefined },
) {
  const unresolved = eb.and([
    eb.or([eb('last_status', 'in', [...statuses]), eb('sync_needed', '=', 1)]),
    eb('updated_at', '<=', changedBefore),
  ]);
  if (draftsCreatedBefore === undefined) return unresolved;
  return eb.or([unresolved, eb.and([eb('state', '=', 'draft'), eb('created_at', '<=', draftsCreatedBefore)])]);
}

/**
 * A payment the reconciler's next round would claim at `now`: a candidate, young enough (when
 * `createdAfter` is given) and not leased. The claim and the backlog metrics both read this.
 */
function dueForSync(
  eb: ExpressionBuilder<Database, 'transactions'>,
  { statuses, changedBefore, draftsCreatedBefore, createdAfter }: Omit<SyncClaim, 'limit' | 'leaseMs'>,
  now: Date,
) {
  return eb.and([
    syncCandidate(eb, { statuses, changedBefore, draftsCreatedBefore }),
    ...(createdAfter !== undefined ? [eb('created_at', '>=', createdAfter), eb('needs_attention', '=', 0)] : []),
    eb.or([eb('sync_lease_until', 'is', null), eb('sync_lease_until', '<=', now.toISOString())]),
  ]);
}

export function syncClaimStore({ db, postgres, clock }: StoreContext): SyncClaimStore {
  return {
    async claimForSync({ limit, leaseMs, ...criteria }) {
      return db.transaction().execute(async (trx) => {
        const now = clock.now();
        const due = await trx
          .selectFrom('transactions')
          .select('reference')
          .where((eb) => dueForSync(eb, criteria, now))
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
        .set({ sync_lease_until: new Date(clock.now().getTime() + leaseMs).toISOString() })
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

    async syncBacklog({ limit, ...criteria }) {
      const now = clock.now();
      // Counted through a LIMIT: past `limit` due payments the exact number matters less than
      // keeping a scrape from counting a whole table.
      const counted = await db
        .selectFrom((qb) =>
          qb
            .selectFrom('transactions')
            .select('reference')
            .where((eb) => dueForSync(eb, criteria, now))
            .limit(limit)
            .as('due'),
        )
        .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
        .executeTakeFirstOrThrow();
      const oldest = await db
        .selectFrom('transactions')
        .select('updated_at')
        .where((eb) => dueForSync(eb, criteria, now))
        .orderBy('updated_at')
        .limit(1)
        .executeTakeFirst();
      return { due: Number(counted.count), oldestDueUpdatedAt: oldest?.updated_at ?? null };
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
  };
}
