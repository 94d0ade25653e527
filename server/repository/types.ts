/**
 * The one storage interface of the server. Implemented once over Kysely (SQLite and PostgreSQL);
 * the same test suite runs against both.
 */
import type { PaymentState } from '../../shared/status.ts';
import type { SaveCardPolicy } from '../../shared/schemas/api.ts';

export interface Customer {
  id: string;
  name?: string;
  email?: string;
  address?: { line1?: string; zip?: string; town?: string; country?: string };
  phone?: string;
}

export interface CheckoutSessionRecord {
  id: string;
  buttonId: string | null;
  amount: number;
  currency: string;
  merchantReference: string | null;
  description: string | null;
  customer: Customer | null;
  locale: string | null;
  saveCard: SaveCardPolicy;
  successUrl: string | null;
  failureUrl: string | null;
  metadata: Record<string, string> | null;
  quantity: number;
  status: 'open' | 'paid';
  paidReference: string | null;
  expiresAt: string;
  createdAt: string;
  /**
   * A saved-card attempt holding the session while DirectLink answers (claimSession), and until
   * when: other attempts get 409 attempt_in_progress meanwhile.
   */
  claimReference?: string | null;
  claimUntil?: string | null;
}

export interface ButtonRecord {
  id: string;
  name: string;
  amount: number;
  currency: string;
  minQuantity: number;
  maxQuantity: number;
  saveCard: SaveCardPolicy;
  successUrl: string | null;
  failureUrl: string | null;
  createdAt: string;
  deletedAt: string | null;
}

export interface TransactionRecord {
  /** Our ORDERID at Ogone. */
  reference: string;
  sessionId: string;
  amount: number;
  currency: string;
  capturedAmount: number;
  refundedAmount: number;
  state: PaymentState;
  lastStatus: number | null;
  payid: string | null;
  pm: string | null;
  brand: string | null;
  /** Masked as Ogone returns it (`XXXXXXXXXXXX1111`); a full number is never stored. */
  cardNumber: string | null;
  expiry: string | null;
  cardHolder: string | null;
  ncError: string | null;
  trxDate: string | null;
  amountMismatch: boolean;
  aliasRequest: string | null;
  customerId: string | null;
  operation: string;
  locale: string | null;
  createdAt: string;
  updatedAt: string;
  /** The saved card a DirectLink payment used (issue 6). */
  aliasId?: string | null;
  /** A DirectLink outcome is unknown or an operation is in flight: the reconciler queries it. */
  syncNeeded?: boolean;
  /** The reconciler gave up on it (older than RECONCILE_MAX_AGE_DAYS, still unresolved): a person must look. */
  needsAttention?: boolean;
  /** A second payment of an already paid session: the session's paid reference (duplicates.ts). */
  duplicateOf?: string | null;
}

export type TransactionPatch = Partial<
  Pick<
    TransactionRecord,
    | 'capturedAmount' | 'refundedAmount' | 'state' | 'lastStatus' | 'payid' | 'pm' | 'brand' | 'cardNumber'
    | 'expiry' | 'cardHolder' | 'ncError' | 'trxDate' | 'amountMismatch' | 'syncNeeded' | 'needsAttention' | 'duplicateOf'
  >
>;

export type MaintenanceKind = 'capture' | 'refund' | 'cancel';
/**
 * sending: recorded, DirectLink call under way; pending: accepted, processed offline (91, 81,
 * 61) or uncertain; done; failed (refused, or never reached the platform); unknown: no answer
 * came (timeout), a query tells later.
 */
export type MaintenanceStatus = 'sending' | 'pending' | 'done' | 'failed' | 'unknown';

export interface MaintenanceOperationRecord {
  id: string;
  reference: string;
  kind: MaintenanceKind;
  operation: string;
  amount: number;
  status: MaintenanceStatus;
  ogoneStatus: number | null;
  payidSub: number | null;
  ncError: string | null;
  idempotencyKey: string | null;
  createdAt: string;
  updatedAt: string;
}

export type MaintenancePatch = Partial<Pick<MaintenanceOperationRecord, 'status' | 'ogoneStatus' | 'payidSub' | 'ncError'>>;

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
}

export type AliasDeletionStatus = 'pending' | 'done';

export type NewAlias = Omit<AliasRecord, 'id' | 'createdAt' | 'deletedAt' | `deletion${string}`>;

/** The result of one attempt to delete an alias at the platform. */
export type AliasDeletionAttempt =
  | { ok: true; at: string; event: (alias: AliasRecord) => EventDraft }
  | { ok: false; error: string; nextAttemptAt: string };

/** `query`: a DirectLink query answer applied like a feedback (sync, reconciler). */
export type FeedbackChannel = 'browser' | 'server' | 'query';
export type FeedbackOutcome = 'applied' | 'unchanged' | 'mismatch';

export interface FeedbackLogRecord {
  id: string;
  reference: string;
  receivedAt: string;
  channel: FeedbackChannel;
  status: number | null;
  outcome: FeedbackOutcome;
  params: Record<string, string>;
  /** Exact repeats received after this one (same channel and kept parameters), and the last one's time. */
  repeatCount: number;
  lastReceivedAt: string;
}

/** What one retention pass removed (counts of rows changed). */
export interface PersonalDataPurge {
  sessions: number;
  transactions: number;
  feedback: number;
  /** Webhook events of those payments whose card holder's name was removed. */
  events: number;
}

export type WebhookEventStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookEventRecord {
  id: string;
  type: string;
  reference: string | null;
  data: unknown;
  createdAt: string;
  status: WebhookEventStatus;
  attempts: number;
  nextAttemptAt: string;
  deliveredAt: string | null;
  lastError: string | null;
}

export interface WebhookAttemptRecord {
  id: string;
  eventId: string;
  attemptedAt: string;
  statusCode: number | null;
  error: string | null;
  ok: boolean;
}

export interface EventDraft {
  type: string;
  reference: string | null;
  data: unknown;
}

/** What `mutateTransaction`'s callback decides, applied atomically with the row lock held. */
export interface TransactionDecision<T> {
  patch?: TransactionPatch;
  events?: EventDraft[];
  /** Inserted unless an alias of that name exists; `event` is emitted only when it was inserted. */
  alias?: { record: NewAlias; event?: (alias: AliasRecord) => EventDraft };
  markSessionPaid?: boolean;
  /** Maintenance operations recorded or updated in the same database transaction. */
  operations?: { insert?: MaintenanceOperationRecord[]; update?: Array<{ id: string; patch: MaintenancePatch }> };
  feedback?: { channel: FeedbackChannel; status: number | null; outcome: FeedbackOutcome; params: Record<string, string> };
  result: T;
}

/** What the reconciler claims (docs/ogone-protocol.md §9). */
export interface SyncClaim {
  /** Last STATUS in these (the unresolved ones), or flagged `syncNeeded`… */
  statuses: readonly number[];
  /** …unchanged since then. */
  changedBefore: string;
  /** Also attempts still in `draft` created before this (the shopper left for the hosted page). */
  draftsCreatedBefore?: string;
  /** Only payments created at or after this (RECONCILE_MAX_AGE_DAYS); never flagged needsAttention. */
  createdAfter?: string;
  limit: number;
  leaseMs: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TransactionFilter {
  state?: string;
  /** States left out when no `state` is asked for (expired attempts, by default). */
  hiddenStates?: readonly string[];
  sessionId?: string;
  createdFrom?: string;
  createdTo?: string;
  cursor?: string;
  limit: number;
}

export interface IdempotencyRecord {
  requestHash: string;
  /** 0 while the first request is still running. */
  statusCode: number;
  response: unknown;
}

export type IdempotencyReservation =
  | { kind: 'reserved' }
  | { kind: 'existing'; record: IdempotencyRecord };

export interface Repository {
  readonly dialect: 'sqlite' | 'postgres';
  ping(): Promise<void>;
  close(): Promise<void>;

  createSession(session: CheckoutSessionRecord): Promise<void>;
  getSession(id: string): Promise<CheckoutSessionRecord | undefined>;
  /**
   * Claims an open session for the attempt `reference` until `until`, in one conditional UPDATE
   * (status open, no live claim at `now`): of concurrent claims — one process or several on one
   * PostgreSQL — exactly one succeeds. Otherwise says why: paid, busy (another claim) or missing.
   */
  claimSession(id: string, reference: string, now: string, until: string): Promise<'claimed' | 'paid' | 'busy' | 'missing'>;
  /** Ends the claim of `reference` (a declined or failed attempt); another attempt's claim stays. */
  releaseSessionClaim(id: string, reference: string): Promise<void>;

  createButton(button: ButtonRecord): Promise<void>;
  getButton(id: string): Promise<ButtonRecord | undefined>;
  listButtons(options: { cursor?: string; limit: number }): Promise<Page<ButtonRecord>>;
  /** Soft delete; false when there was no such live button. */
  deleteButton(id: string, at: string): Promise<boolean>;

  createTransaction(transaction: TransactionRecord): Promise<void>;
  getTransaction(reference: string): Promise<TransactionRecord | undefined>;
  listTransactions(filter: TransactionFilter): Promise<Page<TransactionRecord>>;
  /**
   * Locks the transaction row (SELECT … FOR UPDATE on PostgreSQL; SQLite's write lock), lets
   * `decide` look at the current state and applies its decision — patch, feedback log, alias,
   * outbox events, session paid — in the same database transaction. Undefined when there is no
   * such transaction. `decide` must be synchronous and free of side effects: it may be retried.
   */
  mutateTransaction<T>(
    reference: string,
    decide: (current: TransactionRecord, session: CheckoutSessionRecord, operations: readonly MaintenanceOperationRecord[]) => TransactionDecision<T>,
  ): Promise<{ before: TransactionRecord; after: TransactionRecord; result: T; events: WebhookEventRecord[] } | undefined>;
  listOperations(reference: string): Promise<MaintenanceOperationRecord[]>;
  saveChallenge(challenge: { token: string; reference: string; html: string }): Promise<void>;
  getChallenge(token: string): Promise<{ token: string; reference: string; html: string; createdAt: string } | undefined>;
  /**
   * Claims up to `limit` payments the reconciler should query — last STATUS in `statuses` or
   * flagged `syncNeeded`, unchanged since `changedBefore`, not leased — and leases them for
   * `leaseMs` (FOR UPDATE SKIP LOCKED on PostgreSQL), so several instances query each once.
   */
  claimForSync(options: SyncClaim): Promise<string[]>;
  /**
   * After its query, a payment's reconciler lease — the claim's, ending at `claimedUntil` at the
   * latest — is set to end `leaseMs` from now, so the next round may take it again. A lease the
   * query cleared stays cleared, and one it pushed later (deferSync) stays as it is.
   */
  renewSyncLease(reference: string, leaseMs: number, claimedUntil: string): Promise<void>;
  /**
   * Payments the reconciler would query (same conditions as `claimForSync`) but created before
   * `createdBefore` and not yet flagged `needsAttention`: the ones it must stop querying.
   */
  listTooOldForSync(options: Omit<SyncClaim, 'leaseMs' | 'createdAfter'> & { createdBefore: string }): Promise<string[]>;
  /**
   * Holds a payment out of the reconciler's claims until `until` (its lease, pushed forward): a
   * draft the platform does not know is asked again only once its session has expired.
   */
  deferSync(reference: string, until: string): Promise<void>;
  listFeedback(reference: string, limit: number): Promise<FeedbackLogRecord[]>;
  /**
   * RETENTION_DAYS: removes the customer's name, e-mail, address and phone (sessions keep only
   * the customer id), the card holder's name (payment and its webhook events) and the feedback log's CN, EMAIL and IP of payments
   * created before `createdBefore`; amounts, states and references stay. Works in batches of
   * `batch` rows; safe to run from several instances at once.
   */
  purgePersonalData(options: { createdBefore: string; batch?: number }): Promise<PersonalDataPurge>;

  getAlias(id: string): Promise<AliasRecord | undefined>;
  listAliases(customerId: string): Promise<AliasRecord[]>;
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
   */
  recordAliasDeletion(id: string, attempt: AliasDeletionAttempt): Promise<boolean>;

  /** Appends events to the outbox outside any payment change (e.g. alias.deleted). */
  insertEvents(events: EventDraft[]): Promise<WebhookEventRecord[]>;
  listEvents(options: { cursor?: string; limit: number; type?: string; reference?: string }): Promise<Page<WebhookEventRecord & { deliveries: WebhookAttemptRecord[] }>>;
  getEvent(id: string): Promise<(WebhookEventRecord & { deliveries: WebhookAttemptRecord[] }) | undefined>;
  /**
   * Claims up to `limit` due events for delivery (FOR UPDATE SKIP LOCKED on PostgreSQL), oldest
   * first, never an event whose payment has an older undelivered one, and pushes their next
   * attempt `leaseMs` ahead so no other instance picks them while they are in flight.
   */
  claimDueEvents(options: { limit: number; leaseMs: number }): Promise<WebhookEventRecord[]>;
  recordDelivery(
    eventId: string,
    attempt: { statusCode: number | null; error: string | null; ok: boolean },
    next: { status: 'delivered' } | { status: 'pending'; nextAttemptAt: string } | { status: 'failed' },
  ): Promise<void>;

  reserveIdempotencyKey(scope: string, key: string, requestHash: string): Promise<IdempotencyReservation>;
  completeIdempotencyKey(scope: string, key: string, statusCode: number, response: unknown): Promise<void>;
  releaseIdempotencyKey(scope: string, key: string): Promise<void>;
}
