/**
 * The saved card a payment's decision records (TransactionDecision.alias), inside the payment's
 * database transaction (mutate-transaction.ts).
 *
 * The same card saved again (issue 17: a loyal customer had 93 aliases, "the same card saved twice
 * should be one alias"): each hosted-page payment that saves the card, and each setup session, makes
 * a new alias at the platform, as we name one per attempt (docs/ogone-protocol.md §10). When the
 * customer already has a live saved card with the same brand, masked number and expiry date, that
 * one is kept — its id stays what the merchant knows and charges — and the new alias is recorded as
 * repeating it (`same_card_as`): never listed or announced (no `alias.created`), born
 * deletion_pending, so the alias deleter removes it at the platform without an `alias.deleted`.
 * A setup session completed by it names the kept card in `checkout.setup_completed`.
 *
 * Concurrent payments of one customer saving the same card: on PostgreSQL the check and the insert
 * run under a transaction-scoped advisory lock on the customer, so one of them sees the other's row;
 * SQLite's writes are one at a time already.
 */
import { sql, type Compilable, type QueryCreator } from 'kysely';
import type { Database, Flag } from '../db/schema.ts';
import { newId } from '../ids.ts';
import type { EventDraft } from './records/outbox.ts';
import type { TransactionDecision } from './records/transactions.ts';
import { rowToAlias } from './rows.ts';
import { ofPlatform } from './own-platform.ts';

type RunQuery = <R>(query: Compilable<R>) => Promise<R[]>;
type SavedCard = NonNullable<TransactionDecision<unknown>['alias']>;

/** The events the recorded card brings (none when its alias name was recorded before: a repeat). */
export async function insertSavedCard(
  qc: QueryCreator<Database>,
  run: RunQuery,
  postgres: boolean,
  card: SavedCard,
  now: string,
  livemode: Flag,
  /** The platform this server runs on now, which a card saved before migration 0023 (no livemode) shows. */
  storeLivemode: Flag,
): Promise<EventDraft[]> {
  const { record } = card;
  if (postgres) await run(qc.selectNoFrom(sql<string>`pg_advisory_xact_lock(hashtext(${`saved-card:${record.customerId}`}))`.as('locked')));
  const same =
    record.cardNumber === null
      ? undefined
      : (
          await run(
            qc
              .selectFrom('aliases')
              .selectAll()
              .where('customer_id', '=', record.customerId)
              .where('card_number', '=', record.cardNumber)
              .where('expiry', record.expiry === null ? 'is' : '=', record.expiry)
              .where('brand', record.brand === null ? 'is' : '=', record.brand)
              .where('alias', '!=', record.alias)
              // Only a card of the same platform: a live card taken for a repeat of the test one
              // saved before the go-live switch was deleted at production, and the only card left
              // was one production cannot charge (migration 0023).
              .where((eb) => (livemode === storeLivemode ? ofPlatform(livemode)(eb) : eb('livemode', '=', livemode)))
              .where('deleted_at', 'is', null)
              .where('deletion_status', 'is', null)
              .orderBy('id')
              .limit(1),
          )
        )[0];
  const inserted = await run(
    qc
      .insertInto('aliases')
      .values({
        id: newId('alias'),
        customer_id: record.customerId,
        alias: record.alias,
        brand: record.brand,
        card_number: record.cardNumber,
        last4: record.last4,
        expiry: record.expiry,
        // A repeat of a saved card is never listed nor charged, only deleted at the platform.
        card_holder: same ? null : record.cardHolder,
        reference: record.reference,
        created_at: now,
        deleted_at: null,
        livemode,
        ...(same ? { same_card_as: same.id, deletion_status: 'pending', deletion_requested_at: now, deletion_next_attempt_at: now } : {}),
      })
      .onConflict((oc) => oc.column('alias').doNothing())
      .returningAll(),
  );
  const created = inserted[0];
  if (!created) return [];
  // The card the customer has saved: the kept one when this alias repeats it.
  const saved = rowToAlias(same ?? created);
  const drafts: EventDraft[] = [];
  if (!same && card.event) drafts.push(card.event(saved));
  if (card.moreEvents) drafts.push(...card.moreEvents(saved));
  return drafts;
}

/**
 * The card a payment saved before it was paid (TransactionDecision.forgetCard), forgotten as
 * `DELETE /api/aliases/:id` forgets one (alias-deletions.ts requestAliasDeletion): deletion_pending
 * at once — no longer listed nor chargeable — its holder's name gone, and the alias deleter
 * removes it at the platform and announces `alias.deleted` (docs/ogone-protocol.md §10). Only the
 * row this payment recorded (its reference and alias name, of its customer: through the
 * customer's index) and only while no other payment's repeat points at it: that payment, paid,
 * saved the card too, and the customer keeps it.
 */
export async function forgetUnpaidCard(
  qc: QueryCreator<Database>,
  run: RunQuery,
  reference: string,
  card: { customerId: string; alias: string },
  now: string,
): Promise<void> {
  await run(
    qc
      .updateTable('aliases')
      .set({ deletion_status: 'pending', deletion_requested_at: now, deletion_next_attempt_at: now, card_holder: null })
      .where('customer_id', '=', card.customerId)
      .where('alias', '=', card.alias)
      .where('reference', '=', reference)
      .where('same_card_as', 'is', null)
      .where('deletion_status', 'is', null)
      .where('deleted_at', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('aliases as repeat')
              .select(sql.lit(1).as('one'))
              .where('repeat.customer_id', '=', card.customerId)
              .whereRef('repeat.same_card_as', '=', 'aliases.id'),
          ),
        ),
      ),
  );
}

/**
 * Fills in the expiry date and holder's name of the card this payment saved, where its row has
 * none (TransactionDecision.fillSavedCard): the row of its customer and alias name, written by this
 * payment, kept (not a repeat, not being forgotten). Review r1150: a card saved through a query
 * kept `expiry: null` for good — the widget could not tell it expired, and the same card saved
 * again was not known as a repeat.
 */
export async function fillSavedCard(
  qc: QueryCreator<Database>,
  run: RunQuery,
  reference: string,
  card: NonNullable<TransactionDecision<unknown>['fillSavedCard']>,
): Promise<void> {
  await run(
    qc
      .updateTable('aliases')
      .set((eb) => ({
        expiry: eb.fn.coalesce('expiry', eb.val(card.expiry)),
        card_holder: eb.fn.coalesce('card_holder', eb.val(card.cardHolder)),
      }))
      .where('customer_id', '=', card.customerId)
      .where('alias', '=', card.alias)
      .where('reference', '=', reference)
      .where('same_card_as', 'is', null)
      .where('deletion_status', 'is', null)
      .where('deleted_at', 'is', null),
  );
}
