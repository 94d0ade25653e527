/**
 * Payment life cycle shared by the hosted page, 3-D Secure and DirectLink: creating a payment,
 * applying an authorisation outcome, storing the alias, choosing where the browser goes.
 */
import { ACCEPTED_STATUSES, type Outcome, type Operation } from './outcomes.ts';
import { param, type PageCharset, type RequestParameters } from './params.ts';
import type { SandboxRuntime } from './runtime.ts';
import type { AliasRecord, Payment, PendingAlias, ReturnUrls, StoredCard } from './store.ts';

export interface NewPayment {
  readonly orderId: string;
  readonly channel: Payment['channel'];
  readonly amount: number;
  readonly currency: string;
  readonly operation: Operation;
  readonly card: StoredCard | undefined;
  readonly eci: string;
  readonly ip: string;
  readonly email: string;
  readonly language: string;
  readonly comPlus: string;
  readonly paramPlus: string;
  readonly paramVar: string;
  /** CREDITDEBIT as returned ("CREDIT" / "DEBIT"), from `creditDebitOf`. */
  readonly creditDebit: string;
  readonly urls: ReturnUrls;
  readonly alias: string;
  readonly pendingAlias: PendingAlias | undefined;
  /** The hosted payment page's checkout, when the payment is tried there. */
  readonly checkoutToken?: string;
  /** The charset of the page the payment came through (UTF-8 when not said). */
  readonly charset?: PageCharset;
  /** A DirectLink order's parameters as received (card data and credentials left out). */
  readonly received?: Readonly<Record<string, string>>;
}

/**
 * CREDITDEBIT as the platform returns it. "Split credit/debit cards" ([DL] §3.1.5, [ADV]
 * §10.1.6): the request sends "C" (credit card) or "D" (debit card); "whereas the submitted values
 * are C or D, the return values are "CREDIT" or "DEBIT"". Any other value is not returned.
 */
export function creditDebitOf(params: RequestParameters): string {
  const sent = param(params, 'CREDITDEBIT');
  return sent === 'C' ? 'CREDIT' : sent === 'D' ? 'DEBIT' : '';
}

/**
 * CREDITDEBIT in an answer, a query or a feedback: returned "if the payment is successfully
 * processed with the CREDITDEBIT parameter" ([DL] §3.1.5, [ADV] §10.1.6) — an authorisation that
 * was accepted (its first history level), whatever maintenance followed; empty otherwise.
 */
export function returnedCreditDebit(payment: Payment): string {
  const authorisation = payment.history[0]?.status;
  return authorisation !== undefined && ACCEPTED_STATUSES.has(authorisation) ? payment.creditDebit : '';
}

/** Creates and stores a payment with its outcome (history level 0). Synchronous: no interleaving. */
export function createPayment(runtime: SandboxRuntime, init: NewPayment, outcome: Outcome): Payment {
  const now = runtime.options.now();
  const payment: Payment = {
    payId: runtime.store.newPayId(),
    orderId: init.orderId,
    channel: init.channel,
    amount: init.amount,
    currency: init.currency,
    operation: init.operation,
    status: outcome.status,
    ncError: outcome.ncError,
    acceptance: outcome.acceptance,
    pm: 'CreditCard',
    card: init.card,
    alias: init.alias,
    eci: init.eci,
    ip: init.ip,
    email: init.email,
    language: init.language,
    trxDate: now,
    comPlus: init.comPlus,
    paramPlus: init.paramPlus,
    paramVar: init.paramVar,
    creditDebit: init.creditDebit,
    urls: init.urls,
    captured: outcome.status === 9 ? init.amount : 0,
    capturePending: 0,
    refunded: 0,
    refundPending: 0,
    capturesClosed: outcome.status === 9,
    refundsClosed: false,
    closed: false,
    history: [{ payIdSub: 0, operation: init.operation, amount: init.amount, status: outcome.status, ncError: outcome.ncError, at: now }],
    deliveries: [],
    challengeToken: undefined,
    challengeResult: undefined,
    pendingAlias: init.pendingAlias,
    checkoutToken: init.checkoutToken,
    charset: init.charset ?? 'utf-8',
    ...(init.received ? { received: init.received } : {}),
  };
  runtime.store.addPayment(payment);
  if (outcome.status !== 46) settleAlias(runtime, payment);
  return payment;
}

/** Applies the outcome that ends a 3-D Secure challenge. */
export function completeChallenge(runtime: SandboxRuntime, payment: Payment, outcome: Outcome, eci: string): void {
  const now = runtime.options.now();
  payment.status = outcome.status;
  payment.ncError = outcome.ncError;
  payment.acceptance = outcome.acceptance;
  payment.trxDate = now;
  payment.eci = eci;
  if (outcome.status === 9) {
    payment.captured = payment.amount;
    payment.capturesClosed = true;
  }
  const first = payment.history[0];
  if (first) {
    first.status = outcome.status;
    first.ncError = outcome.ncError;
  }
  settleAlias(runtime, payment);
}

/**
 * Stores or updates the alias once the result is known. Alias Manager guide §2.5: a refused or
 * uncertain first payment still creates the alias, in status Error; an existing alias is only
 * updated with new card data when the payment is accepted (§3.1).
 */
function settleAlias(runtime: SandboxRuntime, payment: Payment): void {
  const pending = payment.pendingAlias;
  payment.pendingAlias = undefined;
  if (!pending || !payment.card || payment.status === 1 || payment.status === 0) return;
  const now = runtime.options.now();
  const accepted = ACCEPTED_STATUSES.has(payment.status);
  const existing = runtime.store.alias(pending.name, now);
  const expiresAt = pending.persisted ? undefined : new Date(now.getTime() + TEMPORARY_ALIAS_MS);
  if (existing) {
    if (!accepted) return;
    existing.card = payment.card;
    existing.status = 'Active';
    existing.updatedAt = now;
    if (pending.usage) existing.usage = pending.usage;
    existing.expiresAt = expiresAt;
    return;
  }
  const record: AliasRecord = {
    alias: pending.name,
    card: payment.card,
    status: accepted ? 'Active' : 'Error',
    usage: pending.usage,
    createdAt: now,
    updatedAt: now,
    expiresAt,
  };
  runtime.store.saveAlias(record);
}

/** ALIASPERSISTEDAFTERUSE=N: the alias is deleted after 2 hours (Alias Manager guide; docs/ogone-protocol.md §10). */
export const TEMPORARY_ALIAS_MS = 2 * 60 * 60 * 1000;

export type ResultKind = 'accept' | 'decline' | 'exception' | 'cancel';

/** Which return URL a status goes to (e-Commerce Advanced §9.2.1; docs/ogone-protocol.md §5). */
export function resultKind(status: number): ResultKind {
  if (status === 1) return 'cancel';
  if (status === 52 || status === 92) return 'exception';
  if (status === 0 || status === 2 || status === 93) return 'decline';
  return 'accept';
}

/** The four return URLs a request (hosted page or DirectLink 3-D Secure order) gives; empty ones left out. */
export function returnUrlsOf(params: RequestParameters): ReturnUrls {
  return {
    accept: param(params, 'ACCEPTURL') || undefined,
    decline: param(params, 'DECLINEURL') || undefined,
    exception: param(params, 'EXCEPTIONURL') || undefined,
    cancel: param(params, 'CANCELURL') || undefined,
  };
}

/** The URL for a result, with the documented fallbacks: EXCEPTIONURL → ACCEPTURL, CANCELURL → DECLINEURL. */
export function returnUrl(urls: ReturnUrls, kind: ResultKind): string | undefined {
  const pick = (url: string | undefined) => (url && isAbsoluteUrl(url) ? url : undefined);
  switch (kind) {
    case 'accept':
      return pick(urls.accept);
    case 'decline':
      return pick(urls.decline);
    case 'exception':
      return pick(urls.exception) ?? pick(urls.accept);
    case 'cancel':
      return pick(urls.cancel) ?? pick(urls.decline);
  }
}

function isAbsoluteUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * "Already processed correctly" (DirectLink guide §3.4): an ORDERID whose payment went through or
 * is on its way. A refused, cancelled or invalid attempt may be retried with the same ORDERID.
 */
export function alreadyProcessed(payment: Payment | undefined): payment is Payment {
  return payment !== undefined && ![0, 1, 2, 93].includes(payment.status);
}
