/**
 * Payments (our ORDERID at Ogone) and what is written with them in one database transaction:
 * the feedback log, maintenance operations, a saved card, outbox events, the session paid.
 */
import type { OrderOperation } from '../../../shared/order-operations.ts';
import type { PaymentState } from '../../../shared/status.ts';
import type { Page } from '../page.ts';
import type { AliasRecord, NewAlias } from './aliases.ts';
import type { FeedbackChannel, FeedbackLogRecord, FeedbackOutcome } from './feedback-log.ts';
import type { MaintenanceOperationRecord, MaintenancePatch } from './operations.ts';
import type { EventDraft, WebhookEventRecord } from './outbox.ts';
import type { CheckoutSessionRecord } from './sessions.ts';

/** What DUPLICATE_PAYMENTS does with a second paid payment of a session: give it back, or only flag it. */
export type DuplicateAction = 'refund' | 'keep';

export interface TransactionRecord {
  /** Our ORDERID at Ogone. */
  reference: string;
  sessionId: string;
  amount: number;
  currency: string;
  capturedAmount: number;
  refundedAmount: number;
  state: PaymentState;
  /** The last STATUS Ogone sent: any code, not only those docs/ogone-protocol.md §6 lists. */
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
  operation: OrderOperation;
  locale: string | null;
  createdAt: string;
  updatedAt: string;
  /** The saved card a DirectLink payment used (issue 6). */
  aliasId?: string | null;
  /** A DirectLink outcome is unknown or an operation is in flight: the reconciler queries it. */
  syncNeeded?: boolean;
  /**
   * Why, when a feedback told of money the ledger could not count (the back office's capture or
   * refund): kept through our own operations' answers, cleared by a query's (migration 0024, payment-flags-migration.ts).
   */
  awaitsQuery?: boolean;
  /** A feedback of the payment still pending named the alias it asked for: the card is saved once paid (0024). */
  aliasConfirmed?: boolean;
  /** The reconciler gave up on it (older than RECONCILE_MAX_AGE_DAYS, still unresolved): a person must look. */
  needsAttention?: boolean;
  /** A second payment of an already paid session: the session's paid reference (duplicates.ts). */
  duplicateOf?: string | null;
  /**
   * What was announced for it when flagged (`payment.duplicate`'s `action`): given back or kept,
   * for good, whatever DUPLICATE_PAYMENTS says later (migration 0034). Null: flagged before 0034
   * with no announcement left to tell, so the setting decides.
   */
  duplicateAction?: DuplicateAction | null;
  /** The session's merchant reference and customer e-mail, copied so search is index-backed (issue 16). */
  merchantReference?: string | null;
  customerEmail?: string | null;
  /**
   * A setup session's verification whose alias the platform updated with another card while it
   * was under way (aliases/setup-return.ts): its result saves nothing (docs/ogone-protocol.md §15).
   */
  cardReplacedAt?: string | null;
  /** The platform it was made for, true for Ogone production (migration 0023); absent on rows made before it. */
  livemode?: boolean;
}

export type TransactionPatch = Partial<
  Pick<
    TransactionRecord,
    | 'capturedAmount'
    | 'refundedAmount'
    | 'state'
    | 'lastStatus'
    | 'payid'
    | 'pm'
    | 'brand'
    | 'cardNumber'
    | 'expiry'
    | 'cardHolder'
    | 'ncError'
    | 'trxDate'
    | 'amountMismatch'
    | 'syncNeeded'
    | 'awaitsQuery'
    | 'aliasConfirmed'
    | 'needsAttention'
    | 'duplicateOf'
    | 'duplicateAction'
    | 'cardReplacedAt'
  >
>;

/**
 * The flag and its reason together: a feedback told of money the ledger could not count, and only
 * a query's answer, reading the history levels, clears it (awaitsQuery; domain/ledger.ts settle).
 */
export const AWAITS_QUERY = { syncNeeded: true, awaitsQuery: true } as const satisfies TransactionPatch;

/**
 * `feedbackCopy`: what a copy of the feedback being applied shares with its first copy's log row
 * (feedback/log.ts feedbackCopyKey) and its STATUS, asked for only when the payment has
 * maintenance operations — then the feedback log is read, under the lock, for when the same
 * feedback was first received (SeenFeedback).
 */
export interface MutateOptions {
  feedbackCopy?: () => { key: string; status: number };
}

/** What the locked read learnt beside the row and its session. */
export interface SeenFeedback {
  /** When the feedback being applied was first received, if before. */
  firstReceivedAt: string | null;
  /**
   * The state of the payment that paid the session, when that is another payment than this one
   * (read in the same transaction, only then: two tabs, docs/ogone-protocol.md §8); `null` when
   * no such payment is found; undefined when the session is not paid by another.
   */
  sessionPaymentState?: PaymentState | null;
  /**
   * Read with it: whether a payment of the session other than that one and this one holds money the
   * merchant keeps — a duplicate kept (DUPLICATE_PAYMENTS=keep) while the session's own payment was
   * refunded: the order's money is held, so this one does not take the session over (review r1416).
   * A duplicate being given back does not count: its money goes back (r1436).
   */
  otherPaymentHoldsMoney?: boolean;
  /**
   * RETENTION_DAYS removed the payment's personal data (its feedback rows or its session are
   * redacted, mutate-transaction.ts): the store writes none back, so a feedback's card holder fills
   * nothing (reviews r1505, r1640: the payment's data goes up to a session's lifetime before its
   * session is redacted).
   */
  personalDataRemoved?: boolean;
}

/** What `mutateTransaction`'s callback decides, applied atomically with the row lock held. */
export interface TransactionDecision<T> {
  patch?: TransactionPatch;
  events?: EventDraft[];
  /** Inserted unless an alias of that name exists; `event` is emitted only when it was inserted. */
  alias?: {
    record: NewAlias;
    event?: (alias: AliasRecord) => EventDraft;
    /** More events emitted only when it was inserted (a setup session's checkout.setup_completed, issue 19). */
    moreEvents?: (alias: AliasRecord) => EventDraft[];
    /**
     * Only if this payment is the one marking its session paid, now (the session's conditional
     * UPDATE, run first): a setup session saves one card, whichever of its verifications wins.
     */
    onlyIfSessionCompletes?: boolean;
  };
  markSessionPaid?: boolean;
  /**
   * The session's payment this one takes the place of, in this very write: the session is paid by
   * it now (feedback/session-role.ts). Held under the session's lock, so every other payment
   * of the session is decided against it.
   */
  takeOverSessionFrom?: string;
  /**
   * The card this payment saved before it was paid — at its 91, by a release before migration 0024
   * — forgotten now that the payment ended unpaid (feedback/decide.ts unpaidCard): marked
   * deletion_pending like a card the merchant forgets, unless a paid payment's repeat keeps it
   * (saved-card.ts forgetUnpaidCard).
   */
  forgetCard?: { customerId: string; alias: string };
  /**
   * Details the card this payment saved lacks, from a later answer of the same payment: a card saved
   * through a query (whose answer carries no ED nor CN) takes them from the platform's deferred
   * feedback (saved-card.ts fillSavedCard). Never overwrites what the card has.
   */
  fillSavedCard?: {
    customerId: string;
    alias: string;
    expiry: string | null;
    cardHolder: string | null;
    /**
     * The `alias.deleted` of this card when the expiry filled in makes it the repeat of one the
     * customer had saved: its `alias.created` went out when the query saved it (review r1626).
     */
    repeatEvent?: (alias: AliasRecord, at: string) => EventDraft;
  };
  /** Maintenance operations recorded or updated in the same database transaction. */
  operations?: { insert?: MaintenanceOperationRecord[]; update?: Array<{ id: string; patch: MaintenancePatch }> };
  feedback?: { channel: FeedbackChannel; status: number | null; outcome: FeedbackOutcome; params: Record<string, string> };
  result: T;
}

export interface TransactionFilter {
  /** One state, or several (each read through the index in order, then merged). */
  state?: PaymentState | readonly PaymentState[];
  /** States left out when no `state` is asked for (drafts and expired attempts, by default). */
  hiddenStates?: readonly PaymentState[];
  /** Exact search (transaction-search.ts): reference, merchant reference, customer id or e-mail, card's last four. */
  q?: string;
  sessionId?: string;
  createdFrom?: string;
  createdTo?: string;
  cursor?: string;
  limit: number;
}

/**
 * The dashboard's summary window: payments created in [from, to), of one currency or all — those
 * of the repository's platform (its livemode) and those recording none (before migration 0023).
 */
export interface TransactionSummaryOptions {
  from: string;
  to: string;
  currency?: string;
}

/** Payments of one UTC day, currency and state, summed by the database (transaction-summary.ts). */
export interface TransactionSummaryGroup {
  /** YYYY-MM-DD, UTC. */
  day: string;
  currency: string;
  state: PaymentState;
  count: number;
  /** Minor units. */
  capturedAmount: number;
  refundedAmount: number;
  /** Payments with something captured. */
  capturedCount: number;
}

export interface TransactionSummary {
  groups: TransactionSummaryGroup[];
  /** Flagged needsAttention, whenever created (of the server's platform, as the groups). */
  needsAttention: number;
  /** Webhook events never delivered (given up), each once, whenever written; a failed redelivery of a delivered one is not. */
  failedDeliveries: number;
}

/** The 3-D Secure page DirectLink answered for a payment, shown to the shopper once. */
export interface ChallengeRecord {
  token: string;
  reference: string;
  html: string;
  createdAt: string;
}

export interface TransactionStore {
  createTransaction(transaction: TransactionRecord): Promise<void>;
  getTransaction(reference: string): Promise<TransactionRecord | undefined>;
  /**
   * The payment and its maintenance operations as one snapshot (one statement): a capture's answer
   * writes the operation `done` and the payment's amounts together, and a view read in two
   * statements could show the one without the other (review r1321).
   */
  getTransactionWithOperations(
    reference: string,
  ): Promise<{ transaction: TransactionRecord; operations: MaintenanceOperationRecord[] } | undefined>;
  listTransactions(filter: TransactionFilter): Promise<Page<TransactionRecord>>;
  /**
   * A session's payments as its view lists them: the newest `limit`, then any older one still
   * pending, holding or having held money, or awaiting the reconciler's query (at most `limit`
   * more) — what the session's status reads, however many attempts came after (review r1487).
   * `truncated`: the session has payments besides these.
   */
  listSessionTransactions(sessionId: string, limit: number): Promise<{ items: TransactionRecord[]; truncated: boolean }>;
  /** The same page with each payment's session (the CSV export's description and customer). */
  listTransactionsWithSessions(
    filter: TransactionFilter,
  ): Promise<Page<{ transaction: TransactionRecord; session: CheckoutSessionRecord | undefined }>>;
  summarizeTransactions(options: TransactionSummaryOptions): Promise<TransactionSummary>;
  /**
   * Locks the transaction row (SELECT … FOR UPDATE on PostgreSQL; SQLite's write lock), lets
   * `decide` look at the current state and applies its decision — patch, feedback log, alias,
   * outbox events, session paid — in the same database transaction. Undefined when there is no
   * such transaction. `decide` must be synchronous and free of side effects: it may be retried.
   */
  mutateTransaction<T>(
    reference: string,
    decide: (
      current: TransactionRecord,
      session: CheckoutSessionRecord,
      operations: readonly MaintenanceOperationRecord[],
      seen: SeenFeedback,
    ) => TransactionDecision<T>,
    options?: MutateOptions,
  ): Promise<
    | {
        before: TransactionRecord;
        after: TransactionRecord;
        result: T;
        events: WebhookEventRecord[];
        /** Set when the alias was `onlyIfSessionCompletes`: whether this payment's write marked its session paid. */
        sessionMarked?: boolean | undefined;
      }
    | undefined
  >;
  listFeedback(reference: string, limit: number): Promise<FeedbackLogRecord[]>;
  saveChallenge(challenge: Omit<ChallengeRecord, 'createdAt'>): Promise<void>;
  getChallenge(token: string): Promise<ChallengeRecord | undefined>;
  /** The payment's newest challenge (migration 0032's index). */
  getChallengeOfPayment(reference: string): Promise<ChallengeRecord | undefined>;
  /**
   * Deletes the challenge pages made before `before` (the retention pass); how many. Stops between
   * batches once `signal` is aborted.
   */
  pruneChallenges(before: string, signal?: AbortSignal): Promise<number>;
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
  /**
   * The claim's end exactly, instead of `leaseMs` from the repository's now: the reconciler names it
   * in each renewal, which leaves any other lease (a deferral, another round's claim) as it is.
   */
  leaseUntil?: string;
  /**
   * For drafts and for hosted-page tries refused or invalid still asked about (syncNeeded), the
   * maximum age's bound instead of `createdAfter` / `createdBefore`: either may be paid until its
   * session expires, so its age counts from there (the reconciler passes the bound moved back by
   * the longest session's life; review r1477). Absent: the same bound as every payment.
   */
  draftsOldest?: string;
  limit: number;
  leaseMs: number;
}

/** The reconciler's leases on payments, so several instances query each payment once per round. */
export interface SyncClaimStore {
  /**
   * Claims up to `limit` payments the reconciler should query — last STATUS in `statuses` or
   * flagged `syncNeeded`, unchanged since `changedBefore`, not leased — and leases them for
   * `leaseMs` (FOR UPDATE SKIP LOCKED on PostgreSQL), so several instances query each once.
   */
  claimForSync(options: SyncClaim): Promise<string[]>;
  /**
   * A payment's reconciler lease — still the one this round wrote, ending at `heldUntil` — is set
   * to end `leaseMs` from now: before a query, for its time; after it, so the next round may take
   * it again. A lease the query cleared stays cleared, and one anything else wrote (a deferral by
   * deferSync, whatever its end; review r1281) stays as it is. The lease's new end, or undefined
   * when it was not this round's any more.
   */
  renewSyncLease(reference: string, leaseMs: number, heldUntil: string): Promise<string | undefined>;
  /**
   * Payments the reconciler would query (same conditions as `claimForSync`) but created before
   * `createdBefore` and not yet flagged `needsAttention`: the ones it must stop querying.
   */
  listTooOldForSync(options: Omit<SyncClaim, 'leaseMs' | 'createdAfter'> & { createdBefore: string }): Promise<string[]>;
  /**
   * The reconciler's backlog (the metrics): how many payments `claimForSync` would claim now —
   * counted up to `limit` only — and the `updatedAt` of the one it would claim first, or null.
   */
  syncBacklog(options: Omit<SyncClaim, 'leaseMs'>): Promise<{ due: number; oldestDueUpdatedAt: string | null }>;
  /** Payments flagged `needsAttention` (the metrics), however long ago. */
  countNeedingAttention(): Promise<number>;
  /**
   * Holds a payment out of the reconciler's claims until `until` (its lease, pushed forward): a
   * draft the platform does not know is asked again only once its session has expired.
   */
  deferSync(reference: string, until: string): Promise<void>;
  /**
   * Takes a draft's right to send its order (a saved-card charge, aliases/charge.ts): its lease set
   * `leaseMs` ahead, in one conditional UPDATE, only while it is a draft that nobody holds, still
   * as its caller read it — never sent (not flagged syncNeeded), or `answerLost` (flagged) — so one
   * request sends it at a time, whichever API key, Idempotency-Key or instance it comes through.
   * True when this call took it.
   */
  claimDraftSend(reference: string, leaseMs: number, answerLost?: boolean): Promise<boolean>;
  /** Lets a draft's send lease go: the request that held it is over (its order sent or not). */
  releaseDraftSend(reference: string): Promise<void>;
}
