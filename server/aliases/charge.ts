/**
 * Merchant-initiated charge of a saved card (`POST /api/aliases/:id/charges`): subscriptions,
 * top-ups. DirectLink new order with ALIAS alone (no CN: docs/ogone-protocol.md §10), ECI 9
 * ("recurring, merchant-initiated after a first e-commerce transaction", §8) and the MIT stored-
 * credential flags (§11), no 3-D Secure (no shopper).
 * The merchant's `reference` is the ORDERID — without one, the Idempotency-Key's (orderIdForKey) —
 * so a retry after a lost answer reaches the platform as the same order and is never charged
 * twice (50001113, DirectLink guide §3.4).
 */
import type { z } from 'zod';
import { createChargeSchema } from '../../shared/schemas/requests.ts';
import type { AppContext } from '../app-context.ts';
import { PaymentError } from '../domain/payment-error.ts';
import { newId } from '../ids.ts';
import { refusalMessage, requireDirectLink } from '../maintenance/directlink-failures.ts';
import { PAID_STATES } from '../domain/payment-states.ts';
import { chargeOrderIdForKey, newOrderId, orderIdForKey } from '../payments/reference.ts';
import { assertSamePlatform } from '../payments/livemode.ts';
import { transactionView } from '../payments/views.ts';
import type { DirectLinkResult } from '../directlink/response.ts';
import type { CheckoutSessionRecord, TransactionRecord } from '../repository/types.ts';
import { newAliasTransaction } from './pay.ts';
import { sendAliasOrder } from './order.ts';
import { syncTransaction } from '../maintenance/index.ts';
import { assertChargeable } from './deletion.ts';
import { merchantSubsequent } from './stored-credentials.ts';
import { CLOCK_SKEW_TOLERANCE_MS } from '../clock.ts';
import { ogoneText } from '../payments/hosted-page.ts';
import { PARAMETER_MAX_LENGTHS } from '../../shared/parameter-lengths.ts';
import { savedCardNotFound } from './card-not-found.ts';
import { isUniqueViolation } from '../db/errors.ts';

// The body's schema is shared with the OpenAPI document and the typed client (issue 14).
export { createChargeSchema };

/** directlink/client.ts DEFAULT_TIMEOUT_MS; not imported: the start does not load the DirectLink client. */
const DIRECTLINK_TIMEOUT_MS = 40_000;

/**
 * How long a request holds a charge's draft to send its order: DirectLink's own 40 s timeout, plus
 * the two minutes instances' clocks may differ by (CLOCK_SKEW_TOLERANCE_MS: the lease is stamped
 * with the holder's clock and read with another's). Until then another request with
 * the same reference or key (another API key, another instance) does not send it beside — the
 * guide promises 50001113 only for an ORDERID already processed, not for a copy arriving while
 * the first is; past it (the process died), a retry may — the same ORDERID.
 */
export const SEND_LEASE_MS = DIRECTLINK_TIMEOUT_MS + CLOCK_SKEW_TOLERANCE_MS;

/** The session metadata's `initiator` of a charge the merchant made: no shopper is sent to its pages. */
const MERCHANT_INITIATOR = 'merchant';

/**
 * Whether a payment is a merchant's charge of a saved card (its reference may be the merchant's
 * own). The metadata is the merchant's on any session: only a session as chargeAlias writes it —
 * no shop URLs, its saved card the payment's — is one.
 */
export function isMerchantCharge(session: CheckoutSessionRecord, transaction: TransactionRecord): boolean {
  return (
    session.metadata?.initiator === MERCHANT_INITIATOR &&
    transaction.aliasId !== null &&
    session.metadata.aliasId === transaction.aliasId &&
    session.successUrl === null &&
    session.failureUrl === null
  );
}

/**
 * Whether a checkout session is the one chargeAlias made for a merchant's charge (isMerchantCharge
 * of its payment, found by the reference the session keeps), or one such a request left behind
 * when another recorded the same reference first. No shopper is sent to it: the widget's public
 * routes refuse it (merchantChargeSession), as the status page shows its payment to nobody.
 * Only a session whose metadata says so is looked at further, so other sessions cost nothing.
 */
export async function isMerchantChargeSession(ctx: Pick<AppContext, 'repository'>, session: CheckoutSessionRecord): Promise<boolean> {
  if (session.metadata?.initiator !== MERCHANT_INITIATOR || session.merchantReference === null) return false;
  const transaction = await ctx.repository.getTransaction(session.merchantReference);
  return transaction !== undefined && isMerchantCharge(session, transaction);
}

/**
 * The widget's answer for a merchant charge's session: not found, as a shopper's session. Its id
 * is the merchant's (GET /api/transactions/:reference names it); a shop page holding it could
 * otherwise show the customer's saved cards, hand out a hosted-page form for the charge's amount,
 * charge the saved card again or forget it — without the API key, for the session's 24 hours.
 */
export const merchantChargeSession = (field: 'id' | 'sessionId' = 'id') =>
  new PaymentError(
    'not_found',
    'not_found',
    `${field}: this checkout session is a merchant's charge of a saved card, which has no shopper pages; read it with the merchant API (GET /api/checkout-sessions/:id)`,
    { field },
  );

const chargeBeingMade = () =>
  new PaymentError('conflict', 'duplicate_reference', 'reference: a charge with this reference is being made', {
    field: 'reference',
    retryAfterSeconds: 5,
  });
/** The reference names a payment made already, in `state`: never sent again. */
const referenceExists = (state: string) =>
  new PaymentError('conflict', 'duplicate_reference', `reference: a transaction with this reference already exists (state ${state})`, {
    field: 'reference',
  });
/** The charge was never made (the platform did not know its order when asked) and expired: charge again. */
const chargeExpired = (reference: string) =>
  new PaymentError(
    'conflict',
    'charge_expired',
    `the charge ${reference} was never made: the payment platform did not know its order when asked, and it expired; charge again (another Idempotency-Key or reference)`,
  );
export type CreateCharge = z.output<typeof createChargeSchema>;

/**
 * The order an Idempotency-Key names (no reference): the key's own, whichever card
 * (chargeOrderIdForKey) — or, for a charge made before the key named one order for every card,
 * the order it named on this card, so that charge's retry is still the same ORDERID. With its
 * payment, if made: each row read once, the charge's checks below reuse it.
 */
async function keysOrder(
  ctx: AppContext,
  aliasId: string,
  idempotencyKey: string,
): Promise<{ orderId: string; transaction: TransactionRecord | undefined }> {
  const ofThisCard = orderIdForKey(aliasId, idempotencyKey);
  const madeOnThisCard = await ctx.repository.getTransaction(ofThisCard);
  if (madeOnThisCard) return { orderId: ofThisCard, transaction: madeOnThisCard };
  const orderId = chargeOrderIdForKey(idempotencyKey);
  return { orderId, transaction: await ctx.repository.getTransaction(orderId) };
}

export async function chargeAlias(ctx: AppContext, aliasId: string, input: CreateCharge, options: { idempotencyKey?: string } = {}) {
  const alias = await ctx.repository.getAlias(aliasId);
  if (!alias) throw savedCardNotFound();
  const now = ctx.clock.now();
  // Without a reference, an Idempotency-Key names the order: its retries are the same ORDERID —
  // and the same key naming another card (or amount) finds that order, refused below (review
  // r1765: the key's scope is the request's path, which names the card).
  const keyed = input.reference === undefined && options.idempotencyKey !== undefined;
  const keys = options.idempotencyKey === undefined ? undefined : await keysOrder(ctx, alias.id, options.idempotencyKey);
  const reference = input.reference ?? (keyed ? keys!.orderId : newOrderId(now, null));
  const keyReused = () =>
    new PaymentError('refused', 'idempotency_key_reused', 'this Idempotency-Key was used for another charge', {
      field: 'Idempotency-Key',
    });
  // A key that named an order without a reference (its answer lost, the key free again after the
  // 5xx) retried with a reference would be a second charge under one key.
  if (input.reference !== undefined && keys !== undefined) {
    if (keys.orderId !== input.reference && keys.transaction) throw keyReused();
  }
  // A key sent with a reference names no order of its own (its ORDERID is the reference), and the
  // middleware's scope is the path, which names the card: the same key with another reference
  // for another card ran as a second charge. The key is bound to the order it was first sent
  // for, whatever the card, for its day (README "Merchant API"); of two requests at once, one.
  if (options.idempotencyKey !== undefined && (await ctx.repository.bindChargeKey(options.idempotencyKey, reference)) !== reference) {
    throw keyReused();
  }
  const existing = keys?.orderId === reference ? keys.transaction : await ctx.repository.getTransaction(reference);
  if (existing) {
    // The operation too: a retry asking SAL of a draft recorded RES was sent as SAL, captured while
    // the record said authorised only (review r1050). One that names none retries the draft's.
    const sameOperation = input.operation === undefined || input.operation === existing.operation;
    const sameCharge =
      existing.aliasId === alias.id && existing.amount === input.amount && existing.currency === input.currency && sameOperation;
    // A draft the platform answered for another amount (amountMismatch) is answered: the platform
    // may hold an authorisation or a capture for that amount, which a person looks at (§8). Never
    // sent again, neither as lost nor as never sent — as a setup's verification (review r1529;
    // here r1767: its retry was told the charge was being made, then sent a second order).
    const answeredOtherAmount = existing.amountMismatch === true;
    const answerLost = existing.state === 'draft' && existing.syncNeeded && !answeredOtherAmount;
    // A draft not flagged for the reconciler is an order whose failure was known — it never
    // reached the platform (refused connection…) — or one on its way now: its retry sends it
    // (same ORDERID, never charged twice: §8) once it holds the draft's send lease (below).
    const neverSent = existing.state === 'draft' && !existing.syncNeeded && !answeredOtherAmount;
    if (keyed && !sameCharge) throw keyReused();
    // The key's order made for the other platform (before the go-live switch): never answered as
    // this one's charge — that platform's object, not a charge made here (README "Going live").
    if (keyed) assertSamePlatform(ctx.config, existing, `the charge ${reference}`, 'Idempotency-Key');
    // A retry of the key whose first answer was lost, settled since (by a query): that outcome.
    if (keyed && !answerLost && !neverSent) return chargeOutcome(reference, existing);
    // The same charge by its reference, never made and expired: told so, as its keyed retry is
    // (chargeOutcome), never "already exists", which a merchant's job reads as charged (review r1766).
    if (sameCharge && existing.state === 'expired' && !existing.syncNeeded) throw chargeExpired(reference);
    // Only a retry of the same charge whose answer was lost (or never sent) may go out again.
    if (!sameCharge || !(answerLost || neverSent)) {
      throw referenceExists(existing.state);
    }
    // The card was forgotten since the answer was lost: the order may well have been charged, so
    // the retry tells what the platform says of it, and is not sent again on a card being deleted.
    if (alias.deletedAt || alias.deletionStatus === 'pending') {
      // A draft not flagged may be on its way now, sent by another request holding its send
      // lease: that charge is being made, not "never sent".
      if (neverSent && !(await ctx.repository.claimDraftSend(reference, SEND_LEASE_MS))) throw chargeBeingMade();
      try {
        const synced = await syncTransaction(ctx, reference);
        // Never sent, and the platform does not know it: no charge was made and none can be now —
        // refused as a new charge of this card is, never a 202 "under way" that the key would keep.
        if (neverSent && (synced.transaction.state === 'draft' || synced.transaction.state === 'expired')) {
          if (alias.deletedAt) throw savedCardNotFound();
          assertChargeable(ctx, alias, 'id');
        }
        return chargeOutcome(reference, synced.transaction);
      } finally {
        if (neverSent) await ctx.repository.releaseDraftSend(reference);
      }
    }
    // A draft made for the other platform (before the go-live switch) is not sent to this one's.
    assertSamePlatform(ctx.config, existing, `the charge ${reference}`, 'reference');
    // Refused before the send lease is taken: held by a request that cannot send, it answered the
    // retries "being made" for its whole length (review r1768).
    requireDirectLink(ctx);
    // One order on the wire at a time, for a retry whose answer was lost too: [DL] §3.4 promises
    // 50001113 only for an ORDERID "already existing (and correctly processed)", not for copies
    // of an order arriving while the platform still processes the first.
    if (!(await ctx.repository.claimDraftSend(reference, SEND_LEASE_MS, answerLost))) {
      // Settled since it was read (the reconciler's query found the order): answered as a retry
      // finding it settled, not as a charge still being made.
      const settled = await ctx.repository.getTransaction(reference);
      if (!settled || settled.state === 'draft') throw chargeBeingMade();
      if (keyed) return chargeOutcome(reference, settled);
      throw referenceExists(settled.state);
    }
  } else {
    // A server that cannot send the order (payments disabled, no API user) refuses before anything
    // is written, as the widget's saved-card route does: a session, a draft nobody would send and
    // its send lease were left behind, the retries answered "being made" (review r1768).
    requireDirectLink(ctx);
    // Only a new charge needs a card that can still pay; a retry is answered whatever became of it.
    if (alias.deletedAt) throw savedCardNotFound();
    assertChargeable(ctx, alias, 'id');
    const session: CheckoutSessionRecord = {
      id: newId('cs', now.getTime()),
      buttonId: null,
      amount: input.amount,
      currency: input.currency,
      merchantReference: reference,
      description: input.description ?? null,
      customer: { id: alias.customerId },
      locale: null,
      saveCard: 'never',
      successUrl: null,
      failureUrl: null,
      metadata: { initiator: MERCHANT_INITIATOR, aliasId: alias.id },
      quantity: 1,
      status: 'open',
      paidReference: null,
      expiresAt: new Date(now.getTime() + 24 * 3600_000).toISOString(),
      createdAt: now.toISOString(),
    };
    await ctx.repository.createSession(session);
    const transaction = newAliasTransaction(ctx, session, reference, alias, null);
    transaction.operation = input.operation ?? ctx.config.operation;
    try {
      await ctx.repository.createTransaction(transaction);
    } catch (error) {
      // A concurrent request with the same reference inserted it first (the ORDERID is the key):
      // that request charges; this one is the duplicate it would have been a moment later. Told
      // by the key's error, not only by reading the row back: on SQLite the other row may wait in
      // the writer's group commit, unseen by reads, and this answered 500 (review r1630).
      if (!isUniqueViolation(error) && !(await ctx.repository.getTransaction(reference))) throw error;
      throw chargeBeingMade();
    }
    // A retry that found the draft first holds it: it sends the order, this request does not.
    if (!(await ctx.repository.claimDraftSend(reference, SEND_LEASE_MS))) throw chargeBeingMade();
  }
  // docs/ogone-protocol.md §10 "Deletion, our side": once a card is marked deletion_pending, any
  // payment with it is refused. The card was read before the session, the draft and the send
  // lease were written, and a DELETE landing meanwhile marked it while the order still went out
  // with its alias (review r760). Read again now that this request holds the lease, just before
  // the order.
  const current = await ctx.repository.getAlias(alias.id);
  if (!current || current.deletedAt || current.deletionStatus) {
    await ctx.repository.releaseDraftSend(reference);
    // A retry (its first order's answer lost, or never sent): answered as a retry finding the
    // card being deleted is (the branch above, which asks the platform about the order).
    if (existing) return chargeAlias(ctx, aliasId, input, options);
    // A new charge, never sent: refused as if the card had been marked before it was read. Its
    // draft stays unsent, as one whose order failed before the platform — a retry of the
    // reference gets the same refusal, and the reconciler expires it with its session.
    if (!current || current.deletedAt || current.deletionStatus === 'done') throw savedCardNotFound();
    assertChargeable(ctx, current, 'id');
  }
  const { transaction, answer } = await sendAliasOrder(ctx, reference, {
    orderId: reference,
    amount: input.amount,
    currency: input.currency,
    operation: (existing?.operation ?? input.operation ?? ctx.config.operation) as 'SAL' | 'RES',
    alias: { name: alias.alias },
    eci: 9,
    // The merchant charges a card stored with the shopper's consent, without the shopper (§11).
    storedCredential: merchantSubsequent(ctx.config),
    // The API counts characters; COM is kept within 100 UTF-16 units, however the platform counts (hosted-page.ts).
    ...(input.description ? { description: ogoneText(input.description, PARAMETER_MAX_LENGTHS.COM) } : {}),
  });
  ctx.logger.info({ reference, aliasId: alias.id, status: answer.status, state: transaction.state }, 'merchant-initiated charge');
  return chargeOutcome(reference, transaction, answer);
}

/** The charge's answer from its payment (and the platform's answer, when this request got one). */
function chargeOutcome(reference: string, transaction: TransactionRecord, answer?: DirectLinkResult) {
  // Without an answer (a retry with the key), the refusal as stored: never a 202 "under way".
  if (transaction.state === 'error' && !answer?.ok) {
    const why = answer
      ? refusalMessage(answer, 'charge')
      : `the payment platform refused the charge ${reference}: STATUS ${transaction.lastStatus ?? '?'}, NCERROR ${transaction.ncError ?? '?'}`;
    throw new PaymentError('platform_failed', 'directlink_refused', why);
  }
  // The platform did not know its order when asked and the charge expired: nothing was charged and
  // nothing will be. A 202 "under way" (which the key would keep) told the merchant to wait. Unless
  // an order of it went out since, its answer lost (syncNeeded): that one may have been charged,
  // and the reconciler's query tells — "never made, charge again" would charge twice.
  if (transaction.state === 'expired' && !answer && !transaction.syncNeeded) throw chargeExpired(reference);
  if (transaction.state === 'declined') {
    const why = answer
      ? refusalMessage(answer, 'charge').replace(/^the payment platform refused the charge: /, '')
      : `STATUS ${transaction.lastStatus ?? '?'}, NCERROR ${transaction.ncError ?? '?'}`;
    throw new PaymentError('declined', 'card_declined', `the charge ${reference} was declined: ${why}`);
  }
  return {
    status: PAID_STATES.has(transaction.state) ? (201 as const) : (202 as const),
    livemode: transaction.livemode,
    body: transactionView(transaction),
  };
}
