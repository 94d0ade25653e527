/** The JSON shapes of our records, as the merchant API, webhooks and the widget see them. */
import { mayStillBePaidOnPage, payableUntil } from './hosted-page-tries.ts';
import { explainNcError } from '../../shared/ncerror.ts';
import { statusInfo } from '../../shared/status.ts';
import type { PublicCheckoutView, SavedCardView } from '../../shared/schemas/api.ts';
import type { WebhookEventType } from '../../shared/webhook-events.ts';
import type {
  AliasRecord,
  ButtonRecord,
  CheckoutSessionRecord,
  EventDraft,
  FeedbackLogRecord,
  MaintenanceOperationRecord,
  TransactionRecord,
  WebhookAttemptRecord,
  WebhookEventRecord,
} from '../repository/types.ts';
import { operationOrigin } from '../domain/back-office-operations.ts';
import { closedByFinalCapture, isFinalCapture } from '../domain/ledger.ts';
import { lastFour } from './card.ts';

export function transactionView(t: TransactionRecord, session?: CheckoutSessionRecord) {
  const nc = explainNcError(t.ncError);
  return {
    reference: t.reference,
    sessionId: t.sessionId,
    state: t.state,
    amount: t.amount,
    currency: t.currency,
    capturedAmount: t.capturedAmount,
    refundedAmount: t.refundedAmount,
    status: t.lastStatus,
    statusMeaning: t.lastStatus === null ? null : (statusInfo(t.lastStatus)?.meaning ?? 'Unknown status'),
    payid: t.payid,
    paymentMethod: t.pm,
    brand: t.brand,
    cardNumber: t.cardNumber,
    expiry: t.expiry,
    cardHolder: t.cardHolder,
    ncError: nc?.code ?? null,
    ncErrorMessage: nc?.message ?? null,
    trxDate: t.trxDate,
    amountMismatch: t.amountMismatch,
    // The reconciler stopped querying it (docs/ogone-protocol.md §9): a person must look.
    needsAttention: t.needsAttention === true,
    // A capture or refund the platform reported whose amount only the next query reads
    // (docs/ogone-protocol.md §9): the amounts may still rise, and the ledger refuses what depends on them.
    amountsAwaitQuery: t.awaitsQuery === true,
    /** A second payment of a paid session: the session's first paid reference (duplicates.ts). */
    duplicateOf: t.duplicateOf ?? null,
    saveCard: t.aliasRequest !== null,
    customerId: t.customerId,
    operation: t.operation,
    // Copied onto the payment since migration 0009; the session's for older rows not backfilled.
    merchantReference: session?.merchantReference ?? t.merchantReference ?? null,
    ...(session ? { metadata: session.metadata ?? {} } : {}),
    // In the view itself, so a webhook event's data says it as the API's views do: a backend that
    // fulfils on `payment.authorized` must tell a saved card's verification from an authorised
    // order (docs/ogone-protocol.md §15; review r1364). Known from the session: a caller with a
    // payment of a session passes it.
    cardVerification: isCardVerification(session),
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}
export type TransactionView = ReturnType<typeof transactionView>;

/**
 * `payment.duplicate`: a second paid payment of a session, flagged `duplicateOf` the session's
 * payment, and what DUPLICATE_PAYMENTS does with it (docs/ogone-protocol.md §8). Written by the
 * change that pays it when the session's payment still holds the money (feedback/decide.ts), by
 * its review otherwise (maintenance/duplicates.ts).
 */
export function duplicatePaymentEvent(
  after: TransactionRecord,
  session: CheckoutSessionRecord,
  duplicateOf: string,
  action: 'refund' | 'keep',
): EventDraft {
  return {
    type: 'payment.duplicate' satisfies WebhookEventType,
    reference: after.reference,
    data: { ...transactionView(after, session), duplicateOf, action },
  };
}

/**
 * Whether a payment is a setup session's card verification (docs/ogone-protocol.md §15):
 * cancelled automatically, never captured — the server refuses a capture, and the dashboard
 * offers none, on the payment's page or in the list's rows.
 */
export function isCardVerification(session: Pick<CheckoutSessionRecord, 'mode'> | undefined | null): boolean {
  return session?.mode === 'setup';
}

/** A capture, refund or cancel as the transaction page shows it (records/operations.ts). */
export function operationView(o: MaintenanceOperationRecord, payid: string | null) {
  const finished = o.status === 'done' || o.status === 'failed';
  return {
    id: o.id,
    kind: o.kind,
    operation: o.operation,
    amount: o.amount,
    status: o.status,
    ogoneStatus: o.ogoneStatus,
    payidSub: o.payidSub,
    /** PAYID/PAYIDSUB, as the platform's back office names this operation (docs/ogone-protocol.md §8). */
    platformReference: payid !== null && o.payidSub !== null ? `${payid}/${o.payidSub}` : null,
    ncError: o.ncError,
    origin: operationOrigin(o),
    final: isFinalCapture(o),
    requestedAt: o.createdAt,
    completedAt: finished ? o.updatedAt : null,
  };
}

/** An operation still open, as a list item carries it (`openOperations`; review r1485). */
export function openOperationView(o: MaintenanceOperationRecord) {
  return { id: o.id, kind: o.kind, operation: o.operation, amount: o.amount, status: o.status, requestedAt: o.createdAt };
}

export function feedbackView(f: FeedbackLogRecord) {
  return {
    receivedAt: f.receivedAt,
    channel: f.channel,
    status: f.status,
    outcome: f.outcome,
    params: f.params,
    repeatCount: f.repeatCount,
    lastReceivedAt: f.lastReceivedAt,
    copy: f.copy,
  };
}

/** `GET /api/transactions/:reference`: the payment and everything the transaction page shows (issue 16). */
export function transactionDetailView(detail: {
  transaction: TransactionRecord;
  session: CheckoutSessionRecord | undefined;
  operations: readonly MaintenanceOperationRecord[];
  /** Newest first, bounded by the caller. */
  feedback: readonly FeedbackLogRecord[];
  feedbackTruncated: boolean;
  events: ReadonlyArray<WebhookEventRecord & { deliveries?: WebhookAttemptRecord[]; deliveriesTruncated?: boolean }>;
  eventsTruncated: boolean;
}) {
  const { transaction, session } = detail;
  const customer = session?.customer ?? null;
  return {
    ...transactionView(transaction, session),
    // After RETENTION_DAYS the session's customer is its id alone (server/retention/).
    customer: customer
      ? { id: customer.id, email: customer.email ?? null, name: customer.name ?? null }
      : transaction.customerId
        ? { id: transaction.customerId, email: null, name: null }
        : null,
    description: session?.description ?? null,
    // Closed by a final capture (domain/ledger.ts closedByFinalCapture): nothing more can be captured.
    captureClosed: closedByFinalCapture(detail.operations),
    operations: detail.operations.map((o) => operationView(o, transaction.payid)),
    feedback: detail.feedback.map(feedbackView),
    feedbackTruncated: detail.feedbackTruncated,
    events: detail.events.map(eventView),
    eventsTruncated: detail.eventsTruncated,
  };
}

/**
 * Derived status of a session for people and the widget. A payment still pending keeps it
 * `processing` past its expiry: the platform may yet take the money (a shopper sent to the page
 * just before the expiry pays there after, docs/ogone-protocol.md §9), and a merchant cancelling
 * orders on `expired` cancelled one whose money came next (review r1395) — so does an attempt
 * still payable on the page.
 */
export function sessionStatus(
  session: CheckoutSessionRecord,
  transactions: readonly TransactionRecord[],
  now: Date,
): PublicCheckoutView['status'] {
  if (session.status === 'paid') return 'paid';
  if (transactions.some((t) => t.state === 'pending')) return 'processing';
  if (Date.parse(session.expiresAt) > now.getTime()) return 'open';
  // An order sent whose answer was lost (a draft the reconciler asks about) may have been paid or,
  // for a setup session, its card verified: `expired` is final to a merchant (review r1466).
  if (transactions.some((t) => t.state === 'draft' && t.syncNeeded === true)) return 'processing';
  // Past its expiry, an attempt handed out — or one refused whose page may still take another try —
  // may still be paid on Ogone's page for a while (hosted-page-tries.ts payableUntil; README
  // "Payment states"): not expired yet (reviews r1401, r1414). Not a setup session's: its return
  // verifies nothing past the expiry (review r1412).
  const payable = (t: TransactionRecord) =>
    t.state === 'draft' ? payableUntil(session, t) > now.getTime() : mayStillBePaidOnPage(session, t, now.getTime());
  return session.mode !== 'setup' && transactions.some(payable) ? 'processing' : 'expired';
}

/**
 * The status the widget reads (the session's public view): `processing` exactly while a new
 * attempt would be refused as in progress — a claim holding it, or a payment the platform is
 * still deciding (session-claims.ts) — so a session whose 3-D Secure challenge was left open past
 * its claim reads payable again, as the server then takes a new attempt (review r1110).
 */
export function payableStatus(session: CheckoutSessionRecord, now: Date): PublicCheckoutView['status'] {
  if (session.status === 'paid') return 'paid';
  const claimed = session.claimReference && session.claimUntil && Date.parse(session.claimUntil) > now.getTime();
  if (claimed || (session.paymentBeingDecided !== null && session.paymentBeingDecided !== undefined)) return 'processing';
  // Expired, a new attempt is refused (410) whatever else is pending.
  return Date.parse(session.expiresAt) <= now.getTime() ? 'expired' : 'open';
}

/** The newest payments a session's view lists (repository listSessionTransactions adds the older ones its status reads). */
export const SESSION_TRANSACTIONS_LIMIT = 100;

/**
 * `savedCard`: for a setup session (issue 19), the alias it saved once complete — null before;
 * absent for payment sessions.
 */
export function sessionView(
  session: CheckoutSessionRecord,
  transactions: readonly TransactionRecord[],
  now: Date,
  savedCard?: AliasRecord | null,
  transactionsTruncated = false,
) {
  return {
    id: session.id,
    mode: session.mode ?? 'payment',
    status: sessionStatus(session, transactions, now),
    amount: session.amount,
    currency: session.currency,
    reference: session.merchantReference,
    description: session.description,
    customer: session.customer,
    locale: session.locale,
    saveCard: session.saveCard,
    successUrl: session.successUrl,
    failureUrl: session.failureUrl,
    metadata: session.metadata ?? {},
    buttonId: session.buttonId,
    quantity: session.quantity,
    paidReference: session.paidReference,
    expiresAt: session.expiresAt,
    createdAt: session.createdAt,
    transactions: transactions.map((t) => ({ reference: t.reference, state: t.state, createdAt: t.createdAt })),
    transactionsTruncated,
    ...(session.mode === 'setup'
      ? {
          savedCard: savedCard ? { aliasId: savedCard.id, brand: savedCard.brand, last4: savedCard.last4, expiry: savedCard.expiry } : null,
        }
      : {}),
  };
}

export function buttonView(button: ButtonRecord) {
  return {
    id: button.id,
    name: button.name,
    amount: button.amount,
    currency: button.currency,
    minQuantity: button.minQuantity,
    maxQuantity: button.maxQuantity,
    saveCard: button.saveCard,
    successUrl: button.successUrl,
    failureUrl: button.failureUrl,
    createdAt: button.createdAt,
  };
}

export function aliasView(alias: AliasRecord) {
  return {
    id: alias.id,
    customerId: alias.customerId,
    alias: alias.alias,
    brand: alias.brand,
    cardNumber: alias.cardNumber,
    last4: alias.last4,
    expiry: alias.expiry,
    reference: alias.reference,
    createdAt: alias.createdAt,
  };
}

/** Ogone sends ED as MMYY (or MM/YY); the widget shows MM/YY. */
export function formatExpiry(expiry: string | null): string {
  if (!expiry) return '';
  const digits = expiry.replace(/\D/g, '');
  return digits.length === 4 ? `${digits.slice(0, 2)}/${digits.slice(2)}` : expiry;
}

export function savedCardView(alias: AliasRecord): SavedCardView {
  return {
    id: alias.id,
    brand: alias.brand ?? 'Card',
    cardNumber: alias.cardNumber ?? '',
    last4: alias.last4 ?? lastFour(alias.cardNumber) ?? '',
    expiry: formatExpiry(alias.expiry),
  };
}

export function eventView(event: WebhookEventRecord & { deliveries?: WebhookAttemptRecord[]; deliveriesTruncated?: boolean }) {
  return {
    id: event.id,
    type: event.type,
    reference: event.reference,
    created: event.createdAt,
    data: event.data,
    delivery: {
      status: event.status,
      attempts: event.attempts,
      nextAttemptAt: event.status === 'pending' ? event.nextAttemptAt : null,
      deliveredAt: event.deliveredAt,
      lastError: event.lastError,
    },
    ...(event.deliveries
      ? {
          deliveries: event.deliveries.map((d) => ({
            id: d.id,
            attemptedAt: d.attemptedAt,
            statusCode: d.statusCode,
            ok: d.ok,
            error: d.error,
          })),
          // Only the newest attempts are listed (outbox.ts); `delivery.attempts` counts them all.
          deliveriesTruncated: event.deliveriesTruncated === true,
        }
      : {}),
  };
}
