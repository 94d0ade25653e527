/**
 * Saved cards (records/aliases.ts). An alias is created with the payment that saved it
 * (mutate-transaction.ts); forgetting one goes through the platform first (alias-deletions.ts).
 */
import { aliasDeletionMethods } from './alias-deletions.ts';
import { idCursor } from './cursor.ts';
import { insertEvents } from './outbox.ts';
import { page } from './page.ts';
import type { AliasStore } from './records/aliases.ts';
import { rowToAlias } from './rows.ts';
import type { StoreContext } from './store-context.ts';

export function aliasStore({ db, clock, postgres, livemode }: StoreContext): AliasStore {
  return {
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

    async savedCardOfPayment(customerId, reference) {
      // Through the customer's index: a customer's cards are few, its payments' references many.
      const recorded = await db
        .selectFrom('aliases')
        .selectAll()
        .where('customer_id', '=', customerId)
        .where('reference', '=', reference)
        .executeTakeFirst();
      const saved = recorded?.same_card_as
        ? await db.selectFrom('aliases').selectAll().where('id', '=', recorded.same_card_as).executeTakeFirst()
        : recorded;
      return saved && saved.deleted_at === null && saved.deletion_status == null ? rowToAlias(saved) : undefined;
    },

    async deleteStoredAgain(customerId, reference, at) {
      const again = {
        deletion_status: 'pending',
        deletion_requested_at: at,
        deletion_next_attempt_at: at,
        deletion_last_error: null,
      } as const;
      const repeat = await db
        .updateTable('aliases')
        .set({ ...again, deleted_at: null })
        .where('customer_id', '=', customerId)
        .where('reference', '=', reference)
        .where('same_card_as', 'is not', null)
        .executeTakeFirst();
      if (Number(repeat.numUpdatedRows) > 0) return 'repeat';
      // Its deleted_at stays: the card was forgotten then, and announced (alias-deletions.ts).
      const forgotten = await db
        .updateTable('aliases')
        .set(again)
        .where('customer_id', '=', customerId)
        .where('reference', '=', reference)
        .where('same_card_as', 'is', null)
        .where((eb) => eb.or([eb('deleted_at', 'is not', null), eb('deletion_status', 'is not', null)]))
        .executeTakeFirst();
      return Number(forgotten.numUpdatedRows) > 0 ? 'forgotten' : undefined;
    },

    async listAliasesPage(customerId, { limit, cursor }) {
      const rows = await db
        .selectFrom('aliases')
        .selectAll()
        .where('customer_id', '=', customerId)
        .where('deleted_at', 'is', null)
        .where('deletion_status', 'is', null)
        .$if(cursor !== undefined, (q) => q.where('id', '<', idCursor(cursor!, 'alias')))
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      return page(rows.map(rowToAlias), limit, (last) => [last.id]);
    },

    async deleteAlias(id, at) {
      const result = await db
        .updateTable('aliases')
        .set({ deleted_at: at, card_holder: null })
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    ...aliasDeletionMethods(
      db,
      postgres,
      (trx, drafts, after, recorded) => insertEvents(trx, drafts, clock, recorded ?? livemode, after),
      livemode,
    ),
  };
}
