/**
 * The FlexCheckout return of a setup session (docs/ogone-protocol.md §15), then the card
 * verification. FlexCheckout sends nothing server to server: the browser's redirect is the only
 * result, so nothing is read before its SHASign is verified (ogone/flexcheckout.ts). Then:
 * - the return must name an attempt of ours: ALIAS.ORDERID a draft verification of a setup
 *   session, ALIAS.ALIASID the alias that attempt asked for;
 * - Alias.Status other than 0 / 2 (format error, cancelled), or Alias.StorePermanently=N (the
 *   shopper declined to store it): nothing stored, the session stays open;
 * - otherwise the session is claimed (one verification at a time, whatever the number of copies
 *   of the return: session-claims.ts) and a DirectLink authorisation is sent with the new alias —
 *   RES, one unit of the currency, ECI 7, COF CIT/FIRST (§11: the first use of a card the shopper
 *   just agreed to store), 3-D Secure requested (§12). Its answer is applied like a feedback, so
 *   the alias is recorded exactly as one saved during a payment (feedback/decide.ts), with
 *   `alias.created` and `checkout.setup_completed`; the authorisation is then cancelled
 *   (maintenance/setup-verification.ts). STATUS 46: the existing challenge page, the result
 *   arriving by the e-Commerce feedback (§12). A refused verification stores no alias here;
 * - a return after the card was verified that shows another card (the signed link opened again
 *   updates the alias): the alias is forgotten and the shopper told it is not saved; one while the
 *   verification waits (3-D Secure): the verification is marked, so its result saves nothing.
 */
import { randomBytes } from 'node:crypto';
import { toOgoneLanguage } from '../../shared/languages.ts';
import type { AppContext } from '../app-context.ts';
import { PaymentError, isPaymentError } from '../domain/payment-error.ts';
import { AWAITING_AUTHENTICATION } from '../directlink/statuses.ts';
import { withoutNul } from '../feedback/verify.ts';
import { verifyFlexReturn } from '../ogone/flexcheckout.ts';
import { lastFour, maskCardNumber } from '../payments/card.ts';
import { platformMismatch } from '../payments/livemode.ts';
import { FEEDBACK_PATH } from '../payments/hosted-page.ts';
import { claimSession, endedUnpaid, holdClaim, releaseClaim } from '../payments/session-claims.ts';
import { cardStillSaved, setupOutcome } from '../payments/setup-destination.ts';
import type { CheckoutSessionRecord, TransactionRecord } from '../repository/types.ts';
import { remoteAddress, threeDSecureData } from './browser.ts';
import { forgetAlias } from './deletion.ts';
import { OrderAnswerUnrecorded, sendAliasOrder } from './order.ts';
import { CHALLENGE_PATH, settleExpiredClaim } from './pay.ts';
import { firstStorage } from './stored-credentials.ts';

/** Alias.Status of a stored card (§15): 0 created, 2 updated. */
const STORED = new Set(['0', '2']);
/** How long a copy of the return waits for the copy that is verifying the card. */
const WAIT_FOR_OTHER_COPY_MS = 15_000;

export type SetupReturnOutcome =
  /** The card is saved (now or by an earlier copy of this return). */
  | { kind: 'saved'; session: CheckoutSessionRecord; reference: string }
  /** Not saved: FlexCheckout refused or the shopper cancelled, or the verification was refused. */
  | { kind: 'not_saved'; session: CheckoutSessionRecord; reference: string; reason: string }
  /** 3-D Secure: the browser goes to our challenge page. */
  | { kind: 'challenge'; session: CheckoutSessionRecord; reference: string; url: string }
  /** Still under way (no answer yet): the status page follows it. */
  | { kind: 'pending'; session: CheckoutSessionRecord; reference: string };

/** Case-insensitive lookup of one return field (Ogone names are case-insensitive). */
function field(pairs: ReadonlyArray<readonly [string, string]>, name: string): string {
  const upper = name.toUpperCase();
  return pairs.find(([key]) => key.toUpperCase() === upper)?.[1] ?? '';
}

/** Alias.StorePermanently=N: the shopper unticked the opt-in box, the platform deletes the alias in two hours (§15). */
const storedTemporarily = (pairs: ReadonlyArray<readonly [string, string]>) => field(pairs, 'Alias.StorePermanently').toUpperCase() === 'N';

export async function handleSetupReturn(
  ctx: AppContext,
  received: ReadonlyArray<readonly [string, string]>,
  request: Request,
  clientAddress?: string,
): Promise<SetupReturnOutcome> {
  const provider = ctx.config.provider;
  const check = verifyFlexReturn(received, { passphrase: provider.shaOut, algorithm: provider.hashAlgorithm });
  if (!check.valid) {
    ctx.logger.warn({ reason: check.reason }, 'FlexCheckout return with a bad signature: ignored');
    throw new PaymentError('invalid', 'invalid_signature', `SHASign: the FlexCheckout return's signature is ${check.reason}`, {
      field: 'SHASign',
    });
  }
  // Checked as received, read with each NUL as U+FFFD, as a feedback is (feedback/verify.ts): the
  // shopper's Card.CardHolderName is signed as typed, and PostgreSQL's text holds no NUL (r1635).
  const pairs = withoutNul(received);
  const reference = field(pairs, 'Alias.OrderId');
  const aliasName = field(pairs, 'Alias.AliasId');
  const transaction = reference ? await ctx.repository.getTransaction(reference) : undefined;
  const session = transaction ? await ctx.repository.getSession(transaction.sessionId) : undefined;
  if (!transaction || !session || session.mode !== 'setup' || !transaction.aliasRequest || transaction.aliasRequest !== aliasName) {
    throw new PaymentError('not_found', 'not_found', 'Alias.OrderId: no setup attempt of ours with this order and alias', {
      field: 'Alias.OrderId',
    });
  }
  // A FlexCheckout page opened on the other platform before the go-live switch: its alias is
  // unknown to the one this server would verify it on (payments/livemode.ts). Nothing sent.
  if (platformMismatch(ctx.config, session, 'this checkout session')) {
    ctx.logger.warn({ reference, sessionId: session.id }, 'setup return for a session of the other platform: card not verified');
    return { kind: 'not_saved', session, reference, reason: 'the session was made for the other platform' };
  }
  const status = field(pairs, 'Alias.Status');
  // A verification sent whose answer was lost (a draft still flagged for the reconciler) is under
  // way as much as a pending one: the platform may have authorised it, and the reconciler's query
  // then saves the card. Answered "not saved" (expired, cancelled), the shopper was told so of a
  // card the merchant was then told was saved (reviews r1465, r1467).
  // So is one the platform answered for another amount (a draft flagged amountMismatch): answered,
  // never to be sent again — read as never sent, each reload sent another authorisation of the
  // card (review r1529).
  const underWay = transaction.state !== 'draft' || transaction.syncNeeded === true || transaction.amountMismatch === true;
  // A card refused or a cancel on the signed link reopened after its card was verified (or while
  // it is) changes nothing at the platform: the attempt's own outcome, never "not saved" for a
  // card the shop was told is saved (checkout.setup_completed).
  if (!STORED.has(status) && (session.status === 'paid' || underWay)) {
    const outcome = settled(ctx, session, transaction);
    // Nor "saved" once that card was forgotten (§15), as a return storing it again says below.
    if (outcome.kind === 'saved' && !(await cardStillSaved(ctx.repository, session, reference)))
      return { kind: 'not_saved', session, reference, reason: 'the card saved by this checkout was forgotten since' };
    return outcome;
  }
  if (!STORED.has(status)) {
    const reason =
      status === '3' ? 'cancelled by the shopper' : `FlexCheckout refused the card (Alias.NCError ${field(pairs, 'Alias.NCError') || '?'})`;
    ctx.logger.info({ reference, sessionId: session.id, aliasStatus: status }, 'setup attempt ended without a card');
    return { kind: 'not_saved', session, reference, reason };
  }
  if (session.status === 'paid' || underWay) return afterVerification(ctx, session, transaction, pairs);
  // The session's time is over (docs/ogone-protocol.md §15): nothing is verified, nothing saved.
  if (Date.parse(session.expiresAt) <= ctx.clock.now().getTime()) {
    ctx.logger.info({ reference, sessionId: session.id }, 'setup return after the session expired: card not saved');
    return { kind: 'not_saved', session, reference, reason: 'the session expired' };
  }
  // The shopper unticked the Alias Manager's opt-in box ([FLEX] §2.2): the platform deletes the
  // alias after two hours (§15). Neither verified nor recorded: reported saved, it was a card the
  // shopper declined to store, and an alias the merchant's charges would find gone.
  if (storedTemporarily(pairs)) {
    ctx.logger.info({ reference, sessionId: session.id }, 'setup return: the shopper chose not to store the card');
    return { kind: 'not_saved', session, reference, reason: 'the shopper chose not to store the card' };
  }
  // An earlier verification of the session whose claim lapsed without an answer (lost, its 3-D
  // Secure left) may have been authorised: the platform is asked before this card may take the
  // session over (docs/ogone-protocol.md §14 "how long a claim holds", as pay.ts does for saved
  // cards). Authorised, it completed the session and the claim below refuses this card; sent, a
  // second hold went on the shopper's card beside it (review r1628). Once, not in the wait below.
  if (ctx.directLink !== undefined) {
    try {
      await settleExpiredClaim(ctx, session);
    } catch (error) {
      if (!isPaymentError(error) || error.code !== 'attempt_in_progress') throw error;
      // The platform cannot be asked now, or still decides: that claim holds, nothing is sent.
      ctx.logger.info({ reference, sessionId: session.id }, 'setup return while an earlier verification is unresolved: card not verified');
      return settled(ctx, session, transaction);
    }
  }
  const until = Date.now() + WAIT_FOR_OTHER_COPY_MS;
  for (;;) {
    try {
      await claimSession(ctx, session.id, reference);
      break;
    } catch (error) {
      if (!isPaymentError(error) || (error.code !== 'attempt_in_progress' && error.code !== 'session_paid')) throw error;
    }
    // Another copy of this return is verifying the card (its outcome is ours), or another
    // attempt holds the session (a second tab): wait for either to finish, then try again.
    const [current, fresh] = await paymentThenSession(ctx, reference, session.id);
    if (!current || !fresh || fresh.status === 'paid' || current.state !== 'draft' || Date.now() >= until)
      return afterVerification(ctx, fresh ?? session, current ?? transaction, pairs);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return verify(ctx, session, transaction, pairs, request, clientAddress);
}

/**
 * The payment, then its session, one after the other: the verification's write changes both in one
 * commit, so a session read after the payment is at least as new. Read at once (two pool
 * connections), a copy of the return saw the payment authorised beside a session not yet paid —
 * "still under way" — and sent its shopper to the status page instead of the success URL.
 */
async function paymentThenSession(ctx: AppContext, reference: string, sessionId: string) {
  const payment = await ctx.repository.getTransaction(reference);
  const session = await ctx.repository.getSession(sessionId);
  return [payment, session] as const;
}

async function verify(
  ctx: AppContext,
  session: CheckoutSessionRecord,
  transaction: TransactionRecord,
  pairs: ReadonlyArray<readonly [string, string]>,
  request: Request,
  clientAddress: string | undefined,
): Promise<SetupReturnOutcome> {
  const reference = transaction.reference;
  const claimed = await ctx.repository.getTransaction(reference);
  // The claim was won after another copy had finished (its claim released): nothing to send.
  if (!claimed || claimed.state !== 'draft' || claimed.lastStatus !== null || claimed.amountMismatch) {
    await releaseClaim(ctx, session.id, reference);
    return afterVerification(ctx, (await ctx.repository.getSession(session.id)) ?? session, claimed ?? transaction, pairs);
  }
  // The card as FlexCheckout shows it: the alias record is made from the payment (decide.ts).
  const cardNumber = field(pairs, 'Card.CardNumber');
  await ctx.repository.mutateTransaction(reference, (current) =>
    current.state === 'draft'
      ? {
          patch: {
            brand: field(pairs, 'Card.Brand') || null,
            cardNumber: cardNumber ? maskCardNumber(cardNumber) : null,
            expiry: field(pairs, 'Card.ExpiryDate') || null,
            cardHolder: field(pairs, 'Card.CardHolderName') || null,
          },
          result: undefined,
        }
      : { result: undefined },
  );
  // The claim renewed right before the order goes out, as a saved-card payment's (pay.ts, review
  // r1536): a return frozen past the claim's end found the session taken over by another tab,
  // whose card was verified and saved, and still sent its own verification — a second hold on the
  // shopper's card (§15 "One card per session"). Lapsed, nothing is sent: the session as it stands.
  try {
    await holdClaim(ctx, session.id, reference);
  } catch (error) {
    if (!isPaymentError(error) || error.code !== 'attempt_in_progress') throw error;
    ctx.logger.warn(
      { reference, sessionId: session.id },
      'setup return: its claim on the session lapsed before the verification; nothing sent',
    );
    const [current, fresh] = await paymentThenSession(ctx, reference, session.id);
    return settled(ctx, fresh ?? session, current ?? transaction);
  }
  const returnUrl = `${ctx.config.publicUrl}${FEEDBACK_PATH}`;
  let outcome;
  try {
    outcome = await sendAliasOrder(ctx, reference, {
      orderId: reference,
      amount: transaction.amount,
      currency: transaction.currency,
      operation: 'RES',
      alias: { name: transaction.aliasRequest! },
      eci: 7,
      // The shopper is here and has just agreed to store the card: its first use (§11).
      storedCredential: firstStorage(ctx.config),
      threeDSecure: threeDSecureData(undefined, request.headers),
      ...remoteAddress(clientAddress),
      returnUrls: { accept: returnUrl, decline: returnUrl, exception: returnUrl, cancel: returnUrl },
      language: toOgoneLanguage(transaction.locale ?? session.locale),
      ...(session.customer?.email ? { customer: { email: session.customer.email } } : {}),
      description: `Card verification ${reference}`.slice(0, 100),
    });
  } catch (error) {
    // The shopper's browser is on this page: it is told where things stand, never shown the
    // merchant-facing error. An answer lost (the order may have reached the platform), or one the
    // platform gave that could not be written: still under way — the claim holds while the
    // reconciler asks, and the status page follows it. Released, a reload sent the same ORDERID
    // again, and the shopper got a 500 page for a card the platform had authorised. A timeout
    // says so by itself, whether or not the flag can be read back (review r990). The flag says so
    // whatever the error: a database error right after it was written (the send lease's release,
    // order.ts) replaces the platform's, and the order may still have reached it — as pay.ts reads it.
    const mayHaveReached = error instanceof OrderAnswerUnrecorded || (isPaymentError(error) && error.kind === 'outcome_unknown');
    const stored = mayHaveReached ? undefined : await ctx.repository.getTransaction(reference).catch(() => undefined);
    if (mayHaveReached || stored?.syncNeeded) {
      ctx.logger.warn(
        { reference, sessionId: session.id, code: isPaymentError(error) ? error.code : 'answer_unrecorded' },
        'setup card verification: its answer is unknown here; the reconciler will ask',
      );
      return { kind: 'pending', session, reference };
    }
    await releaseClaim(ctx, session.id, reference);
    // Known not to have reached the platform: nothing verified, nothing saved; the shopper may try again.
    if (isPaymentError(error)) {
      ctx.logger.warn({ reference, sessionId: session.id, code: error.code }, 'setup card verification failed before the platform');
      return { kind: 'not_saved', session, reference, reason: 'the card could not be verified' };
    }
    throw error;
  }
  const { transaction: after, answer } = outcome;
  ctx.logger.info({ reference, sessionId: session.id, status: answer.status, state: after.state }, 'setup card verification');
  if (answer.htmlAnswer && after.state === 'pending' && answer.status === AWAITING_AUTHENTICATION) {
    const token = randomBytes(24).toString('base64url');
    await ctx.repository.saveChallenge({ token, reference, html: answer.htmlAnswer });
    return { kind: 'challenge', session, reference, url: `${ctx.config.publicUrl}${CHALLENGE_PATH}/${token}` };
  }
  // Only a verification that ended unpaid frees the session for another card. One answered for
  // another amount (a draft flagged amountMismatch) may hold an authorisation a person looks at:
  // the claim holds, as a saved-card payment's does (pay.ts releaseIfUnpaid), and the widget does
  // not offer "Save card" beside it (review r1629).
  if (endedUnpaid(after)) await releaseClaim(ctx, session.id, reference);
  return settled(ctx, (await ctx.repository.getSession(session.id)) ?? session, after);
}

/** An expiry date's digits: how two spellings of one date (MMYY, MM/YY) compare. */
const expiryDigits = (expiry: string | null) => (expiry ?? '').replace(/\D/g, '');

/**
 * Whether a return after the card was verified shows another card: the signed FlexCheckout link
 * opened again (history, Back) updates the same alias with what the shopper types (Alias.Status
 * 2), while a copy of the first return shows the card that was verified.
 */
function cardChanged(transaction: TransactionRecord, pairs: ReadonlyArray<readonly [string, string]>): boolean {
  const differs = (verified: string, returned: string) => verified !== '' && returned !== '' && verified !== returned;
  return (
    differs(lastFour(transaction.cardNumber) ?? '', lastFour(field(pairs, 'Card.CardNumber')) ?? '') ||
    differs(expiryDigits(transaction.expiry), expiryDigits(field(pairs, 'Card.ExpiryDate'))) ||
    // Another brand with the same last four digits and expiry (a MasterCard …1111 after a VISA
    // …1111) is another card. (Another card of the same brand differing only by its BIN is not
    // told apart: the verified card's BIN is not kept — docs/ogone-protocol.md §15.)
    differs((transaction.brand ?? '').toUpperCase(), field(pairs, 'Card.Brand').toUpperCase())
  );
}

/**
 * A return once the card's verification was sent (by this copy of the return or another): where
 * it stands — unless the return shows another card than the one verified, which the alias now holds.
 */
async function afterVerification(
  ctx: AppContext,
  session: CheckoutSessionRecord,
  transaction: TransactionRecord,
  pairs: ReadonlyArray<readonly [string, string]>,
): Promise<SetupReturnOutcome> {
  const outcome = settled(ctx, session, transaction);
  // This return says FlexCheckout stored the alias again (the signed link reopened). When the
  // verification saved a card the customer had already (repository/saved-card.ts), its alias was
  // recorded only to be deleted at the platform; when the card was forgotten since (the merchant
  // or the shopper deleted it), it must not stay stored there, unknown to the customer's cards.
  // Either is deleted again, unannounced (its deletion was, or never needed to be).
  const customerId = session.customer?.id;
  let again: 'repeat' | 'forgotten' | undefined;
  if (customerId && transaction.state !== 'draft' && transaction.state !== 'pending') {
    again = await ctx.repository.deleteStoredAgain(customerId, transaction.reference, ctx.clock.now().toISOString());
    // A repeat session saved the kept card (docs/ogone-protocol.md §10 "The same card saved
    // again": `checkout.setup_completed` names it): once that card is forgotten (deleted, or its
    // deletion pending), the card this session saved is, and the shopper goes to the failure URL
    // as for a card of its own forgotten (§10) — not told "saved" while the customer has no card
    // to charge (review r760). savedCardOfPayment answers the kept card only while it is saved.
    if (again === 'repeat' && !(await ctx.repository.savedCardOfPayment(customerId, transaction.reference))) again = 'forgotten';
    if (again === 'forgotten' && outcome.kind === 'saved') {
      ctx.logger.warn(
        { reference: transaction.reference, sessionId: session.id },
        'the card this checkout saved was forgotten since; FlexCheckout stored it again: deleted again',
      );
      return {
        kind: 'not_saved',
        session,
        reference: transaction.reference,
        reason: 'the card saved by this checkout was forgotten since',
      };
    }
  }
  // Only an update (Alias.Status 2: the signed link reopened) can be newer than the card verified:
  // a first storage (0) showing another card is the older return, loaded late (two tabs, Back) —
  // taken for a replacement, it forgot the card the alias holds and the shopper was told was
  // saved (review r1050). Unless the alias was deleted at the platform since (a repeat's, or a
  // card forgotten: `again`): the link reopened then stores it anew, with 0.
  if (field(pairs, 'Alias.Status') !== '2' && again === undefined) return withChallenge(ctx, outcome, transaction);
  // The signed link reopened, the opt-in box unticked (Alias.StorePermanently=N): the platform
  // deletes the alias in two hours, whatever card it holds — as good as replaced.
  const temporary = storedTemporarily(pairs);
  if (!cardChanged(transaction, pairs) && !temporary) return withChallenge(ctx, outcome, transaction);
  if (outcome.kind === 'saved')
    return replacedCard(ctx, session, transaction, temporary ? 'the shopper chose not to store the card, which is forgotten' : undefined);
  if (outcome.kind === 'pending') return replacedDuringVerification(ctx, session, transaction, pairs);
  return outcome;
}

/** How long a copy of the return waits for the challenge the copy that sent the order is saving. */
const CHALLENGE_SAVED_WITHIN_MS = 2_000;

/**
 * A verification waiting for its 3-D Secure challenge: this copy of the return (a reload, a double
 * submission) sends the browser to the same challenge page as the copy that sent the order. Sent to
 * the status page, the shopper could not finish 3-D Secure, and the session stayed claimed for 10
 * minutes (review r1050). The sender saves the challenge just after the answer that made the
 * payment pending: a copy reading it meanwhile waits for it a moment.
 */
async function withChallenge(ctx: AppContext, outcome: SetupReturnOutcome, transaction: TransactionRecord): Promise<SetupReturnOutcome> {
  if (outcome.kind !== 'pending' || transaction.lastStatus !== AWAITING_AUTHENTICATION || transaction.cardReplacedAt) return outcome;
  const until = Date.now() + CHALLENGE_SAVED_WITHIN_MS;
  for (;;) {
    const challenge = await ctx.repository.getChallengeOfPayment(transaction.reference);
    if (challenge) return { ...outcome, kind: 'challenge', url: `${ctx.config.publicUrl}${CHALLENGE_PATH}/${challenge.token}` };
    if (Date.now() >= until) return outcome;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The card was replaced while its verification waits (3-D Secure, or an answer still on its way):
 * whatever the platform answers, it answers for the first card, and the alias holds the second. The
 * payment is marked (cardReplacedAt), so its result — redirect, server-to-server feedback or a
 * query — saves no alias and does not complete the session (feedback/decide.ts); an authorisation
 * is still cancelled (maintenance/setup-verification.ts). The session's claim is let go at once:
 * the shopper may save a card again without waiting for the abandoned challenge.
 */
async function replacedDuringVerification(
  ctx: AppContext,
  session: CheckoutSessionRecord,
  transaction: TransactionRecord,
  pairs: ReadonlyArray<readonly [string, string]>,
): Promise<SetupReturnOutcome> {
  const reference = transaction.reference;
  const at = ctx.clock.now().toISOString();
  const marked = await ctx.repository.mutateTransaction(reference, (current) =>
    current.state === 'pending' || current.state === 'draft'
      ? { patch: { cardReplacedAt: current.cardReplacedAt ?? at }, result: true }
      : { result: false },
  );
  if (!marked?.result) {
    // Its result arrived meanwhile: the return is read against it, as any later return.
    const [current, fresh] = await paymentThenSession(ctx, reference, session.id);
    if (!current || !fresh || current.state === 'pending' || current.state === 'draft')
      return settled(ctx, fresh ?? session, current ?? transaction);
    return afterVerification(ctx, fresh, current, pairs);
  }
  await releaseClaim(ctx, session.id, reference);
  ctx.logger.warn(
    { reference, sessionId: session.id },
    'the card was replaced at the platform while its verification was under way: nothing will be saved',
  );
  return { kind: 'not_saved', session, reference, reason: 'the card was replaced while it was being verified, and is not saved' };
}

/**
 * The saved alias now holds a card nobody verified, while our record, the session and
 * `checkout.setup_completed` describe the verified one: a merchant charging it would charge
 * another card than the one it was told of. It is forgotten (deleted at the platform,
 * `alias.deleted`), and the shopper sent to the failure URL, to save a card again.
 */
async function replacedCard(
  ctx: AppContext,
  session: CheckoutSessionRecord,
  transaction: TransactionRecord,
  reason = 'the saved card was replaced by one that was not verified, and is forgotten',
): Promise<SetupReturnOutcome> {
  const reference = transaction.reference;
  const customerId = session.customer?.id;
  const alias = customerId ? (await ctx.repository.listAliases(customerId)).find((a) => a.reference === reference) : undefined;
  ctx.logger.warn({ reference, sessionId: session.id, aliasId: alias?.id }, `after its verification: ${reason}`);
  if (alias)
    await forgetAlias(ctx, alias.id).catch((error: unknown) => {
      if (!isPaymentError(error) || error.code !== 'not_found') throw error;
    });
  return { kind: 'not_saved', session, reference, reason };
}

function settled(ctx: AppContext, session: CheckoutSessionRecord, transaction: TransactionRecord): SetupReturnOutcome {
  const reference = transaction.reference;
  // What the status page says too (payments/setup-destination.ts): the session saved a card —
  // this attempt's only if it completed it; the same session in two tabs: the other card was
  // neither verified nor recorded, whether the first saved its card or still holds the session.
  const outcome = setupOutcome(transaction, session, ctx.clock.now());
  if (outcome !== 'not_saved') return { kind: outcome, session, reference };
  const reason =
    session.status === 'paid'
      ? 'another card was saved for this checkout first'
      : transaction.state === 'draft'
        ? session.claimReference === reference
          ? 'the card verification never reached the platform: try again'
          : 'another attempt of this checkout was verifying a card: try again'
        : `the card verification ended ${transaction.state}`;
  return { kind: 'not_saved', session, reference, reason };
}
