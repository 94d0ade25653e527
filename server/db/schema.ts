/**
 * Table shapes as Kysely sees them. Both dialects store the same values: timestamps as ISO 8601
 * UTC text on SQLite (sorts correctly as text) and timestamptz on PostgreSQL (migration 0029), read
 * and written as that same text on both (db/connect.ts isoFromTimestamptz); amounts as integers in
 * minor units (BIGINT on PostgreSQL, read back as numbers), flags as 0/1 integers, JSON as text.
 *
 * A column that only ever holds one of a known set of values is typed as that set, imported from
 * where the domain defines it, so a query that writes or compares anything else does not compile
 * and rows.ts maps rows without casts. Ogone's STATUS columns stay numbers: the platform may send
 * a code docs/ogone-protocol.md §6 does not list, and it is stored as sent.
 */
import type { Generated } from 'kysely';
import type { OrderOperation } from '../../shared/order-operations.ts';
import type { SaveCardPolicy } from '../../shared/schemas/api.ts';
import type { PaymentState } from '../../shared/status.ts';
import type { MaintenanceOperation } from '../directlink/requests.ts';
import type { AliasDeletionStatus } from '../repository/records/aliases.ts';
import type { FeedbackChannel, FeedbackOutcome } from '../repository/records/feedback-log.ts';
import type { DuplicateAction } from '../repository/records/transactions.ts';
import type { MaintenanceKind, MaintenanceStatus } from '../repository/records/operations.ts';
import type { WebhookEventStatus } from '../repository/records/outbox.ts';
import type { SessionMode, SessionStatus } from '../repository/records/sessions.ts';

/** A boolean as both dialects store it (integer columns: SQLite has no boolean type). */
export type Flag = 0 | 1;

export interface CheckoutSessionTable {
  id: string;
  button_id: string | null;
  amount: number;
  currency: string;
  merchant_reference: string | null;
  description: string | null;
  customer_id: string | null;
  customer_json: string | null;
  locale: string | null;
  save_card: SaveCardPolicy;
  success_url: string | null;
  failure_url: string | null;
  metadata_json: string | null;
  quantity: number;
  /** Expired and processing are derived from it and the payments when a session is shown. */
  status: SessionStatus;
  paid_reference: string | null;
  expires_at: string;
  created_at: string;
  /** The saved-card attempt holding the session (0005_session_claims), and until when. */
  claim_reference?: string | null;
  claim_until?: string | null;
  /** Migration 0006: when RETENTION_DAYS removed the customer's personal data. */
  redacted_at?: string | null;
  /** Migration 0008: `payment`, or `setup` (saves a card without paying, issue 19). */
  mode?: SessionMode;
  /** Migration 0023: 1 made for Ogone production, 0 for the test platform or the sandbox; NULL before 0023. */
  livemode?: Flag | null;
}

export interface ButtonTable {
  id: string;
  name: string;
  amount: number;
  currency: string;
  min_quantity: number;
  max_quantity: number;
  save_card: SaveCardPolicy;
  success_url: string | null;
  failure_url: string | null;
  created_at: string;
  deleted_at: string | null;
}

export interface TransactionTable {
  reference: string;
  session_id: string;
  amount: number;
  currency: string;
  captured_amount: number;
  refunded_amount: number;
  state: PaymentState;
  last_status: number | null;
  payid: string | null;
  pm: string | null;
  brand: string | null;
  card_number: string | null;
  expiry: string | null;
  card_holder: string | null;
  nc_error: string | null;
  trx_date: string | null;
  amount_mismatch: Flag;
  /** The ALIAS we asked Ogone to create, when the shopper chose to save the card. */
  alias_request: string | null;
  customer_id: string | null;
  operation: OrderOperation;
  locale: string | null;
  created_at: string;
  updated_at: string;
  /** Migration 0002: the saved card a DirectLink payment used. */
  alias_id?: string | null;
  /** 0/1: a DirectLink outcome is unknown or an operation is in flight; the reconciler queries it. */
  sync_needed?: Flag;
  /** Until when a reconciler instance holds this payment (one query per round across instances). */
  sync_lease_until?: string | null;
  /** Migration 0003: 0/1, the reconciler stopped querying it (too old) and a person must look. */
  needs_attention?: Flag;
  /** Migration 0005: the session's first paid reference, when this payment is a second one. */
  duplicate_of?: string | null;
  /** Migration 0034: DUPLICATE_PAYMENTS when it was flagged (its announcement's action); NULL before 0034. */
  duplicate_action?: DuplicateAction | null;
  /** Migration 0009: the search keys copied from the session and the card (issue 16). */
  merchant_reference?: string | null;
  /** Lower-cased, so `q` matches an e-mail case-insensitively through the index. */
  customer_email?: string | null;
  card_last4?: string | null;
  /** Migration 0018: a setup verification's alias was updated with another card meanwhile (§15). */
  card_replaced_at?: string | null;
  /** Who sends this draft's order until then (aliases/charge.ts); apart from the reconciler's sync_lease_until (0020). */
  send_lease_until?: string | null;
  /** Migration 0023: 1 made for Ogone production, 0 for the test platform or the sandbox; NULL before 0023. */
  livemode?: Flag | null;
  /** Migration 0024: 1, a feedback told of money only a query can count; only a query clears it. */
  awaits_query?: Flag | null;
  /** Migration 0024: 1, a pending payment's feedback named the alias it asked for; saved once paid. */
  alias_confirmed?: Flag | null;
}

export interface MaintenanceOperationTable {
  id: string;
  reference: string;
  kind: MaintenanceKind;
  /** SAS, SAL, RFD, RFS, DES or DEL */
  operation: MaintenanceOperation;
  amount: number;
  status: MaintenanceStatus;
  ogone_status: number | null;
  payid_sub: number | null;
  nc_error: string | null;
  idempotency_key: string | null;
  created_at: string;
  updated_at: string;
  /** Migration 0025: when the acquirer took back this refund once done (94, 96); NULL otherwise. */
  reversed_at?: string | null;
  /** Migration 0030: whether the merchant's request named a part of what was left (1) or asked for all (0); NULL before. */
  named_part?: Flag | null;
  /** Migration 0035: a capture's request said `"final": true` (1) or not (0); NULL before, and for other operations. */
  final?: Flag | null;
}

export interface ChallengeTable {
  token: string;
  reference: string;
  html: string;
  created_at: string;
}

export interface AliasTable {
  id: string;
  customer_id: string;
  alias: string;
  brand: string | null;
  card_number: string | null;
  last4: string | null;
  expiry: string | null;
  card_holder: string | null;
  reference: string;
  created_at: string;
  deleted_at: string | null;
  /** Migration 0004: null, pending (DELALIAS not yet confirmed by the platform) or done. */
  deletion_status?: AliasDeletionStatus | null;
  deletion_requested_at?: string | null;
  deletion_attempts?: number;
  /** When the next DELALIAS attempt is due (also the lease of the instance sending it). */
  deletion_next_attempt_at?: string | null;
  deletion_last_error?: string | null;
  /** Migration 0018: the customer's saved card this alias repeats; never listed, deleted at the platform. */
  same_card_as?: string | null;
  /** Migration 0023: 1 made for Ogone production, 0 for the test platform or the sandbox; NULL before 0023. */
  livemode?: Flag | null;
}

export interface FeedbackLogTable {
  id: string;
  reference: string;
  received_at: string;
  channel: FeedbackChannel;
  status: number | null;
  outcome: FeedbackOutcome;
  params_json: string;
  /**
   * Migration 0006: digest of the kept parameters; an exact repeat increments repeat_count. With
   * reference and channel the primary key (0021); `legacy:<id>` on rows logged before 0006.
   */
  params_hash: string;
  repeat_count?: number;
  last_received_at?: string | null;
  /**
   * Migration 0028: the kept parameters but CN, EMAIL and IP, packed (repository/
   * feedback-params-packing.ts); params_json then holds those three only. NULL on rows logged before.
   */
  params_packed?: Uint8Array | null;
  /** When RETENTION_DAYS removed CN, EMAIL and IP from params_json. */
  redacted_at?: string | null;
  /** Migration 0013: exact copies of this applied row through the return URL's other caller, and the first one's time. */
  copy_count?: number;
  copy_received_at?: string | null;
}

export interface WebhookEventTable {
  id: string;
  type: string;
  reference: string | null;
  data_json: string;
  created_at: string;
  status: WebhookEventStatus;
  attempts: number;
  next_attempt_at: string;
  delivered_at: string | null;
  last_error: string | null;
  /** Migration 0023: 1 made for Ogone production, 0 for the test platform or the sandbox; NULL before 0023. */
  livemode: Flag | null;
}

export interface WebhookAttemptTable {
  id: string;
  event_id: string;
  attempted_at: string;
  status_code: number | null;
  error: string | null;
  ok: Flag;
}

/** Migration 0033: when an instance with WEBHOOK_URL first started delivering (one row). */
export interface WebhookDeliveryTable {
  id: string;
  started_at: string;
}

export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number;
  response_json: string;
  created_at: string;
}

export interface Database {
  checkout_sessions: CheckoutSessionTable;
  buttons: ButtonTable;
  transactions: TransactionTable;
  aliases: AliasTable;
  feedback_log: FeedbackLogTable;
  webhook_events: WebhookEventTable;
  webhook_attempts: WebhookAttemptTable;
  webhook_delivery: WebhookDeliveryTable;
  idempotency_keys: IdempotencyKeyTable;
  maintenance_operations: MaintenanceOperationTable;
  challenges: ChallengeTable;
}

// Kept so a future serial column has the helper type at hand.
export type { Generated };
