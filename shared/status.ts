/**
 * Ogone STATUS codes, their meaning, and our payment state for each.
 *
 * The table is docs/ogone-protocol.md §6 (every status the guides list, from the e-Commerce
 * Advanced guide's "Appendix: Short Status Overview", the DirectLink guide's §3.3/§4.3/§5.3 tables
 * and the platform's "Transaction statuses" user guide they point to). We distinguish authorised
 * from captured, and keep "waiting"/"uncertain" codes unresolved so they are reconciled, never
 * taken as paid.
 */

export const PAYMENT_STATES = [
  'draft',
  'pending',
  'authorized',
  'captured',
  'partially_refunded',
  'refunded',
  'cancelled',
  'declined',
  'error',
  // An attempt the platform never knew (the shopper left the hosted page unpaid) after its
  // session expired, found by the reconciler's query (docs/ogone-protocol.md §9).
  'expired',
] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

/**
 * The states in which a payment holds some of the order's money: authorised or captured, not all
 * refunded (server/domain/payment-states.ts says what they decide; here so that the storage layer
 * can select by them too).
 */
export const HOLDS_MONEY_STATES: ReadonlySet<PaymentState> = new Set(['authorized', 'captured', 'partially_refunded']);

export interface StatusInfo {
  readonly code: number;
  readonly meaning: string;
  /** The state a payment is in once Ogone reports this status (see `nextState` for context). */
  readonly state: PaymentState;
  /** Not final at Ogone: the reconciler queries payments whose last status is one of these. */
  readonly unresolved: boolean;
}

const table: ReadonlyArray<[number, string, PaymentState, boolean?]> = [
  [0, 'Invalid or incomplete', 'error'],
  [1, 'Cancelled by customer', 'cancelled'],
  [2, 'Authorisation refused', 'declined'],
  [4, 'Order stored', 'pending', true],
  [40, 'Stored waiting external result', 'pending', true],
  [41, 'Waiting for client payment', 'pending', true],
  [46, 'Waiting for authentication (3-D Secure)', 'pending', true],
  [5, 'Authorised', 'authorized'],
  [50, 'Authorised waiting external result', 'pending', true],
  [51, 'Authorisation waiting', 'pending', true],
  [52, 'Authorisation not known', 'pending', true],
  [55, 'Standby', 'pending', true],
  [56, 'OK with scheduled payments', 'authorized'],
  [57, 'Not OK with scheduled payments', 'error'],
  [59, 'Authorise manually', 'pending', true],
  [6, 'Authorised and cancelled', 'cancelled'],
  [61, 'Author. deletion waiting', 'authorized', true],
  [62, 'Author. deletion uncertain', 'authorized', true],
  [63, 'Author. deletion refused', 'authorized'],
  [64, 'Authorised and cancelled', 'cancelled'],
  [7, 'Payment deleted', 'refunded'],
  [71, 'Payment deletion pending', 'captured', true],
  [72, 'Payment deletion uncertain', 'captured', true],
  [73, 'Payment deletion refused', 'captured'],
  [74, 'Payment deleted', 'refunded'],
  // The merchant settled the deletion outside the platform, like 85 for a refund (§6).
  [75, 'Deletion handled by merchant', 'refunded'],
  [8, 'Refund', 'refunded'],
  [81, 'Refund pending', 'captured', true],
  [82, 'Refund uncertain', 'captured', true],
  [83, 'Refund refused', 'captured'],
  [84, 'Refund', 'refunded'],
  [85, 'Refund handled by merchant', 'refunded'],
  [9, 'Payment requested', 'captured'],
  // On the hosted page "waiting to be accepted (pending status 41, 51 or 91)" ([ADV] §9.2.1): not
  // paid until its 9, and a 93 after it declines the payment. On an authorised payment it is its
  // capture processed offline ([DL] §4.3), and the payment stays authorised (sameState).
  [91, 'Payment processing', 'pending', true],
  [92, 'Payment uncertain', 'pending', true],
  [93, 'Payment refused', 'declined'],
  // 94 and 96 undo a refund: the money stays with the merchant (§6, REFUND_REVERSALS).
  [94, 'Refund declined by the acquirer', 'captured'],
  [95, 'Payment handled by merchant', 'captured'],
  [96, 'Refund reversed', 'captured'],
  [99, 'Being processed', 'pending', true],
];

export const STATUS_CODES: ReadonlyMap<number, StatusInfo> = new Map(
  table.map(([code, meaning, state, unresolved]) => [code, { code, meaning, state, unresolved: unresolved === true }]),
);

/**
 * The statuses the reconciler queries: not final at Ogone (docs/ogone-protocol.md §9). The one
 * list — the reconciler keeps no copy of its own.
 */
export const UNRESOLVED_STATUSES: readonly number[] = [...STATUS_CODES.values()].filter((info) => info.unresolved).map((info) => info.code);

export function statusInfo(code: number): StatusInfo | undefined {
  return STATUS_CODES.get(code);
}

/**
 * Allowed transitions. The machine never goes back: captured never returns to pending, a late
 * STATUS 5 after 9 changes nothing. Declined and error are not final because Ogone lets the
 * shopper retry on the hosted page (a decline followed by an accepted attempt of the same order).
 */
export const TRANSITIONS: Readonly<Record<PaymentState, readonly PaymentState[]>> = {
  draft: ['pending', 'authorized', 'captured', 'cancelled', 'declined', 'error', 'expired'],
  pending: ['authorized', 'captured', 'cancelled', 'declined', 'error'],
  authorized: ['captured', 'cancelled', 'partially_refunded', 'refunded'],
  captured: ['partially_refunded', 'refunded'],
  partially_refunded: ['refunded'],
  refunded: [],
  cancelled: [],
  declined: ['pending', 'authorized', 'captured', 'cancelled', 'error'],
  error: ['pending', 'authorized', 'captured', 'cancelled', 'declined'],
  // A late answer proves the platform knew the order after all: the money's truth wins.
  expired: ['pending', 'authorized', 'captured', 'cancelled', 'declined', 'error'],
};

export function canTransition(from: PaymentState, to: PaymentState): boolean {
  // Own properties only: a state read from elsewhere named "constructor" found Object's.
  return Object.hasOwn(TRANSITIONS, from) && TRANSITIONS[from].includes(to);
}

/**
 * Statuses that undo a refund (94 refund declined by the acquirer, 96 refund reversed): they may
 * take a refunded payment back to captured — a move against TRANSITIONS, because the money did
 * come back to the merchant (docs/ogone-protocol.md §6). The others are `reopenedByCapture` and
 * `capturedBeforeCancel`.
 */
export const REFUND_REVERSALS: ReadonlySet<number> = new Set([94, 96]);

/**
 * The state of a payment in `state` once a capture is counted that leaves it with `captured`
 * and `refunded`: a `refunded` one whose refunds no longer cover what was captured (the back
 * office captured what a full refund left, docs/ogone-protocol.md §9) is `partially_refunded`
 * again. Like a refund reversal, a move against TRANSITIONS because money did reach the merchant
 * again; kept `refunded`, it said "nothing left" beside captured money no refund had reached.
 */
export function reopenedByCapture(state: PaymentState, amounts: { captured: number; refunded: number }): PaymentState {
  return state === 'refunded' && amounts.refunded > 0 && amounts.refunded < amounts.captured ? 'partially_refunded' : state;
}

/**
 * Whether a payment in `state` with `capturedAmount` captured is an authorisation deleted with
 * nothing counted captured, from which the back office may still have captured part before the
 * rest was deleted — in Ogone's back office, or by a cancel of ours sent before the back office's
 * capture feedback reached us (docs/ogone-protocol.md §9). The capture levels a query reads then
 * make it `captured` with what they add up to: like `reopenedByCapture`, a move against
 * TRANSITIONS (cancelled is final there), because money did reach the merchant; kept `cancelled`,
 * the shopper was charged what the ledger, the API and the webhooks never showed (review r750).
 */
export function capturedBeforeCancel(state: PaymentState, capturedAmount: number): boolean {
  return state === 'cancelled' && capturedAmount === 0;
}

export interface StateChange {
  /** The state after the status is applied (equal to `current` when nothing changes). */
  readonly state: PaymentState;
  readonly changed: boolean;
}

/**
 * Whether `status` reports a payment in `current` as still in that state: a newer detail of it
 * (52 after 51 while pending), which becomes the last STATUS kept for the reconciler. 91 on an
 * authorised payment is its capture being processed offline ([DL] §4.3): still authorised.
 */
export function sameState(current: PaymentState, status: number): boolean {
  const info = STATUS_CODES.get(status);
  return info !== undefined && (info.state === current || (status === 91 && current === 'authorized'));
}

/** STATUS 1, "cancelled by customer" ([ADV] §9.2.1): the shopper left the page. */
export const CANCELLED_BY_CUSTOMER = 1;

/**
 * A try on the hosted page that failed — 0 invalid or incomplete, 2 refused — after which the page
 * lets the shopper try again (server/payments/hosted-page-tries.ts awaitsAnotherTry; the
 * reconciler's claim, server/repository/sync-claims.ts failedTryOnPage).
 */
export const FAILED_TRY_STATUSES = [0, 2] as const;

/** The page's ends of a try: 0 invalid or incomplete, 1 cancelled by the customer, 2 refused. */
const PAGE_ENDS: ReadonlySet<number> = new Set([...FAILED_TRY_STATUSES, CANCELLED_BY_CUSTOMER]);

/**
 * Whether a later 5 or 9 of the order still applies to a payment in `state`: refused or invalid
 * (declined, error: the page lets the shopper try again), or cancelled on the page (its last
 * STATUS 1, or a query's 0 or 2 of a later try read since) — never an authorisation deleted (6,
 * 64), which is final.
 */
export function mayBePaidByAnotherTry(state: PaymentState, lastStatus: number | null): boolean {
  if (state === 'declined' || state === 'error') return true;
  return state === 'cancelled' && lastStatus !== null && PAGE_ENDS.has(lastStatus);
}

/** Whether `status` is one of the page's ends of a try (0, 1, 2). */
export function isPageEnd(status: number | null): boolean {
  return status !== null && PAGE_ENDS.has(status);
}

/**
 * The states a try on the hosted page can still end from: nothing of the order authorised yet. A
 * customer's cancel (1) ends a try before any authorisation of it, so it never cancels an
 * authorised or captured payment — 6 and 64 do that — as a late 2 never declines one.
 */
const BEFORE_AUTHORISATION: ReadonlySet<PaymentState> = new Set(['draft', 'pending', 'declined', 'error', 'expired']);

/**
 * The state a payment moves to when Ogone reports `status`.
 * `refund` tells whether the refunded total is below what was captured, turning a refund
 * status into `partially_refunded`. Unknown codes and backward moves leave the state unchanged,
 * except a refund reversal (REFUND_REVERSALS), which takes a refunded payment back to captured.
 * `lastStatus`: the payment's last STATUS — cancelled by the customer (1), the order is where a
 * refused one is, and a later accepted try of it still applies (docs/ogone-protocol.md §6): a
 * signed 5 or 9 says the shopper paid it after all (reviews r1365, r1367).
 */
export function nextState(
  current: PaymentState,
  status: number,
  amounts: { captured?: number; refunded?: number } = {},
  lastStatus: number | null = null,
): StateChange {
  const info = STATUS_CODES.get(status);
  if (!info) return { state: current, changed: false };
  if (status === CANCELLED_BY_CUSTOMER && !BEFORE_AUTHORISATION.has(current)) return { state: current, changed: false };
  let target = info.state;
  if (target === 'refunded' && amounts.captured !== undefined && amounts.refunded !== undefined && amounts.refunded < amounts.captured) {
    target = 'partially_refunded';
  }
  if (target === current) return { state: current, changed: false };
  if (REFUND_REVERSALS.has(status) && (current === 'refunded' || current === 'partially_refunded')) {
    return { state: target, changed: true };
  }
  const from = current === 'cancelled' && mayBePaidByAnotherTry(current, lastStatus) ? 'declined' : current;
  if (!canTransition(from, target)) return { state: current, changed: false };
  return { state: target, changed: true };
}

/** True once nothing more can happen to the money without a merchant action. */
export function isSettled(state: PaymentState): boolean {
  return state !== 'draft' && state !== 'pending';
}
