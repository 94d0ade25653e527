/** Saved cards: an Ogone ALIAS per card a customer chose to keep (docs/ogone-protocol.md §10). */
import type { Page } from '../page.ts';
import type { EventDraft } from './outbox.ts';

export type AliasDeletionStatus = 'pending' | 'done';

export interface AliasRecord {
  id: string;
  customerId: string;
  alias: string;
  brand: string | null;
  cardNumber: string | null;
  last4: string | null;
  expiry: string | null;
  cardHolder: string | null;
  reference: string;
  createdAt: string;
  deletedAt: string | null;
  /**
   * Forgetting the card (docs/ogone-protocol.md §10): `pending` until the platform confirms the
   * deletion (not listed, not chargeable), then `done` with deletedAt set; null otherwise.
   */
  deletionStatus?: AliasDeletionStatus | null;
  deletionRequestedAt?: string | null;
  deletionAttempts?: number;
  deletionNextAttemptAt?: string | null;
  deletionLastError?: string | null;
  /** The platform it was made for, true for Ogone production (migration 0023); absent on rows made before it. */
  livemode?: boolean;
}

export type NewAlias = Omit<AliasRecord, 'id' | 'createdAt' | 'deletedAt' | `deletion${string}`>;

/**
 * The claim an attempt was sent under, as claimAliasDeletions answered it: its lease
 * (`deletionNextAttemptAt`) and the request it deletes (`deletionRequestedAt`).
 */
export type AliasDeletionClaim = Pick<AliasRecord, 'deletionNextAttemptAt' | 'deletionRequestedAt'>;

/**
 * The result of one attempt to delete an alias at the platform, sent under `claim`: it is recorded
 * only while that claim is still the alias's (alias-deletions.ts recordAliasDeletion).
 */
export type AliasDeletionAttempt = { claim: AliasDeletionClaim } & (
  { ok: true; at: string; event: (alias: AliasRecord) => EventDraft } | { ok: false; error: string; nextAttemptAt: string }
);

/** Aliases are created only with the payment that saved the card (TransactionDecision.alias). */
export interface AliasStore {
  getAlias(id: string): Promise<AliasRecord | undefined>;
  listAliases(customerId: string): Promise<AliasRecord[]>;
  /**
   * The saved card payment `reference` recorded for `customerId` — the one it kept when it
   * repeated a card already saved (repository/saved-card.ts) — while it is saved; else undefined.
   */
  savedCardOfPayment(customerId: string, reference: string): Promise<AliasRecord | undefined>;
  /**
   * The card payment `reference` recorded for `customerId`, made due for deletion at the platform
   * again (pending, now) when the platform may hold its alias again (FlexCheckout's signed link
   * reopened): a repeat (same_card_as), whatever its deletion's state — 'repeat' — or a card
   * forgotten or being forgotten — 'forgotten'. No event tells of it again: a repeat was never
   * announced, and a forgotten card's `alias.deleted` is sent once (alias-deletions.ts).
   * Undefined when the card is saved, or there is none.
   */
  deleteStoredAgain(customerId: string, reference: string, at: string): Promise<'repeat' | 'forgotten' | undefined>;
  /** One page of the same list, newest first, for the merchant API (a loyal customer's cards are many, issue 17). */
  listAliasesPage(customerId: string, options: { limit: number; cursor?: string }): Promise<Page<AliasRecord>>;
  deleteAlias(id: string, at: string): Promise<boolean>;
  /**
   * Marks the alias `deletion_pending` (due at once) unless it is already pending or deleted, in
   * one conditional UPDATE; answers the alias as it now is (undefined: no such alias).
   */
  requestAliasDeletion(id: string, at: string): Promise<AliasRecord | undefined>;
  /**
   * Claims up to `limit` pending deletions due at `now`, pushing each one's next attempt `leaseMs`
   * ahead (a conditional UPDATE per alias), so one instance sends each DELALIAS at a time.
   */
  claimAliasDeletions(options: { now: string; limit: number; leaseMs: number; id?: string }): Promise<AliasRecord[]>;
  /**
   * Records one attempt: confirmed → done + deletedAt + the event, in one transaction, once
   * (true only for the call that made the change); failed → attempts + 1, error, next due time.
   * Nothing (false) once the claim that sent it is no longer the alias's: made due again since
   * (deleteStoredAgain), or claimed by another caller after its lease ended.
   */
  recordAliasDeletion(id: string, attempt: AliasDeletionAttempt): Promise<boolean>;
}
