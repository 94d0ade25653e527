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
 * A card saved through a query has no expiry date until the payment's deferred feedback fills it
 * in (fillSavedCard): the same check runs then, and a match makes that row the repeat.
 *
 * Concurrent payments of one customer saving the same card: on PostgreSQL the check and the insert
 * (or the fill) run under a transaction-scoped advisory lock on the customer, so one of them sees
 * the other's row; SQLite's writes are one at a time already.
 */
import { sql, type Compilable, type ExpressionBuilder, type QueryCreator, type Selectable } from 'kysely';
import type { AliasTable, Database, Flag } from '../db/schema.ts';
import { newId } from '../ids.ts';
import type { EventDraft } from './records/outbox.ts';
import type { TransactionDecision } from './records/transactions.ts';
import { rowToAlias } from './rows.ts';
import { ofPlatform } from './own-platform.ts';

type RunQuery = <R>(query: Compilable<R>) => Promise<R[]>;
type SavedCard = NonNullable<TransactionDecision<unknown>['alias']>;

/** The customer's saved cards are checked and written one payment at a time (PostgreSQL; SQLite has one writer). */
async function lockCustomerCards(qc: QueryCreator<Database>, run: RunQuery, postgres: boolean, customerId: string): Promise<void> {
  if (postgres) await run(qc.selectNoFrom(sql<string>`pg_advisory_xact_lock(hashtext(${`saved-card:${customerId}`}))`.as('locked')));
}

/**
 * The expiry date as its digits: the platform writes ED (and FlexCheckout Card.ExpiryDate) as MMYY
 * or MM/YY, and both are stored as received (docs/ogone-protocol.md §10; payments/views.ts
 * formatExpiry). Compared so, one card saved under both spellings is one card (review r1625).
 */
const expiryDigits = (expiry: string) => expiry.replaceAll('/', '');

/**
 * The customer's live saved card that a card with this brand, masked number and expiry date
 * repeats (docs/ogone-protocol.md §10 "The same card saved again"), other than the alias itself.
 */
async function sameLiveCard(
  qc: QueryCreator<Database>,
  run: RunQuery,
  card: { customerId: string; alias: string; brand: string | null; cardNumber: string; expiry: string | null },
  livemode: Flag,
  storeLivemode: Flag,
): Promise<Selectable<AliasTable> | undefined> {
  const { expiry } = card;
  const rows = await run(
    qc
      .selectFrom('aliases')
      .selectAll()
      .where('customer_id', '=', card.customerId)
      .where('card_number', '=', card.cardNumber)
      .where((eb) =>
        expiry === null ? eb('expiry', 'is', null) : eb(eb.fn('replace', ['expiry', eb.val('/'), eb.val('')]), '=', expiryDigits(expiry)),
      )
      .where('brand', card.brand === null ? 'is' : '=', card.brand)
      .where('alias', '!=', card.alias)
      // Only a card of the same platform: a live card taken for a repeat of the test one
      // saved before the go-live switch was deleted at production, and the only card left
      // was one production cannot charge (migration 0023).
      .where((eb) => (livemode === storeLivemode ? ofPlatform(livemode)(eb) : eb('livemode', '=', livemode)))
      .where('deleted_at', 'is', null)
      .where('deletion_status', 'is', null)
      .orderBy('id')
      .limit(1),
  );
  return rows[0];
}

/** The columns that make an alias a repeat of `kept`: never listed nor charged, only deleted at the platform. */
const repeatOf = (kept: { id: string }, now: string) =>
  ({
    same_card_as: kept.id,
    card_holder: null,
    deletion_status: 'pending',
    deletion_requested_at: now,
    deletion_next_attempt_at: now,
  }) as const;

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
  await lockCustomerCards(qc, run, postgres, record.customerId);
  const same =
    record.cardNumber === null
      ? undefined
      : await sameLiveCard(qc, run, { ...record, cardNumber: record.cardNumber }, livemode, storeLivemode);
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
        card_holder: record.cardHolder,
        reference: record.reference,
        created_at: now,
        deleted_at: null,
        livemode,
        ...(same ? repeatOf(same, now) : {}),
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
 *
 * The expiry date filled in may make it a card the customer had saved already (review r1626: the
 * same card paid again, its feedback lost and the payment settled by a query): then, as
 * insertSavedCard does, the live card is kept and this row becomes its repeat — no longer listed
 * nor charged, deleted at the platform — and the repeats recorded of it point at the kept card.
 * Its `alias.created` went out when the query saved it: its `alias.deleted` goes out now, in this
 * write (the deleter announces no repeat's deletion).
 */
export async function fillSavedCard(
  qc: QueryCreator<Database>,
  run: RunQuery,
  postgres: boolean,
  reference: string,
  card: NonNullable<TransactionDecision<unknown>['fillSavedCard']>,
  now: string,
  livemode: Flag,
  /** The platform this server runs on now (insertSavedCard). */
  storeLivemode: Flag,
): Promise<EventDraft[]> {
  await lockCustomerCards(qc, run, postgres, card.customerId);
  const kept = (eb: ExpressionBuilder<Database, 'aliases'>) =>
    eb.and([
      eb('customer_id', '=', card.customerId),
      eb('alias', '=', card.alias),
      eb('reference', '=', reference),
      eb('same_card_as', 'is', null),
      eb('deletion_status', 'is', null),
      eb('deleted_at', 'is', null),
    ]);
  const [row] = await run(qc.selectFrom('aliases').selectAll().where(kept));
  if (!row) return [];
  const same =
    row.expiry === null && card.expiry !== null && row.card_number !== null
      ? await sameLiveCard(
          qc,
          run,
          { customerId: card.customerId, alias: card.alias, brand: row.brand, cardNumber: row.card_number, expiry: card.expiry },
          livemode,
          storeLivemode,
        )
      : undefined;
  const filled = await run(
    qc
      .updateTable('aliases')
      .set((eb) => ({
        expiry: eb.fn.coalesce('expiry', eb.val(card.expiry)),
        card_holder: eb.fn.coalesce('card_holder', eb.val(card.cardHolder)),
        ...(same ? repeatOf(same, now) : {}),
      }))
      .where('id', '=', row.id)
      // Re-checked on the row: a DELETE marking it meanwhile (PostgreSQL) leaves it to that deletion.
      .where(kept)
      .returning('id'),
  );
  if (same && filled.length > 0)
    await run(
      qc
        .updateTable('aliases')
        .set({ same_card_as: same.id })
        .where('customer_id', '=', card.customerId)
        .where('same_card_as', '=', row.id),
    );
  // Announced by `alias.created` when the query saved it: its id is gone for the merchant now.
  return same && filled.length > 0 && card.repeatEvent
    ? [card.repeatEvent(rowToAlias({ ...row, expiry: row.expiry ?? card.expiry, card_holder: null }), now)]
    : [];
}
