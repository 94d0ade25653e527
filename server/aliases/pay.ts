/**
 * Paying with a saved card from the widget (`POST /checkout/sessions/:id/attempts {aliasId}`):
 * only an alias of the customer the session names; a DirectLink new order with ALIAS,
 * OPERATION from the configuration, ECI 7 (e-commerce) and 3-D Secure requested (FLAG3D=Y,
 * WIN3DS=MAINW, the browser data, return URLs = our /payment/ogone/return). STATUS 46 → a page
 * of ours renders the HTML_ANSWER (challenge.ts); 5/9 → paid at once. The session is claimed
 * before DirectLink is called, so concurrent attempts charge once (session-claims.ts).
 */
import { randomBytes } from 'node:crypto';
import { toOgoneLanguage } from '../../shared/languages.ts';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import type { AliasPaymentHandler, AppContext } from '../app-context.ts';
import { isPaymentError, PaymentError } from '../domain/payment-error.ts';
import { AWAITING_AUTHENTICATION, statusResolution } from '../directlink/statuses.ts';
import { FEEDBACK_PATH, ogoneText } from '../payments/hosted-page.ts';
import { PARAMETER_MAX_LENGTHS } from '../../shared/parameter-lengths.ts';
import { PAID_STATES } from '../domain/payment-states.ts';
import { paidInstead } from '../feedback/destination.ts';
import { newDraftTransaction } from '../payments/draft-transaction.ts';
import { newOrderId } from '../payments/reference.ts';
import { STATUS_PAGE_PATH, withReference } from '../payments/shop-urls.ts';
import type { AliasRecord, CheckoutSessionRecord, TransactionRecord } from '../repository/types.ts';
import { remoteAddress, threeDSecureData } from './browser.ts';
import { assertChargeable } from './deletion.ts';
import { shopperSubsequent } from './stored-credentials.ts';
import { refusalMessage } from '../maintenance/directlink-failures.ts';
import { syncTransaction } from '../maintenance/index.ts';
import { OrderAnswerUnrecorded, sendAliasOrder, type OrderOutcome } from './order.ts';
import { claimSession, holdClaim, releaseClaim, releaseIfUnpaid } from '../payments/session-claims.ts';
import { customerCardNotFound } from './card-not-found.ts';

export const CHALLENGE_PATH = '/payment/challenge';

/**
 * A payment with a saved card. The card is known before Ogone answers (the alias record holds its
 * brand, masked number and expiry), so the transaction carries them from the start: DirectLink's
 * XML answer has no card number, and the dashboard and webhooks should still say which card paid.
 */
export function newAliasTransaction(
  ctx: AppContext,
  session: CheckoutSessionRecord,
  reference: string,
  alias: AliasRecord,
  locale: string | null,
): TransactionRecord {
  return {
    ...newDraftTransaction(ctx, session, { reference, locale, now: ctx.clock.now(), card: alias }),
    aliasId: alias.id,
    syncNeeded: false,
  };
}

/**
 * A claim expires after CLAIM_SECONDS, but its attempt may be a draft still — its order sent, no
 * answer stored (a timeout; a process killed) — or pending, its 3-D Secure answered while the
 * feedback is late (the platform retries a failed server-to-server request, the shopper closed the
 * tab): the platform may have charged it, and the reconciler asks about it only later, on its own
 * round. So the platform is asked before the claim can be taken over (docs/ogone-protocol.md §8):
 * a paid answer marks the session paid, and the claim then refuses a second charge — and before a
 * hosted-page attempt of the session (routes/public/checkout.ts), which would be paid beside it.
 * True when the platform was asked: the session may have changed since it was read.
 */
export async function settleExpiredClaim(ctx: AppContext, session: CheckoutSessionRecord): Promise<boolean> {
  // The session as the request read it: a claim taken since refuses the new attempt (claimSession).
  if (!session.claimReference || !session.claimUntil || Date.parse(session.claimUntil) > ctx.clock.now().getTime()) return false;
  const previous = await ctx.repository.getTransaction(session.claimReference);
  if (previous?.state !== 'draft' && previous?.state !== 'pending') return false;
  let answered: TransactionRecord | undefined;
  try {
    answered = (await syncTransaction(ctx, previous.reference)).transaction;
  } catch (error) {
    ctx.logger.warn(
      { reference: previous.reference, error: error instanceof Error ? error.message : String(error) },
      'an unanswered saved-card attempt could not be asked about: its claim holds',
    );
    throw new PaymentError(
      'conflict',
      'attempt_in_progress',
      'the previous payment of this checkout session got no answer and the platform cannot be asked about it now; try again later',
    );
  }
  // Still being decided at the platform — 52 / 92 "the customer should not retry, the payment
  // might already have been accepted" (DirectLink guide §3.3), or processed offline (51, 99):
  // however long it takes, a second order could be charged beside it. The reconciler settles it.
  const resolution = answered?.state === 'pending' && answered.lastStatus !== null ? statusResolution(answered.lastStatus) : 'final';
  if (resolution === 'uncertain' || resolution === 'pending' || resolution === 'unknown') {
    throw new PaymentError(
      'conflict',
      'attempt_in_progress',
      `the previous payment of this checkout session is still being processed by the platform (STATUS ${answered!.lastStatus}); its outcome decides, try again later`,
    );
  }
  // Asked once: the lapsed claim goes, so the attempts that follow do not ask again. Kept, every
  // attempt on the session — a public route, up to RATE_LIMIT_PER_MINUTE an address — queried the
  // same abandoned 3-D Secure challenge, the systematic querying [DL] §5.4 forbids (review r1537).
  // The reconciler follows that payment from here (§9).
  await ctx.repository.releaseSessionClaim(session.id, previous.reference);
  return true;
}

export function aliasPaymentHandler(ctx: AppContext): AliasPaymentHandler {
  return async ({ session, aliasId, attempt, request, clientAddress }): Promise<AttemptResult> => {
    const alias = await ctx.repository.getAlias(aliasId);
    // Another customer's card is answered like a missing one: nothing to learn, nothing sent.
    if (!alias || alias.deletedAt || !session.customer?.id || alias.customerId !== session.customer.id) {
      throw customerCardNotFound();
    }
    assertChargeable(ctx, alias, 'aliasId');
    const locale = attempt.locale ?? session.locale ?? null;
    const reference = newOrderId(ctx.clock.now(), session.merchantReference);
    // Before anything reaches the platform: one attempt per session at a time (409 otherwise).
    await settleExpiredClaim(ctx, session);
    await claimSession(ctx, session.id, reference);
    // docs/ogone-protocol.md §10 "Deletion, our side": a card marked deletion_pending refuses any
    // payment. Read above, before settleExpiredClaim's query (up to DirectLink's timeout) and the
    // claim, a DELETE (or the widget's Forget) landing meanwhile was not seen and the order went
    // out with the alias (review r760). Read again now that the session is held, before anything
    // is written or sent; refused, the claim is let go (no payment made).
    const current = await ctx.repository.getAlias(alias.id);
    if (!current || current.deletedAt || current.deletionStatus) {
      await releaseClaim(ctx, session.id, reference);
      if (!current || current.deletedAt || current.deletionStatus === 'done') throw customerCardNotFound();
      assertChargeable(ctx, current, 'aliasId');
    }
    const returnUrl = `${ctx.config.publicUrl}${FEEDBACK_PATH}`;
    const customer = session.customer;
    let outcome: OrderOutcome;
    try {
      await ctx.repository.createTransaction(newAliasTransaction(ctx, session, reference, alias, locale));
      await holdClaim(ctx, session.id, reference);
      outcome = await sendAliasOrder(ctx, reference, {
        orderId: reference,
        amount: session.amount,
        currency: session.currency,
        operation: ctx.config.operation,
        alias: { name: alias.alias },
        eci: 7,
        // The shopper pays with a card stored earlier, present at the checkout (§11).
        storedCredential: shopperSubsequent(),
        threeDSecure: threeDSecureData(attempt.browser, request.headers),
        ...remoteAddress(clientAddress),
        returnUrls: { accept: returnUrl, decline: returnUrl, exception: returnUrl, cancel: returnUrl },
        language: toOgoneLanguage(locale),
        // ALIAS alone: a CN (or CARDNO / ED) sent with it would overwrite what the alias holds
        // (Alias Manager guide §3.2, docs/ogone-protocol.md §10) — the shop's customer name is
        // not the card holder's. EMAIL does not touch the alias.
        ...(customer.email ? { customer: { email: customer.email } } : {}),
        // Cut as on the hosted page: never inside a character (a half emoji became U+FFFD).
        ...(session.description ? { description: ogoneText(session.description, PARAMETER_MAX_LENGTHS.COM) } : {}),
      });
    } catch (error) {
      // No usable answer (a timeout, a connection lost after sending, a 5xx: outcome_unknown), or an
      // answer that could not be recorded: the platform may have charged — the claim holds until it
      // expires, and is taken over only once the platform was asked (settleExpiredClaim). Anything
      // else charged nothing: free it. Freed after an answer that could not be written, the
      // shopper's retry charged the card a second time. The error itself says so first: a read of
      // the flag that failed too freed the claim, and the retry sent a second order while the first
      // had charged (reviews r990, r1000).
      const mayHaveCharged = error instanceof OrderAnswerUnrecorded || (isPaymentError(error) && error.kind === 'outcome_unknown');
      const stored = mayHaveCharged ? undefined : await ctx.repository.getTransaction(reference).catch(() => undefined);
      if (!mayHaveCharged && !stored?.syncNeeded) await releaseClaim(ctx, session.id, reference);
      throw error;
    }
    const { transaction, answer } = outcome;
    await releaseIfUnpaid(ctx, transaction);
    ctx.logger.info(
      { reference, sessionId: session.id, aliasId: alias.id, status: answer.status, state: transaction.state },
      'saved-card payment',
    );
    if (answer.htmlAnswer && transaction.state === 'pending' && answer.status === AWAITING_AUTHENTICATION) {
      const token = randomBytes(24).toString('base64url');
      await ctx.repository.saveChallenge({ token, reference, html: answer.htmlAnswer });
      return { kind: 'challenge', reference, url: `${ctx.config.publicUrl}${CHALLENGE_PATH}/${token}` };
    }
    if (!answer.ok && transaction.state === 'error')
      throw new PaymentError('platform_failed', 'directlink_refused', refusalMessage(answer, 'payment'));
    // The platform answered for another amount (or currency): nothing is counted, the merchant is
    // told (payment.mismatch) — and the shopper is sent where a hosted-page shopper is in that case,
    // our status page ("under review", feedback/destination.ts), never "completed" in a state the
    // widget reads as refused while the card may have been charged (review r1528).
    if (transaction.amountMismatch)
      return { kind: 'navigate', reference, url: `${ctx.config.publicUrl}${STATUS_PAGE_PATH}/${encodeURIComponent(reference)}` };
    return {
      kind: 'completed',
      reference,
      state: transaction.state,
      ...(session.successUrl ? await successUrlOf(ctx, session.successUrl, transaction) : {}),
    };
  };
}

/**
 * Where the shop confirms the order after a saved-card payment, as after the hosted page
 * (feedback/destination.ts): a paid payment's own reference; for a duplicate of the session's
 * payment — flagged by its answer's write, being given back — that payment's, while it holds the
 * money, and nowhere otherwise. The shop confirmed the order under the reference of a payment
 * being refunded, whose events say never to fulfil it (review r1437).
 */
async function successUrlOf(ctx: AppContext, successUrl: string, transaction: TransactionRecord): Promise<{ successUrl?: string }> {
  if (!PAID_STATES.has(transaction.state)) return {};
  if (!transaction.duplicateOf) return { successUrl: withReference(successUrl, transaction.reference) };
  const paidBy = await paidInstead(ctx.repository, transaction, undefined);
  return paidBy ? { successUrl: withReference(successUrl, paidBy) } : {};
}
