/**
 * Step 2 of a feedback: what a verified feedback does to a transaction — a pure decision, no I/O,
 * that apply.ts has the repository apply under the row lock (issue 4, "/payment/ogone/return"):
 * - AMOUNT and CURRENCY must match what we stored; a mismatch (or a missing one) is never paid:
 *   the transaction is flagged, `payment.mismatch` is emitted once, the state stays.
 * - STATUS goes through `nextState`, which never goes back (a late 5 after 9 changes nothing).
 * - The saved card (alias), the one the payment asked for, is recorded once the payment is
 *   authorised or captured.
 * Duplicates produce no patch and no event, so redirect + server-to-server copies are harmless.
 */
import { parseFeedbackAmount } from '../../shared/money.ts';
import {
  CANCELLED_BY_CUSTOMER,
  isPageEnd,
  nextState,
  REFUND_REVERSALS,
  sameState,
  statusInfo,
  type PaymentState,
} from '../../shared/status.ts';
import type { WebhookEventType } from '../../shared/webhook-events.ts';
import type {
  CheckoutSessionRecord,
  EventDraft,
  FeedbackChannel,
  FeedbackOutcome,
  TransactionDecision,
  TransactionPatch,
  TransactionRecord,
} from '../repository/types.ts';
import { otherPaidReference, PAID_STATES, sessionMoneyHeld, sessionToTakeOver } from '../domain/payment-states.ts';
import { lastFour, maskCardNumber, sanitizeFeedbackParams } from '../payments/card.ts';
import { setupCompletedEvent } from '../payments/setup-events.ts';
import { aliasView, transactionView } from '../payments/views.ts';

/** The webhook event announcing that a payment reached `state`. */
export function paymentEventType(state: PaymentState): WebhookEventType | undefined {
  switch (state) {
    case 'pending':
      return 'payment.pending';
    case 'authorized':
      return 'payment.authorized';
    case 'captured':
      return 'payment.captured';
    case 'partially_refunded':
    case 'refunded':
      return 'payment.refunded';
    case 'cancelled':
      return 'payment.cancelled';
    case 'declined':
      return 'payment.declined';
    case 'error':
      return 'payment.error';
    default:
      return undefined;
  }
}

export interface FeedbackResult {
  outcome: FeedbackOutcome;
  /** True when the payment moved to another state. */
  changed: boolean;
  mismatch: boolean;
}

export interface FeedbackInput {
  /** Names uppercased (normalizeFeedback), validated by feedbackSchema. */
  params: Readonly<Record<string, string>>;
  status: number;
  channel: FeedbackChannel;
  /**
   * When a copy of this feedback (the same STATUS and kept parameters with a value, CN, EMAIL and
   * IP aside, either caller) was first received, if it was before (repository mutateTransaction's
   * `feedbackCopy`, feedback/log.ts `feedbackCopyKey`): it tells nothing of the operations sent
   * after that (with-operations.ts).
   */
  firstReceivedAt?: string | null;
  /**
   * Who will read the payment's history levels (the caller says so, from its context:
   * feedback/apply.ts): the reconciler's query in time, or only a sync by hand (the payment past
   * the reconciler's maximum age, which flags it for a person); undefined when nobody can (no
   * DirectLink, a payment of the other platform). A capture the back office made of an
   * authorisation says 9 with the order's AMOUNT; its amount is left to that query
   * (with-operations.ts `capturedOutsideOurApi`, docs/ogone-protocol.md §9).
   */
  levelsReadBy?: 'reconciler' | 'hand';
  /**
   * The state of the payment that paid the session, when another payment did (the repository's
   * locked read, SeenFeedback; null: not found): while it holds the money, a payment paid now is its
   * duplicate, announced as one from its first paid event (docs/ogone-protocol.md §8).
   */
  sessionPaymentState?: PaymentState | null;
  /** Read with it: whether another payment of the session holds money (a kept duplicate, SeenFeedback). */
  otherPaymentHoldsMoney?: boolean;
  /** RETENTION_DAYS removed the payment's personal data (SeenFeedback): its card holder stays removed. */
  personalDataRemoved?: boolean;
}

/**
 * The feedback's AMOUNT is in major units, "not multiplied by 100" (JPY "1500", EUR "19.99" or
 * "15", KWD "1.23"): parsed exactly into minor units and compared as integers with what we stored
 * (docs/ogone-protocol.md §2). More decimals than the currency has, or anything else, never matches.
 */
function amountMatches(t: TransactionRecord, params: Readonly<Record<string, string>>): boolean {
  const { AMOUNT: amount, CURRENCY: currency } = params;
  if (!amount || !currency || currency !== t.currency) return false;
  try {
    return parseFeedbackAmount(amount, currency) === t.amount;
  } catch {
    return false;
  }
}

/**
 * `payment.mismatch`'s `received.amount`: the AMOUNT Ogone sent, in minor units of the CURRENCY it
 * sent, as every amount of the API (docs/ogone-protocol.md §2 "What comes back", §5 "AMOUNT in
 * major units") — Ogone's text ("0.99") beside `amount: 1999` read as 0.19 EUR paid (review
 * r1364). Null when it cannot be read so: missing, not a decimal amount, an unknown currency, or
 * more decimals than the currency has (the feedback log keeps the text as sent).
 */
function receivedMinorAmount(params: Readonly<Record<string, string>>): number | null {
  const { AMOUNT: amount, CURRENCY: currency } = params;
  if (!amount || !currency) return null;
  try {
    return parseFeedbackAmount(amount, currency);
  } catch {
    return null;
  }
}

/** Card and payment details a feedback carries, as columns (card masked). */
function details(params: Readonly<Record<string, string>>): TransactionPatch {
  const patch: TransactionPatch = {};
  const text = (name: string) => (params[name] !== undefined && params[name] !== '' ? params[name] : undefined);
  if (text('PAYID') && params.PAYID !== '0') patch.payid = params.PAYID!;
  if (text('PM')) patch.pm = params.PM!;
  if (text('BRAND')) patch.brand = params.BRAND!;
  if (text('CARDNO')) patch.cardNumber = maskCardNumber(params.CARDNO);
  if (text('ED')) patch.expiry = params.ED!;
  if (text('CN')) patch.cardHolder = params.CN!;
  if (text('NCERROR')) patch.ncError = params.NCERROR!;
  if (text('TRXDATE')) patch.trxDate = params.TRXDATE!;
  return patch;
}

/**
 * Whether a STATUS that moves no state becomes the last STATUS kept for the reconciler (§9). A
 * feedback can be old — a shopper replays the redirect, the platform retries its first post-sale
 * request — and its final STATUS (the 5 that authorised, the 9 that captured) must not hide an
 * unresolved one received since (91, 61, 81, 71): the reconciler queries only unresolved ones,
 * and the change they announce would be lost with its feedback. A feedback says nothing of when
 * it was sent, so such a STATUS waits for the query, whose answer is the platform's current one
 * (docs/ogone-protocol.md §5).
 */
export function recordsLastStatus(current: TransactionRecord, status: number, channel: FeedbackChannel): boolean {
  if (status === current.lastStatus) return false;
  if (channel === 'query' || current.lastStatus === null) return true;
  return !(statusInfo(current.lastStatus)?.unresolved === true && statusInfo(status)?.unresolved !== true);
}

/** A try waiting on the page, before its authorisation request: 3-D Secure (46), the shopper (41, 40, 4). */
const PAGE_WAITING: ReadonlySet<number> = new Set([4, 40, 41, 46]);

/**
 * Whether a feedback is an earlier try's, arriving after a later try's unresolved STATUS past its
 * authorisation request (51, 52, 91, 92…): a deferred feedback, a replayed redirect. A customer's
 * cancel (1) never ends a try whose authorisation was asked for. Any other word of the page's
 * stage is that try's own only with its PAYID (each try on the page has its own, docs/ogone-
 * protocol.md §9 "Another try on the page"): another one, "0" (the platform's "no payment made",
 * a try refused before one was), or none is an earlier try's (reviews r1400, r1402: a late 46 took
 * the last STATUS and the PAYID, and that try's 2 then read as the payment's own end). An earlier
 * try's word changes nothing: not the state, not the details (its PAYID, by which a query would
 * read that try's end for good), and the payment keeps its session held as one being decided does
 * (§8); the reconciler asks about the unresolved STATUS. Applied, the late 2 took the payment's
 * last STATUS, final, and the 9 the platform recorded for the 91 was never learnt: the shopper
 * charged, the merchant told `payment.declined` (reviews r1366, r1380, r1381, r1391). A query's
 * answer is the platform's STATUS now, and applies.
 */
function endOfEarlierTry(
  current: TransactionRecord,
  status: number,
  params: Readonly<Record<string, string>>,
  channel: FeedbackChannel,
): boolean {
  if (channel === 'query' || current.state !== 'pending' || current.lastStatus === null) return false;
  if (statusInfo(current.lastStatus)?.unresolved !== true || PAGE_WAITING.has(current.lastStatus)) return false;
  // A customer's cancel never ends a try whose authorisation was asked for, and no try goes back
  // from its authorisation request to the page's waiting: a stale one, kept as the last STATUS,
  // switched this rule off and freed the session (review r1411).
  if (status === CANCELLED_BY_CUSTOMER || PAGE_WAITING.has(status)) return true;
  // A refusal (2) or an invalid try (0): the try's own end only with its PAYID.
  if (!isPageEnd(status)) return false;
  const payId = details(params).payid;
  return payId === undefined || payId !== current.payid;
}

/**
 * A page end (0, 1, 2) kept as the last STATUS of an authorisation deleted (cancelled by 6 or 64)
 * would make it payable by another try (shared/status.ts mayBePaidByAnotherTry): a stale 1, then
 * the shopper's replayed 5, authorised it again (review r1390). It stays final.
 */
function overDeletedAuthorisation(current: TransactionRecord, status: number): boolean {
  return current.state === 'cancelled' && isPageEnd(status) && !isPageEnd(current.lastStatus);
}

export function decideFeedback(
  current: TransactionRecord,
  session: CheckoutSessionRecord,
  input: FeedbackInput,
): TransactionDecision<FeedbackResult> {
  const { params, status, channel } = input;
  const log = (outcome: FeedbackOutcome) => ({ channel, status, outcome, params: sanitizeFeedbackParams(params) });

  if (!amountMatches(current, params)) {
    // A payment with no order of its own yet takes the mismatching one's details, to be found in
    // the back office. One already paid by its own order keeps them: that order's PAYID is where
    // its capture or refund must go, never the other order's (review r1130).
    const patch: TransactionPatch = { ...(current.payid ? {} : details(params)), amountMismatch: true };
    const after = { ...current, ...patch };
    const events: EventDraft[] = current.amountMismatch
      ? []
      : [
          {
            type: 'payment.mismatch' satisfies WebhookEventType,
            reference: current.reference,
            data: {
              ...transactionView(after, session),
              received: { amount: receivedMinorAmount(params), currency: params.CURRENCY ?? null, status },
            },
          },
        ];
    return { patch, events, feedback: log('mismatch'), result: { outcome: 'mismatch', changed: false, mismatch: true } };
  }

  const earlierTry = endOfEarlierTry(current, status, params, channel);
  const change = earlierTry ? { state: current.state, changed: false } : nextState(current.state, status, {}, current.lastStatus);
  const info = statusInfo(status);
  let patch: TransactionPatch | undefined;
  const events: EventDraft[] = [];
  if (change.changed) {
    // A feedback older than the unresolved STATUS a query read (the platform's retried 5, sent
    // before the back office's capture the query read as 91): the state follows it, the 91 stays
    // the last STATUS for the reconciler, which learns the capture (recordsLastStatus).
    const keepsUnresolved =
      channel !== 'query' &&
      current.lastStatus !== null &&
      sameState(change.state, current.lastStatus) &&
      !recordsLastStatus(current, status, channel);
    patch = { ...details(params), state: change.state, lastStatus: keepsUnresolved ? current.lastStatus : status };
    const refundReversed = REFUND_REVERSALS.has(status) && (current.state === 'refunded' || current.state === 'partially_refunded');
    if (refundReversed) {
      // 94 / 96: the refund did not happen after all, the money stays captured (docs/ogone-protocol.md §6).
      patch.refundedAmount = 0;
    } else if (change.state === 'authorized' && session.mode === 'setup') {
      // A setup session's verification owes its cancel (§15): should this process die before
      // the cancel is recorded, the reconciler's sync brings its review back.
      patch.syncNeeded = true;
    } else if (change.state === 'captured') {
      // A capture — or a 94 / 96 on a payment we did not know captured (its 9 late or lost): a
      // refund was tried, so the money was captured; nothing was refunded.
      patch.capturedAmount = current.amount;
    }
    if (change.state === 'refunded') patch.refundedAmount = current.capturedAmount || current.amount;
    const paidBy = otherPaidReference(session, current.reference, change.state);
    // A session's payment that holds nothing any more is replaced by this one in this very write
    // (session-role.ts, applied by the caller to the whole decision): no give-back is owed.
    if (paidBy && !sessionToTakeOver(session, current, change.state, input)) {
      // A second paid payment of a session another paid (two tabs): its give-back is owed
      // (maintenance/duplicates.ts). Should this process die after answering the platform and
      // before the review records it, the reconciler's sync brings the review back.
      patch.syncNeeded = true;
      // While the session's payment holds the money, this one is its duplicate from this very
      // write: its payment.captured says `duplicateOf`, and payment.duplicate goes out with it
      // (duplicate-announcement.ts, applied by the caller to the whole decision).
      // Flagged only by its review after this write, its capture went out first as the session's
      // own, and a shop fulfilling on payment.captured shipped the order twice (review r1310).
      if (!current.duplicateOf && sessionMoneyHeld(input) === true) patch.duplicateOf = paidBy;
    }
    // A refund taken back is not a new capture: announced as one, a shop fulfilling on
    // payment.captured would ship the order again (README, "Webhooks").
    const eventType = refundReversed ? 'payment.refund_reversed' : paymentEventType(change.state);
    if (eventType) events.push({ type: eventType, reference: current.reference, data: transactionView({ ...current, ...patch }, session) });
  } else if (
    info &&
    !earlierTry &&
    (sameState(current.state, status) || channel === 'query') &&
    recordsLastStatus(current, status, channel) &&
    !overDeletedAuthorisation(current, status)
  ) {
    // Same state, newer detail (51 → 52 while pending): keep the last STATUS for reconciliation.
    // A query's answer is the platform's STATUS now, kept even where the state cannot follow it
    // (93 after a 91: the capture refused ends the queries; 92 on an authorised payment keeps them).
    patch = { ...details(params), lastStatus: status };
  }
  // Nothing else to apply: the details the payment lacks, when this answer is of its own order and
  // card — a payment settled through a query (no ED nor CN in its answer), then its deferred
  // feedback. The card it saved takes them too (review r1150).
  const filled =
    patch || earlierTry || channel === 'query' ? undefined : missingDetails(current, params, input.personalDataRemoved === true);
  if (filled) patch = filled;
  const after = { ...current, ...patch };
  const decision: TransactionDecision<FeedbackResult> = {
    events,
    feedback: log(patch ? 'applied' : 'unchanged'),
    result: { outcome: patch ? 'applied' : 'unchanged', changed: change.changed, mismatch: false },
  };
  if (patch) decision.patch = patch;
  // A setup verification whose alias the platform updated with another card meanwhile
  // (aliases/setup-return.ts): its result is the first card's, so it saves nothing and does not
  // complete the session (docs/ogone-protocol.md §15); an authorisation is still cancelled.
  const cardReplaced = session.mode === 'setup' && Boolean(current.cardReplacedAt);
  if (change.changed && PAID_STATES.has(change.state) && !cardReplaced) decision.markSessionPaid = true;

  // An earlier try's word says nothing of the paying try's card either (review r1410).
  const card = earlierTry ? { confirms: false } : savedCard(current, session, params, after);
  if (card.confirms) decision.patch = { ...decision.patch, aliasConfirmed: true };
  if (card.alias) decision.alias = card.alias;
  const unpaid = change.changed ? unpaidCard(current, status) : undefined;
  if (unpaid) decision.forgetCard = unpaid;
  if (filled && current.aliasRequest && current.customerId)
    decision.fillSavedCard = {
      customerId: current.customerId,
      alias: current.aliasRequest,
      expiry: after.expiry,
      cardHolder: after.cardHolder,
      repeatEvent: (alias, at) => ({
        type: 'alias.deleted' satisfies WebhookEventType,
        reference: current.reference,
        data: { ...aliasView(alias), deletedAt: at },
      }),
    };
  return decision;
}

/**
 * The expiry date and holder's name a feedback carries that the payment has none of, when the
 * feedback is of the payment's own order (its PAYID) and card (the same masked number): another
 * try of the order, another card, fills nothing.
 */
function missingDetails(
  current: TransactionRecord,
  params: Readonly<Record<string, string>>,
  personalDataRemoved: boolean,
): TransactionPatch | undefined {
  const carried = details(params);
  if (!current.payid || carried.payid !== current.payid || !current.cardNumber || carried.cardNumber !== current.cardNumber)
    return undefined;
  const patch: TransactionPatch = {};
  if (current.expiry === null && carried.expiry) patch.expiry = carried.expiry;
  // Removed by RETENTION_DAYS, the name is not missing: filled, the store dropped it again and a
  // replay of the original feedback was logged `applied` beside the row it copies (review r1505).
  if (current.cardHolder === null && carried.cardHolder && !personalDataRemoved) patch.cardHolder = carried.cardHolder;
  return Object.keys(patch).length > 0 ? patch : undefined;
}

/**
 * The card to forget when a pending payment is refused (`status` 93): the one it asked to save. A
 * release before migration 0024 saved it at the 91 of a payment still pending (capture processed
 * offline, [ADV] §9.2.1) — the row is there after the upgrade — and a 93 refusing that payment
 * left it listed and chargeable. Only the 93, the platform's final word on that payment: a late 2
 * of an earlier try also takes a pending payment to `declined`, but a declined order may still be
 * paid (shared/status.ts TRANSITIONS), and the 9 that pays it would find its card forgotten —
 * deleted at the platform — while its shopper chose to save it (found by review r270). Since 0024
 * a card is saved only once paid, so for any but such an upgraded payment there is no row and
 * forgetting finds nothing (repository/saved-card.ts forgetUnpaidCard, which keeps a card a paid
 * payment saved since).
 */
function unpaidCard(current: TransactionRecord, status: number): { customerId: string; alias: string } | undefined {
  if (status !== PAYMENT_REFUSED || current.state !== 'pending' || current.capturedAmount > 0) return undefined;
  return current.aliasRequest && current.customerId ? { customerId: current.customerId, alias: current.aliasRequest } : undefined;
}

/** STATUS 93, "payment refused" ([ADV] §9.2.1): the refusal of a payment whose 91 said "processing". */
const PAYMENT_REFUSED = 93;

type AliasDecision = NonNullable<TransactionDecision<FeedbackResult>['alias']>;

/**
 * The card a payment's answer saves, once the payment is paid (authorised, captured — or found
 * refunded already, its 9 lost: feedback/apply-answer.ts withPlatformRefund), or `confirms` when a
 * pending payment's feedback names the alias it asked for. `current` is the payment before the
 * answer, `after` with it applied.
 */
export function savedCard(
  current: TransactionRecord,
  session: CheckoutSessionRecord,
  params: Readonly<Record<string, string>>,
  after: TransactionRecord,
): { confirms: boolean; alias?: AliasDecision } {
  // Only the alias this payment asked the platform to create (ALIAS in the request, `OC-…`), as
  // the FlexCheckout return requires (aliases/setup-return.ts): another name is not our card's.
  // A setup session's verification is an order on that alias, created and verified by then: its
  // answer need not repeat it — the platform adds ALIAS to DirectLink answers only when the back
  // office says so — and the session it completes is "card saved" (§15). A hosted page's
  // feedback without ALIAS is a card the shopper chose not to save.
  // A pending payment's feedback naming it (91: authorised, its capture processed offline, [ADV]
  // §9.2.1) confirms it (`aliasConfirmed`): the 9 that pays it often comes through a query, whose
  // answer carries ALIAS only when the back office says so, and waiting for a named one lost the
  // card the shopper chose to save. Saved once paid, never at the 91: a 93 may refuse it yet.
  const alias = params.ALIAS || (session.mode === 'setup' || current.aliasConfirmed ? current.aliasRequest : undefined);
  const cardReplaced = session.mode === 'setup' && Boolean(current.cardReplacedAt);
  const requested =
    current.aliasRequest && current.customerId && !cardReplaced && alias === current.aliasRequest
      ? { customerId: current.customerId, alias: current.aliasRequest }
      : undefined;
  if (!requested) return { confirms: false };
  if (after.state === 'pending') return { confirms: !current.aliasConfirmed };
  if (!PAID_STATES.has(after.state)) return { confirms: false };
  const saved: AliasDecision = {
    record: {
      customerId: requested.customerId,
      alias: requested.alias,
      brand: after.brand,
      cardNumber: after.cardNumber,
      last4: lastFour(after.cardNumber),
      expiry: after.expiry,
      cardHolder: after.cardHolder,
      reference: current.reference,
    },
    event: (record) => ({
      type: 'alias.created' satisfies WebhookEventType,
      reference: current.reference,
      data: {
        id: record.id,
        customerId: record.customerId,
        alias: record.alias,
        brand: record.brand,
        cardNumber: record.cardNumber,
        last4: record.last4,
        expiry: record.expiry,
        reference: record.reference,
        createdAt: record.createdAt,
      },
    }),
  };
  // A setup session (issue 19) is complete once its card verification saved the alias — one
  // card per session: not when another verification completed it (a tab whose 3-D Secure
  // outlived its claim), nor when a concurrent one marks it paid first (the repository checks).
  if (session.mode === 'setup') {
    if (session.status === 'paid' && session.paidReference !== current.reference) return { confirms: false };
    saved.moreEvents = (record) => [setupCompletedEvent(session, current.reference, record)];
    saved.onlyIfSessionCompletes = true;
  }
  return { confirms: false, alias: saved };
}
