/**
 * The repository's side of forgetting a saved card (docs/ogone-protocol.md §10): mark it
 * deletion_pending, hand due deletions to one instance at a time, record each attempt. Every
 * change is one conditional UPDATE, so concurrent requests and instances make it once.
 */
import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import type { Database, Flag } from '../db/schema.ts';
import { rowToAlias } from './rows.ts';
import { ofPlatform } from './own-platform.ts';
import type { AliasStore } from './records/aliases.ts';
import type { EventDraft, WebhookEventRecord } from './records/outbox.ts';

type Methods = Pick<AliasStore, 'requestAliasDeletion' | 'claimAliasDeletions' | 'recordAliasDeletion'>;
/** outbox.ts insertEvents with the repository's clock; `after` the payment's newest event id. */
type InsertEvents = (
  trx: Kysely<Database> | Transaction<Database>,
  drafts: EventDraft[],
  after: string | null,
  /** The card's own platform (migration 0023), when recorded; else the store's. */
  livemode: Flag | null | undefined,
) => Promise<WebhookEventRecord[]>;

export function aliasDeletionMethods(
  db: Kysely<Database>,
  postgres: boolean,
  insertEvents: InsertEvents,
  /** This server's platform (StoreContext): a card of the other one is never claimed here. */
  livemode: Flag,
): Methods {
  const read = async (id: string) => {
    const row = await db.selectFrom('aliases').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? rowToAlias(row) : undefined;
  };
  return {
    async requestAliasDeletion(id, at) {
      await db
        .updateTable('aliases')
        // The card is forgotten from now on: its holder's name goes with the request (it is never
        // read again: a forgotten card is never charged, nor listed).
        .set({ deletion_status: 'pending', deletion_requested_at: at, deletion_next_attempt_at: at, card_holder: null })
        .where('id', '=', id)
        .where('deletion_status', 'is', null)
        .where('deleted_at', 'is', null)
        .execute();
      return read(id);
    },

    async claimAliasDeletions({ now, limit, leaseMs, id }) {
      let query = db
        .selectFrom('aliases')
        .selectAll()
        .where('deletion_status', '=', 'pending')
        .where('deletion_next_attempt_at', '<=', now)
        // A card saved on the other platform (before or after the go-live switch) is unknown to
        // this one, whose "not found" would confirm its deletion while the other still holds it.
        .where(ofPlatform(livemode));
      if (id !== undefined) query = query.where('id', '=', id);
      const due = await query.orderBy('deletion_next_attempt_at').limit(limit).execute();
      const leaseUntil = new Date(Date.parse(now) + leaseMs).toISOString();
      const claimed = [];
      for (const row of due) {
        // Only the instance whose UPDATE still sees the due time it read gets the alias.
        const result = await db
          .updateTable('aliases')
          .set({ deletion_next_attempt_at: leaseUntil })
          .where('id', '=', row.id)
          .where('deletion_status', '=', 'pending')
          .where('deletion_next_attempt_at', '=', row.deletion_next_attempt_at!)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) > 0) claimed.push(rowToAlias({ ...row, deletion_next_attempt_at: leaseUntil }));
      }
      return claimed;
    },

    async recordAliasDeletion(id, attempt) {
      // Only while the claim that sent it still holds the alias. The platform stored the alias
      // again meanwhile (a setup session's FlexCheckout link reopened: deleteStoredAgain made it
      // due again), so the answer to a DELALIAS sent before says nothing of the alias it holds now:
      // recorded as done, the card stayed stored there for good with nothing of ours left to delete
      // it. The next claim sends DELALIAS again; a second one is harmless (docs/ogone-protocol.md §10).
      // Both the lease and the request: a card made due again writes its own clock's time over
      // the lease, which an instance's clock ahead could make equal to it; the request's time it
      // writes too cannot equal both (a claimed request is older than its lease).
      const { deletionNextAttemptAt: until, deletionRequestedAt: requested } = attempt.claim;
      if (!until) return false;
      const stillClaimed = (eb: ExpressionBuilder<Database, 'aliases'>) =>
        eb.and([
          eb('deletion_status', '=', 'pending'),
          eb('deletion_next_attempt_at', '=', until),
          requested ? eb('deletion_requested_at', '=', requested) : eb('deletion_requested_at', 'is', null),
        ]);
      if (!attempt.ok) {
        const result = await db
          .updateTable('aliases')
          .set((eb) => ({
            deletion_attempts: eb('deletion_attempts', '+', 1),
            deletion_last_error: attempt.error.slice(0, 500),
            deletion_next_attempt_at: attempt.nextAttemptAt,
          }))
          .where('id', '=', id)
          .where(stillClaimed)
          .executeTakeFirst();
        return Number(result.numUpdatedRows) > 0;
      }
      return db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('aliases').select(['reference', 'deleted_at']).where('id', '=', id).executeTakeFirst();
        if (!before) return false;
        // On PostgreSQL the payment's row lock first, in the order its own writes take their locks
        // (the payment's row, then its saved card's): the other order deadlocked with a feedback
        // of that payment recording the card again. An alias's payment never changes.
        if (postgres)
          await trx.selectFrom('transactions').select('reference').where('reference', '=', before.reference).forUpdate().execute();
        const result = await trx
          .updateTable('aliases')
          .set((eb) => ({
            deletion_status: 'done',
            // A card deleted again (deleteStoredAgain: FlexCheckout stored it again) keeps the
            // time it was forgotten, and its `alias.deleted` was sent then.
            deleted_at: before.deleted_at ?? attempt.at,
            card_holder: null,
            deletion_attempts: eb('deletion_attempts', '+', 1),
            deletion_last_error: null,
            deletion_next_attempt_at: null,
          }))
          .where('id', '=', id)
          .where(stillClaimed)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return false;
        const updated = await trx.selectFrom('aliases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        // A repeat of a card the customer had saved (saved-card.ts) was never announced: its
        // deletion at the platform is bookkeeping, no `alias.deleted` for an id nobody was told of.
        // Nor is a card deleted again: its deletion was announced the first time.
        if (updated.same_card_as || before.deleted_at !== null) return true;
        // `alias.deleted` carries the payment's reference, so the outbox sends it in that payment's
        // order: after its `alias.created`, even when this host's clock is behind the one that
        // wrote it (outbox.ts eventRows), as mutate-transaction.ts does for a payment's events —
        // under the payment's row lock (above): an event of the payment still uncommitted would be
        // missed, and alias.deleted, committed first, sent first. (SQLite has one writer at a time.)
        const newest = await trx
          .selectFrom('webhook_events')
          .select((eb) => eb.fn.max('id').as('id'))
          .where('reference', '=', updated.reference)
          .executeTakeFirst();
        await insertEvents(trx, [attempt.event(rowToAlias(updated))], newest?.id ?? null, updated.livemode);
        return true;
      });
    },
  };
}
