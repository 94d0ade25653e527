/**
 * What the merchant API (`/api/…`) answers, as zod schemas: the one description the OpenAPI
 * document (server/api-docs/openapi.ts), the typed client (shared/client/) and the tests that hold
 * the real answers against the document all read. Each schema is written from the view that builds
 * the answer (server/payments/views.ts and the route files), field for field: a field the server
 * adds without adding it here fails the OpenAPI test. Amounts are integers in minor units.
 */
import { z } from 'zod';
import { MAINTENANCE_STATUSES } from '../maintenance-statuses.ts';
import { ORDER_OPERATIONS } from '../order-operations.ts';
import { PAYMENT_STATES } from '../status.ts';
import { SAVE_CARD_POLICIES } from './api.ts';

const minor = z.int().describe('integer amount in minor units of the currency (1999 for 19.99 EUR)');
const timestamp = z.string().describe('ISO 8601 date-time (UTC)');
const nullableString = z.string().nullable();

/** `livemode` (issue 13): true only on Ogone's production platform. */
const livemode = { livemode: z.boolean().describe('true only when the server talks to Ogone production') };

/** Error body of every 4xx/5xx: `field` names the request field at fault, when there is one. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string().describe('machine-readable code, e.g. invalid_request, not_found, card_declined'),
    message: z.string(),
    field: z.string().optional().describe('the request field at fault (dotted path)'),
  }),
});

/** A list page: `nextCursor` goes back as `cursor` for the next page; null on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: nullableString });
}

export const customerViewSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  email: z.string().optional(),
  address: z
    .object({
      line1: z.string().optional(),
      zip: z.string().optional(),
      town: z.string().optional(),
      country: z.string().optional(),
    })
    .optional(),
  phone: z.string().optional(),
});

const cardVerification = z
  .boolean()
  .describe("a setup session's card verification: an authorisation only, cancelled automatically; a capture is refused (409)");

/** server/payments/views.ts transactionView, without `livemode` (as in a transaction's webhook events). */
export const transactionFieldsSchema = z.object({
  reference: z.string().describe('our ORDERID at Ogone'),
  sessionId: z.string(),
  state: z.enum(PAYMENT_STATES),
  amount: minor,
  currency: z.string(),
  capturedAmount: minor,
  refundedAmount: minor,
  status: z.int().nullable().describe('the last Ogone STATUS'),
  statusMeaning: nullableString,
  payid: nullableString,
  paymentMethod: nullableString,
  brand: nullableString,
  cardNumber: nullableString.describe('masked as Ogone returns it: XXXXXXXXXXXX1111'),
  expiry: nullableString,
  cardHolder: nullableString,
  ncError: nullableString,
  ncErrorMessage: nullableString,
  trxDate: nullableString,
  amountMismatch: z.boolean(),
  needsAttention: z.boolean(),
  amountsAwaitQuery: z
    .boolean()
    .describe(
      "the platform reported a capture or refund made in Ogone's back office whose amount only the next query reads: capturedAmount and refundedAmount may still change, and a capture, refund or void may be refused (409) until a sync has read it",
    ),
  duplicateOf: nullableString,
  saveCard: z.boolean(),
  customerId: nullableString,
  operation: z.enum(ORDER_OPERATIONS),
  merchantReference: nullableString.describe("the merchant's order reference of its session"),
  metadata: z.record(z.string(), z.string()).optional(),
  // In the webhook events' data too (review r1364).
  cardVerification,
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const transactionSchema = transactionFieldsSchema.extend(livemode);

export const feedbackEntrySchema = z.object({
  receivedAt: timestamp,
  channel: z.enum(['browser', 'server', 'query']),
  status: z.int().nullable(),
  outcome: z.enum(['applied', 'unchanged', 'mismatch']),
  params: z.record(z.string(), z.string()),
  repeatCount: z.int(),
  lastReceivedAt: timestamp,
  copy: z
    .object({
      channel: z.enum(['browser', 'server']),
      firstReceivedAt: timestamp,
      count: z.int(),
    })
    .nullable()
    .describe("exact copies of this applied feedback through the return URL's other caller, counted here instead of logged"),
});

export const MAINTENANCE_KINDS = ['capture', 'refund', 'cancel'] as const;
const maintenanceOperation = z.enum(['SAS', 'SAL', 'RFD', 'RFS', 'DES', 'DEL', 'REN']).describe('the DirectLink OPERATION sent');
const maintenanceStatus = z.enum(MAINTENANCE_STATUSES);
const operationOrigin = z
  .enum(['ogone_checkout', 'back_office'])
  .describe(
    "who made it: this server (the API, an automatic give-back) or Ogone's back office — a history level a sync found beside operations of ours, its `operation` then SAL or RFD whatever the back office sent",
  );

/**
 * Closed by a final capture (`final: true`, an SAS of a part or of exactly the rest; server/domain/ledger.ts
 * closedByFinalCapture), done or still open: nothing more of it can be captured (when the acquirer frees the rest of the hold is its own: docs/ogone-protocol.md §8).
 */
const captureClosedSchema = z
  .boolean()
  .describe(
    'a final capture (done or still open) closed the order: nothing more of the authorisation can be captured (409); refunds stay possible up to what was captured',
  );

/** A capture, refund or cancel as its own answer shows it (server/domain/ledger.ts operationView). */
export const operationViewSchema = z.object({
  id: z.string(),
  kind: z.enum(MAINTENANCE_KINDS),
  operation: maintenanceOperation,
  amount: minor,
  status: maintenanceStatus,
  ogoneStatus: z.int().nullable(),
  payidSub: z.int().nullable(),
  ncError: nullableString,
  origin: operationOrigin,
  final: z
    .boolean()
    .describe(
      'a final capture: a capture asked with `final: true` (an SAS, of a part or of exactly the rest), which closed the order — the rest of the authorisation released, nothing more can be captured; false for any other operation, an ordinary capture of the whole rest included',
    ),
  createdAt: timestamp,
});

/** The same operation in a transaction's detail (server/payments/views.ts operationView). */
export const operationEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(MAINTENANCE_KINDS),
  operation: maintenanceOperation,
  amount: minor,
  status: maintenanceStatus,
  ogoneStatus: z.int().nullable(),
  payidSub: z.int().nullable(),
  platformReference: nullableString.describe('PAYID/PAYIDSUB, as the back office names the operation'),
  ncError: nullableString,
  origin: operationOrigin,
  final: z
    .boolean()
    .describe(
      'a final capture: a capture asked with `final: true` (an SAS, of a part or of exactly the rest), which closed the order — the rest of the authorisation released, nothing more can be captured; false for any other operation, an ordinary capture of the whole rest included',
    ),
  requestedAt: timestamp,
  completedAt: nullableString,
});

/** capture / refund / cancel: 200 once done, 202 while the platform processes it. */
export const operationResultSchema = z.object({
  transaction: transactionSchema,
  operation: operationViewSchema,
  outcome: z.enum(['done', 'pending', 'unknown']),
  message: z.string().optional(),
  settledBy: z
    .enum(['reconciler', 'sync'])
    .optional()
    .describe(
      "with outcome unknown, what settles it: the reconciler's query, or — a payment it does not query (older than RECONCILE_MAX_AGE_DAYS, or RECONCILE_INTERVAL_SECONDS=0) — POST …/sync or this request again under its Idempotency-Key",
    ),
});

/** `POST /api/transactions/:reference/sync`: the payment after querying the platform. */
export const syncResultSchema = transactionSchema.extend({
  queriedStatus: z.int().nullable().describe('the STATUS the platform answered; null when it does not know the order'),
  operations: z.array(
    operationViewSchema.pick({ id: true, kind: true, operation: true, amount: true, status: true, ogoneStatus: true, origin: true }),
  ),
});

export const checkoutSessionSchema = z.object({
  id: z.string(),
  mode: z.enum(['payment', 'setup']).describe('setup: saves a card without paying (amount 0)'),
  status: z.enum(['open', 'processing', 'paid', 'expired']),
  amount: minor,
  currency: z.string(),
  reference: nullableString.describe("the merchant's own order reference"),
  description: nullableString,
  customer: customerViewSchema.nullable(),
  locale: nullableString,
  saveCard: z.enum(SAVE_CARD_POLICIES),
  successUrl: nullableString,
  failureUrl: nullableString,
  metadata: z.record(z.string(), z.string()),
  buttonId: nullableString,
  quantity: z.int(),
  paidReference: nullableString,
  expiresAt: timestamp,
  createdAt: timestamp,
  transactions: z
    .array(z.object({ reference: z.string(), state: z.enum(PAYMENT_STATES), createdAt: timestamp }))
    .describe('its newest 100 payments, newest first, then any older one still pending, holding money or awaiting a query'),
  transactionsTruncated: z.boolean().describe('the session has other payments than those listed: attempts left unpaid'),
  savedCard: z
    .object({ aliasId: z.string(), brand: nullableString, last4: nullableString, expiry: nullableString })
    .nullable()
    .optional()
    .describe('setup sessions only: the card saved, null until then'),
  ...livemode,
});

export const buttonSchema = z.object({
  id: z.string(),
  name: z.string(),
  amount: minor,
  currency: z.string(),
  minQuantity: z.int(),
  maxQuantity: z.int(),
  saveCard: z.enum(SAVE_CARD_POLICIES),
  successUrl: nullableString,
  failureUrl: nullableString,
  createdAt: timestamp,
  ...livemode,
});

export const buttonDeletedSchema = z.object({ id: z.string(), deleted: z.literal(true), ...livemode });

const aliasFields = {
  id: z.string(),
  customerId: z.string(),
  alias: z.string().describe("Ogone's ALIAS"),
  brand: nullableString,
  cardNumber: nullableString,
  last4: nullableString,
  expiry: nullableString,
  reference: z.string().describe('the payment that saved the card'),
  createdAt: timestamp,
  ...livemode,
};

export const aliasSchema = z.object({
  ...aliasFields,
  deletionStatus: z.literal('deletion_pending').optional().describe('present while the card is being deleted at the platform'),
});

/** `DELETE /api/aliases/:id`: 200 once the platform confirmed, 202 while pending. */
export const aliasDeletionSchema = z.object({
  ...aliasFields,
  deleted: z.boolean(),
  deletionStatus: z.enum(['deleted', 'deletion_pending']),
  deletedAt: nullableString.optional(),
  deletionRequestedAt: nullableString.optional(),
  nextAttemptAt: nullableString.optional(),
});

export const webhookEventFieldsSchema = z.object({
  id: z.string(),
  type: z.string().describe('an event type of shared/webhook-events.ts, e.g. payment.captured'),
  reference: nullableString,
  created: timestamp,
  data: z.unknown(),
  delivery: z.object({
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.int(),
    nextAttemptAt: nullableString,
    deliveredAt: nullableString,
    lastError: nullableString,
  }),
  deliveries: z
    .array(z.object({ id: z.string(), attemptedAt: timestamp, statusCode: z.int().nullable(), ok: z.boolean(), error: nullableString }))
    .optional()
    .describe('the newest delivery attempts'),
  deliveriesTruncated: z.boolean().optional().describe('more attempts exist than `deliveries` lists (delivery.attempts counts them all)'),
});

export const webhookEventSchema = webhookEventFieldsSchema.extend(livemode);

/**
 * `GET /api/transactions/:reference`: the payment, its customer and description, maintenance
 * operations, the feedback Ogone sent and the webhook events about it, each list bounded with a
 * flag saying more exist.
 */
export const transactionDetailSchema = transactionSchema.extend({
  customer: z.object({ id: z.string(), email: nullableString, name: nullableString }).nullable(),
  description: nullableString,
  captureClosed: captureClosedSchema,
  operations: z.array(operationEntrySchema),
  feedback: z.array(feedbackEntrySchema),
  feedbackTruncated: z.boolean(),
  events: z.array(webhookEventFieldsSchema),
  eventsTruncated: z.boolean(),
});

export const pingResultSchema = z.object({
  id: z.string(),
  delivered: z.boolean(),
  status: z.int().nullable().describe('the HTTP status WEBHOOK_URL answered; null when it did not answer'),
  latencyMs: z.number(),
  error: nullableString.optional(),
});

/** `GET /api/dashboard/summary`: the dashboard's chart and counters, aggregated over whole UTC days. */
export const dashboardSummarySchema = z.object({
  days: z.int(),
  currency: nullableString,
  from: timestamp,
  to: timestamp,
  daily: z.array(
    z.object({
      date: z.string().describe('YYYY-MM-DD (UTC)'),
      currency: z.string(),
      payments: z.int().describe('attempts that reached the platform'),
      capturedCount: z.int(),
      capturedAmount: minor,
      refundedAmount: minor,
    }),
  ),
  states: z.record(z.enum(PAYMENT_STATES), z.int()).describe('payments per state in the window'),
  needsAttention: z.int(),
  failedDeliveries: z
    .int()
    .describe('webhook events the endpoint never accepted (given up), each once; not a failed redelivery of an event delivered before'),
  // The platform counted: the dashboard tells the other one's payments (a test payment after the
  // go-live switch) from this server's by it.
  ...livemode,
});

/** The list pages, one schema each so the OpenAPI document names them. */
/**
 * An item of `GET /api/transactions`: the payment, with its session's metadata, and what it is,
 * and its operations still open — what a list row must know not to offer a capture, refund or
 * void the ledger would refuse (review r1485).
 */
export const transactionListItemSchema = transactionSchema.extend({
  openOperations: z
    .array(operationEntrySchema.pick({ id: true, kind: true, operation: true, amount: true, status: true, requestedAt: true }))
    .describe(
      'its captures, refunds and cancels still open (sending, pending, unknown), oldest first: their amounts are held back, and the platform takes no refund beside a capture in flight, nor the reverse; the detail lists every operation',
    ),
  restCancelled: z.boolean().describe('a cancel done deleted what was left of the authorisation: nothing more can be captured (409)'),
  captureClosed: captureClosedSchema,
});
export const transactionPageSchema = pageOf(transactionListItemSchema);
export const buttonPageSchema = pageOf(buttonSchema);
export const aliasPageSchema = pageOf(aliasSchema);
export const webhookEventPageSchema = pageOf(webhookEventSchema);

export type ApiErrorBody = z.infer<typeof apiErrorSchema>;
export type Page<T> = { data: T[]; nextCursor: string | null };
export type Transaction = z.infer<typeof transactionSchema>;
/** An item of `GET /api/transactions`: the payment and what limits its actions (openOperations, restCancelled). */
export type TransactionListItem = z.infer<typeof transactionListItemSchema>;
export type TransactionFields = z.infer<typeof transactionFieldsSchema>;
export type TransactionDetail = z.infer<typeof transactionDetailSchema>;
export type OperationResult = z.infer<typeof operationResultSchema>;
export type SyncResult = z.infer<typeof syncResultSchema>;
export type CheckoutSession = z.infer<typeof checkoutSessionSchema>;
export type Button = z.infer<typeof buttonSchema>;
export type ButtonDeleted = z.infer<typeof buttonDeletedSchema>;
export type Alias = z.infer<typeof aliasSchema>;
export type AliasDeletion = z.infer<typeof aliasDeletionSchema>;
export type WebhookEvent = z.infer<typeof webhookEventSchema>;
export type PingResult = z.infer<typeof pingResultSchema>;
export type DashboardSummary = z.infer<typeof dashboardSummarySchema>;
