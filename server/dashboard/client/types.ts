/** The merchant API's JSON as the dashboard reads it (server/payments/views.ts). */
import type { PaymentState } from '../../../shared/status.ts';

export interface Transaction {
  reference: string;
  state: PaymentState;
  amount: number;
  currency: string;
  capturedAmount: number | null;
  refundedAmount: number | null;
  status: number | null;
  statusMeaning: string | null;
  payid: string | null;
  brand: string | null;
  cardNumber: string | null;
  ncError: string | null;
  ncErrorMessage: string | null;
  amountMismatch: boolean;
  /** The reconciler gave up querying it (past RECONCILE_MAX_AGE_DAYS): someone must look at it in Ogone's back office. */
  needsAttention: boolean;
  /** A back-office capture or refund (or an answer ours does not explain) awaits the query that reads its amount: the server refuses capture, refund and void meanwhile. */
  amountsAwaitQuery?: boolean;
  /** The first paid payment of the same session, when this one is a second payment that is cancelled or refunded. */
  duplicateOf: string | null;
  customerId: string | null;
  merchantReference?: string | null;
  /** Made for Ogone's production platform; false for the test platform (or the sandbox). */
  livemode: boolean;
  createdAt: string;
}

/**
 * `GET /api/transactions/:reference`: the transaction with what the merchant needs to answer a
 * shopper. Every addition is optional: the page shows what the server sends.
 */
export interface TransactionDetail extends Transaction {
  customer?: { id?: string | null; email?: string | null; name?: string | null } | null;
  description?: string | null;
  /** A setup session's card verification: cancelled automatically, never captured (the server refuses). */
  cardVerification?: boolean;
  expiry?: string | null;
  /** A final capture closed the order: nothing more can be captured. */
  captureClosed?: boolean;
  operations?: Operation[];
  feedback?: Feedback[];
  feedbackTruncated?: boolean;
  events?: DetailEvent[];
  eventsTruncated?: boolean;
}

export interface Operation {
  id?: string | number;
  kind: string;
  operation?: string | null;
  amount: number;
  status: string;
  ogoneStatus?: number | null;
  payidSub?: string | number | null;
  /** PAYID/PAYIDSUB, as Ogone's back office names the operation. */
  platformReference?: string | null;
  ncError?: string | null;
  /** `back_office`: made in Ogone's back office, found by a sync beside ours. */
  origin?: 'ogone_checkout' | 'back_office';
  /** A final capture: it closed the order, releasing the rest of the authorisation. */
  final?: boolean;
  requestedAt?: string | null;
  completedAt?: string | null;
  createdAt?: string | null;
}

export interface Feedback {
  receivedAt: string;
  channel: string;
  status: number | null;
  outcome: string;
  params?: Record<string, string>;
  repeatCount?: number;
  /** The other caller's exact copies of an applied feedback, counted on its row. */
  copy?: { channel: string; firstReceivedAt: string; count: number } | null;
}

export interface Attempt {
  id?: string | number;
  attemptedAt: string;
  statusCode: number | null;
  ok?: boolean;
  error: string | null;
}

/** A webhook event of one transaction, with what was sent and each delivery attempt. */
export interface DetailEvent {
  id: string;
  type: string;
  created?: string;
  createdAt?: string;
  /** What was sent (`payload`; `data` in the events list's shape). */
  payload?: unknown;
  data?: unknown;
  delivery?: WebhookEvent['delivery'];
  deliveries?: Attempt[];
  status?: string;
  attempts?: Attempt[] | number;
}

/** What a money action answers (server/maintenance/operations.ts): 200 done, 202 pending or unknown. */
export interface ActionResult {
  transaction?: Transaction;
  operation?: Operation;
  outcome?: 'done' | 'pending' | 'unknown';
  message?: string;
  /** With outcome unknown: the reconciler's query settles it, or only a sync asked by hand does. */
  settledBy?: 'reconciler' | 'sync';
}

export interface WebhookEvent {
  id: string;
  type: string;
  reference: string | null;
  created: string;
  delivery: { status: string; attempts: number; nextAttemptAt: string | null; deliveredAt: string | null; lastError: string | null };
  deliveries?: Array<{ id: string | number; attemptedAt: string; statusCode: number | null; ok: boolean; error: string | null }>;
}

/** `POST /api/events/ping`: what WEBHOOK_URL answered a test event. */
export interface PingResult {
  id: string;
  delivered: boolean;
  status: number | null;
  latencyMs: number;
  error?: string;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}
