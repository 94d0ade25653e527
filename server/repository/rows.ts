/**
 * Row ↔ record mapping (snake_case text/integers in the database, typed camelCase in code). The
 * columns with a known set of values are typed as that set in db/schema.ts, so they map as they
 * are. `Number(…)` on numeric columns guards against a driver that reads an integer as text (pg
 * does so for BIGINT unless told otherwise, see db/connect.ts).
 */
import type { Selectable } from 'kysely';
import type {
  AliasTable,
  Flag,
  ButtonTable,
  CheckoutSessionTable,
  FeedbackLogTable,
  MaintenanceOperationTable,
  TransactionTable,
  WebhookAttemptTable,
  WebhookEventTable,
} from '../db/schema.ts';
import type {
  AliasRecord,
  ButtonRecord,
  CheckoutSessionRecord,
  FeedbackLogRecord,
  MaintenanceOperationRecord,
  MaintenancePatch,
  TransactionPatch,
  TransactionRecord,
  WebhookAttemptRecord,
  WebhookEventRecord,
} from './types.ts';
import { otherCaller } from './records/feedback-log.ts';
import { loggedFeedbackParams } from './feedback-params.ts';
import { unpackFeedbackParams } from './feedback-params-packing.ts';

/** A JSON column holds what this module wrote into it (JSON.stringify of the record's field). */
function json<T>(text: string | null): T | null {
  if (text === null) return null;
  const value: T = JSON.parse(text);
  return value;
}

/**
 * The platform a row was made for (migration 0023): rows made before it have none, and their
 * records no `livemode` (routes show the server's setting for them, payments/livemode.ts).
 */
function recordedLivemode(value: number | null | undefined): { livemode?: boolean } {
  return value === null || value === undefined ? {} : { livemode: Number(value) === 1 };
}

/**
 * `livemode`: the store's (StoreContext), the platform this server sends the row's orders to;
 * left out for a schema before migration 0023 (tests building an older database).
 */
export function sessionToRow(s: CheckoutSessionRecord, livemode?: Flag): CheckoutSessionTable {
  return {
    id: s.id,
    button_id: s.buttonId,
    amount: s.amount,
    currency: s.currency,
    merchant_reference: s.merchantReference,
    description: s.description,
    customer_id: s.customer?.id ?? null,
    customer_json: s.customer ? JSON.stringify(s.customer) : null,
    locale: s.locale,
    save_card: s.saveCard,
    success_url: s.successUrl,
    failure_url: s.failureUrl,
    metadata_json: s.metadata ? JSON.stringify(s.metadata) : null,
    quantity: s.quantity,
    status: s.status,
    paid_reference: s.paidReference,
    expires_at: s.expiresAt,
    created_at: s.createdAt,
    mode: s.mode ?? 'payment',
    ...(livemode === undefined ? {} : { livemode }),
  };
}

export function rowToSession(r: Selectable<CheckoutSessionTable>): CheckoutSessionRecord {
  return {
    id: r.id,
    buttonId: r.button_id,
    amount: Number(r.amount),
    currency: r.currency,
    merchantReference: r.merchant_reference,
    description: r.description,
    customer: json(r.customer_json),
    locale: r.locale,
    saveCard: r.save_card,
    successUrl: r.success_url,
    failureUrl: r.failure_url,
    metadata: json(r.metadata_json),
    quantity: Number(r.quantity),
    status: r.status,
    paidReference: r.paid_reference,
    expiresAt: r.expires_at,
    createdAt: r.created_at,
    claimReference: r.claim_reference ?? null,
    claimUntil: r.claim_until ?? null,
    // Absent for a payment, as on records made before migration 0008.
    ...(r.mode === 'setup' ? { mode: 'setup' as const } : {}),
    ...recordedLivemode(r.livemode),
  };
}

export function buttonToRow(b: ButtonRecord): ButtonTable {
  return {
    id: b.id,
    name: b.name,
    amount: b.amount,
    currency: b.currency,
    min_quantity: b.minQuantity,
    max_quantity: b.maxQuantity,
    save_card: b.saveCard,
    success_url: b.successUrl,
    failure_url: b.failureUrl,
    created_at: b.createdAt,
    deleted_at: b.deletedAt,
  };
}

export function rowToButton(r: Selectable<ButtonTable>): ButtonRecord {
  return {
    id: r.id,
    name: r.name,
    amount: Number(r.amount),
    currency: r.currency,
    minQuantity: Number(r.min_quantity),
    maxQuantity: Number(r.max_quantity),
    saveCard: r.save_card,
    successUrl: r.success_url,
    failureUrl: r.failure_url,
    createdAt: r.created_at,
    deletedAt: r.deleted_at,
  };
}

/** `livemode` as for sessionToRow. */
export function transactionToRow(t: TransactionRecord, livemode?: Flag): TransactionTable {
  return {
    reference: t.reference,
    session_id: t.sessionId,
    amount: t.amount,
    currency: t.currency,
    captured_amount: t.capturedAmount,
    refunded_amount: t.refundedAmount,
    state: t.state,
    last_status: t.lastStatus,
    payid: t.payid,
    pm: t.pm,
    brand: t.brand,
    card_number: t.cardNumber,
    expiry: t.expiry,
    card_holder: t.cardHolder,
    nc_error: t.ncError,
    trx_date: t.trxDate,
    amount_mismatch: t.amountMismatch ? 1 : 0,
    alias_request: t.aliasRequest,
    customer_id: t.customerId,
    operation: t.operation,
    locale: t.locale,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
    alias_id: t.aliasId ?? null,
    sync_needed: t.syncNeeded ? 1 : 0,
    ...(t.awaitsQuery ? { awaits_query: 1 as const } : {}),
    ...(t.aliasConfirmed ? { alias_confirmed: 1 as const } : {}),
    needs_attention: t.needsAttention ? 1 : 0,
    merchant_reference: t.merchantReference ?? null,
    customer_email: t.customerEmail == null ? null : emailSearchKey(t.customerEmail),
    card_last4: cardLast4(t.cardNumber),
    ...(livemode === undefined ? {} : { livemode }),
  };
}

/**
 * The search key of a customer's e-mail, kept with the payment (migration 0009) and compared with
 * a `q` holding `@` (transaction-query.ts): JavaScript's lower-casing, the same for both, whatever
 * the database's lower() does (migration 0031 rewrote the rows 0009 lower-cased in SQL).
 */
export function emailSearchKey(email: string): string {
  return email.toLowerCase();
}

/** The search key of a masked card number (`XXXXXXXXXXXX1111` → `1111`), kept with it (migration 0009). */
export function cardLast4(cardNumber: string | null | undefined): string | null {
  const match = cardNumber ? /(\d{4})$/.exec(cardNumber) : null;
  return match ? match[1]! : null;
}

/** Only the columns a patch names. */
export function patchToRow(p: TransactionPatch): Partial<TransactionTable> {
  const row: Partial<TransactionTable> = {};
  if (p.capturedAmount !== undefined) row.captured_amount = p.capturedAmount;
  if (p.refundedAmount !== undefined) row.refunded_amount = p.refundedAmount;
  if (p.state !== undefined) row.state = p.state;
  if (p.lastStatus !== undefined) row.last_status = p.lastStatus;
  if (p.payid !== undefined) row.payid = p.payid;
  if (p.pm !== undefined) row.pm = p.pm;
  if (p.brand !== undefined) row.brand = p.brand;
  if (p.cardNumber !== undefined) {
    row.card_number = p.cardNumber;
    row.card_last4 = cardLast4(p.cardNumber);
  }
  if (p.expiry !== undefined) row.expiry = p.expiry;
  if (p.cardHolder !== undefined) row.card_holder = p.cardHolder;
  if (p.ncError !== undefined) row.nc_error = p.ncError;
  if (p.trxDate !== undefined) row.trx_date = p.trxDate;
  if (p.amountMismatch !== undefined) row.amount_mismatch = p.amountMismatch ? 1 : 0;
  if (p.syncNeeded !== undefined) row.sync_needed = p.syncNeeded ? 1 : 0;
  if (p.awaitsQuery !== undefined) row.awaits_query = p.awaitsQuery ? 1 : null;
  if (p.aliasConfirmed !== undefined) row.alias_confirmed = p.aliasConfirmed ? 1 : null;
  if (p.needsAttention !== undefined) row.needs_attention = p.needsAttention ? 1 : 0;
  if (p.duplicateOf !== undefined) row.duplicate_of = p.duplicateOf;
  if (p.duplicateAction !== undefined) row.duplicate_action = p.duplicateAction;
  if (p.cardReplacedAt !== undefined) row.card_replaced_at = p.cardReplacedAt;
  return row;
}

export function rowToTransaction(r: Selectable<TransactionTable>): TransactionRecord {
  return {
    reference: r.reference,
    sessionId: r.session_id,
    amount: Number(r.amount),
    currency: r.currency,
    capturedAmount: Number(r.captured_amount),
    refundedAmount: Number(r.refunded_amount),
    state: r.state,
    lastStatus: r.last_status === null ? null : Number(r.last_status),
    payid: r.payid,
    pm: r.pm,
    brand: r.brand,
    cardNumber: r.card_number,
    expiry: r.expiry,
    cardHolder: r.card_holder,
    ncError: r.nc_error,
    trxDate: r.trx_date,
    amountMismatch: Number(r.amount_mismatch) === 1,
    aliasRequest: r.alias_request,
    customerId: r.customer_id,
    operation: r.operation,
    locale: r.locale,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    aliasId: r.alias_id ?? null,
    syncNeeded: Number(r.sync_needed ?? 0) === 1,
    // Only when set: a record read back equals the one written (migration 0024's columns are NULL unless set).
    ...(Number(r.awaits_query ?? 0) === 1 ? { awaitsQuery: true } : {}),
    ...(Number(r.alias_confirmed ?? 0) === 1 ? { aliasConfirmed: true } : {}),
    needsAttention: Number(r.needs_attention ?? 0) === 1,
    duplicateOf: r.duplicate_of ?? null,
    // Only when set, as the flags above: a record read back equals the one written.
    ...(r.duplicate_action ? { duplicateAction: r.duplicate_action } : {}),
    cardReplacedAt: r.card_replaced_at ?? null,
    merchantReference: r.merchant_reference ?? null,
    customerEmail: r.customer_email ?? null,
    ...recordedLivemode(r.livemode),
  };
}

export function operationToRow(o: MaintenanceOperationRecord): MaintenanceOperationTable {
  return {
    id: o.id,
    reference: o.reference,
    kind: o.kind,
    operation: o.operation,
    amount: o.amount,
    status: o.status,
    ogone_status: o.ogoneStatus,
    payid_sub: o.payidSub,
    nc_error: o.ncError,
    idempotency_key: o.idempotencyKey,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
    ...(o.reversedAt !== undefined ? { reversed_at: o.reversedAt } : {}),
    ...(o.namedPart !== undefined ? { named_part: o.namedPart ? 1 : 0 } : {}),
    ...(o.final !== undefined ? { final: o.final ? 1 : 0 } : {}),
  };
}

export function operationPatchToRow(p: MaintenancePatch, now: string): Partial<MaintenanceOperationTable> {
  const row: Partial<MaintenanceOperationTable> = {};
  if (p.reversed) row.reversed_at = now;
  if (p.status !== undefined) row.status = p.status;
  if (p.ogoneStatus !== undefined) row.ogone_status = p.ogoneStatus;
  if (p.payidSub !== undefined) row.payid_sub = p.payidSub;
  if (p.ncError !== undefined) row.nc_error = p.ncError;
  return row;
}

export function rowToOperation(r: Selectable<MaintenanceOperationTable>): MaintenanceOperationRecord {
  return {
    id: r.id,
    reference: r.reference,
    kind: r.kind,
    operation: r.operation,
    amount: Number(r.amount),
    status: r.status,
    ogoneStatus: r.ogone_status === null ? null : Number(r.ogone_status),
    payidSub: r.payid_sub === null ? null : Number(r.payid_sub),
    ncError: r.nc_error,
    idempotencyKey: r.idempotency_key,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    ...(r.reversed_at ? { reversedAt: r.reversed_at } : {}),
    ...(r.named_part === null || r.named_part === undefined ? {} : { namedPart: Number(r.named_part) === 1 }),
    ...(r.final === null || r.final === undefined ? {} : { final: Number(r.final) === 1 }),
  };
}

export function rowToAlias(r: Selectable<AliasTable>): AliasRecord {
  return {
    id: r.id,
    customerId: r.customer_id,
    alias: r.alias,
    brand: r.brand,
    cardNumber: r.card_number,
    last4: r.last4,
    expiry: r.expiry,
    cardHolder: r.card_holder,
    reference: r.reference,
    createdAt: r.created_at,
    deletedAt: r.deleted_at,
    deletionStatus: r.deletion_status ?? null,
    deletionRequestedAt: r.deletion_requested_at ?? null,
    deletionAttempts: Number(r.deletion_attempts ?? 0),
    deletionNextAttemptAt: r.deletion_next_attempt_at ?? null,
    deletionLastError: r.deletion_last_error ?? null,
    ...recordedLivemode(r.livemode),
  };
}

export function rowToFeedback(r: Selectable<FeedbackLogTable>): FeedbackLogRecord {
  const status = r.status === null ? null : Number(r.status);
  return {
    id: r.id,
    reference: r.reference,
    receivedAt: r.received_at,
    channel: r.channel,
    status,
    outcome: r.outcome,
    params: loggedFeedbackParams(unpackFeedbackParams(r.params_json, r.params_packed), r.reference, status),
    repeatCount: Number(r.repeat_count ?? 0),
    lastReceivedAt: r.last_received_at ?? r.received_at,
    copy: feedbackCopy(r),
  };
}

/** The copies counted on an applied row (migration 0013), or null. */
function feedbackCopy(r: Selectable<FeedbackLogTable>): FeedbackLogRecord['copy'] {
  const count = Number(r.copy_count ?? 0);
  const channel = otherCaller(r.channel);
  if (count === 0 || !channel || !r.copy_received_at) return null;
  return { channel, firstReceivedAt: r.copy_received_at, count };
}

/**
 * An event row as a record. `data` is parsed from data_json when first read: the callers of
 * mutateTransaction only look at the events' types (feedback/process.ts, which logs them), and
 * parsing each event's JSON back, a moment after JSON.stringify made it, was work for nobody
 * (issue 17). The outbox reads `data` once, to deliver it.
 */
export function rowToEvent(r: Selectable<WebhookEventTable>): WebhookEventRecord {
  let data: unknown;
  let parsed = false;
  return {
    id: r.id,
    type: r.type,
    reference: r.reference,
    get data() {
      if (!parsed) {
        data = JSON.parse(r.data_json);
        parsed = true;
      }
      return data;
    },
    set data(value) {
      data = value;
      parsed = true;
    },
    createdAt: r.created_at,
    status: r.status,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    deliveredAt: r.delivered_at,
    lastError: r.last_error,
    ...recordedLivemode(r.livemode),
  };
}

export function rowToAttempt(r: Selectable<WebhookAttemptTable>): WebhookAttemptRecord {
  return {
    id: r.id,
    eventId: r.event_id,
    attemptedAt: r.attempted_at,
    statusCode: r.status_code === null ? null : Number(r.status_code),
    error: r.error,
    ok: Number(r.ok) === 1,
  };
}
