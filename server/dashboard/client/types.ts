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
  /** The first paid payment of the same session, when this one is a second payment that is cancelled or refunded. */
  duplicateOf: string | null;
  customerId: string | null;
  createdAt: string;
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
