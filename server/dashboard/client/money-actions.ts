/**
 * Capture, refund and cancel as the dashboard offers them: which apply to a payment, how much is
 * left for each, and the sentence the confirmation states. Pure (no DOM), tested in Node; the
 * server's ledger (server/domain/ledger.ts) still decides, this only avoids offering what it
 * would refuse.
 */
import { OPEN_MAINTENANCE_STATUSES } from '../../../shared/maintenance-statuses.ts';
import { formatMoney } from '../../../shared/money.ts';

export type MoneyAction = 'capture' | 'refund' | 'cancel';

/** What these functions read of a transaction (the merchant API's view). */
export interface PaymentAmounts {
  state: string;
  amount: number;
  currency: string;
  capturedAmount: number | null;
  refundedAmount: number | null;
  brand: string | null;
  cardNumber: string | null;
  amountMismatch?: boolean;
  /**
   * The platform reported money the server cannot count yet — a capture or refund made in Ogone's
   * back office, or an answer no operation of ours explains — which awaits the query that reads its
   * amount (the merchant API's `amountsAwaitQuery`): the server refuses a capture, a refund and a
   * void until a sync has read it.
   */
  amountsAwaitQuery?: boolean;
  /** The platform the payment was made for (every view of the merchant API carries it). */
  livemode?: boolean;
  /**
   * A setup session's card verification (the payment page's `cardVerification`; the list rows
   * carry none): cancelled automatically, never captured — the server refuses a capture
   * (docs/ogone-protocol.md §15), a void it still takes.
   */
  cardVerification?: boolean;
  /** The payment page's operations: those still open reserve their amount; a `final` capture closed the order. */
  operations?: ReadonlyArray<{ kind: string; amount: number | null; status: string; final?: boolean }>;
  /** A list row's operations still open, the only ones it carries (review r1485). */
  openOperations?: ReadonlyArray<{ kind: string; amount: number | null; status: string }>;
  /** A list row's word that a cancel done deleted the rest of the authorisation. */
  restCancelled?: boolean;
  /** The word (a list row's, the payment page's) that a final capture closed the order: the rest was released. */
  captureClosed?: boolean;
}

/** The operations a view carries: the page's every one, or a list row's open ones. */
const operationsOf = (t: PaymentAmounts) => t.operations ?? t.openOperations ?? [];

/** What open operations of `kind` hold back, as the server's ledger does (planOperation). */
function reserved(t: PaymentAmounts, kind: 'capture' | 'refund'): number {
  return operationsOf(t)
    .filter((op) => op.kind === kind && OPEN_MAINTENANCE_STATUSES.has(op.status))
    .reduce((sum, op) => sum + (op.amount ?? 0), 0);
}

/** Whether an operation of `kind` is still open: Ogone takes no refund beside a capture in flight, nor the reverse. */
const openOf = (t: PaymentAmounts, kind: string) =>
  operationsOf(t).some((op) => op.kind === kind && OPEN_MAINTENANCE_STATUSES.has(op.status));

/** The button's text: "Cancel" alone reads like a dialog button, so it says what it voids. */
export const ACTION_LABELS: Record<MoneyAction, string> = {
  capture: 'Capture',
  refund: 'Refund',
  cancel: 'Void authorisation',
};

/** What was captured: the confirmed captures (the whole amount once a direct sale is captured). */
export function capturedOf(t: PaymentAmounts): number {
  if (t.capturedAmount && t.capturedAmount > 0) return t.capturedAmount;
  return t.state === 'captured' || t.state === 'partially_refunded' || t.state === 'refunded' ? t.amount : 0;
}

/** What is left to refund: what was captured minus confirmed refunds and those still being made. */
export function refundable(t: PaymentAmounts): number {
  if (openOf(t, 'capture') || awaitsQuery(t)) return 0;
  return Math.max(0, capturedOf(t) - (t.refundedAmount ?? 0) - reserved(t, 'refund'));
}

/**
 * Money the platform reported whose amount awaits the query that reads it: what is captured, and
 * so what is left, is unknown, and the server refuses a capture, a refund or a void until a sync
 * has read it, whatever the reason and whatever STATUS was recorded since (server/domain/ledger.ts
 * planOperation; docs/ogone-protocol.md §9). Every view of the merchant API carries the flag.
 */
const awaitsQuery = (t: PaymentAmounts) => t.amountsAwaitQuery === true;

/**
 * A cancel done — ours, or the back office's a sync recorded — deleted what was left of the
 * authorisation: a payment captured in part before it has nothing more to capture (the server
 * refuses). The payment page's operations say so, a list row its `restCancelled`.
 */
const restCancelled = (t: PaymentAmounts) =>
  t.restCancelled === true || (t.operations ?? []).some((op) => op.kind === 'cancel' && op.status === 'done');

/**
 * A final capture (done or still open) closed the order: the rest of the authorisation was
 * released, and the server refuses any capture (server/domain/ledger.ts closedByFinalCapture).
 */
const captureClosed = (t: PaymentAmounts) =>
  t.captureClosed === true || (t.operations ?? []).some((op) => op.kind === 'capture' && op.final === true && op.status !== 'failed');

/**
 * What is left to capture of the authorisation (nothing once a refund exists: Ogone refuses; nor
 * while a void is in flight: the ledger refuses "a cancelled payment cannot be captured", review
 * r1320; nor of a card verification, which the server never captures; nor once a final capture
 * closed the order).
 */
export function capturable(t: PaymentAmounts): number {
  if (t.cardVerification || openOf(t, 'refund') || openOf(t, 'cancel') || awaitsQuery(t) || restCancelled(t) || captureClosed(t)) return 0;
  if (t.state === 'authorized') return Math.max(0, t.amount - (t.capturedAmount ?? 0) - reserved(t, 'capture'));
  if (t.state === 'captured' && (t.refundedAmount ?? 0) === 0 && t.capturedAmount !== null && t.capturedAmount > 0)
    return Math.max(0, t.amount - t.capturedAmount - reserved(t, 'capture'));
  return 0;
}

/**
 * What a void would release: the whole authorisation, while nothing of it is captured. Nothing
 * beside a capture in flight (91: it is taking part of that authorisation, and the ledger counts it
 * as a capture) nor beside a void in flight (61: it is being voided already) — the ledger refuses
 * both (server/domain/ledger.ts planOperation; docs/ogone-protocol.md §8; review r1320).
 */
function voidable(t: PaymentAmounts): number {
  if (t.state !== 'authorized' || (t.capturedAmount ?? 0) !== 0 || awaitsQuery(t)) return 0;
  return openOf(t, 'capture') || openOf(t, 'cancel') ? 0 : t.amount;
}

/**
 * Whether the capture may be final ("Final capture — release the rest": an SAS closing the order,
 * DirectLink guide §4.1.2): not beside another capture in flight, which the server refuses.
 */
export function mayCaptureFinal(t: PaymentAmounts): boolean {
  return capturable(t) > 0 && !openOf(t, 'capture');
}

/** The most an action can move now (a cancel voids the whole authorisation). */
export function remainingFor(t: PaymentAmounts, action: MoneyAction): number {
  if (action === 'capture') return capturable(t);
  if (action === 'refund') return refundable(t);
  return voidable(t);
}

/**
 * Made for the other platform than the server's (`serverLivemode`, the summary's `livemode`): a
 * test payment after the go-live switch, the same database kept. The server refuses any capture,
 * refund or void of it (409 livemode_mismatch: production does not know it), and the dashboard
 * marks it. Unknown while the server's platform is (undefined): nothing is told apart then.
 */
export function ofOtherPlatform(t: Pick<PaymentAmounts, 'livemode'>, serverLivemode: boolean | undefined): boolean {
  return serverLivemode !== undefined && t.livemode !== undefined && t.livemode !== serverLivemode;
}

/** The mark of such a payment, "test payment" (or "live payment" on a server switched back to test); null for the server's own. */
export function platformMark(t: Pick<PaymentAmounts, 'livemode'>, serverLivemode: boolean | undefined): string | null {
  if (!ofOtherPlatform(t, serverLivemode)) return null;
  return t.livemode ? 'live payment' : 'test payment';
}

/** The actions to offer; `serverLivemode`, the server's platform, withholds them all on the other's payments. */
export function actionsFor(t: PaymentAmounts, serverLivemode?: boolean): MoneyAction[] {
  if (t.amountMismatch || ofOtherPlatform(t, serverLivemode)) return [];
  return (['capture', 'refund', 'cancel'] as const).filter((action) => remainingFor(t, action) > 0);
}

/** "VISA •••• 1111" from Ogone's masked CARDNO ("XXXXXXXXXXXX1111"); "the card" when unknown. */
export function cardLabel(t: Pick<PaymentAmounts, 'brand' | 'cardNumber'>): string {
  const last4 = /(\d{4})\s*$/.exec(t.cardNumber ?? '')?.[1];
  const brand = t.brand?.trim();
  if (brand && last4) return `${brand} •••• ${last4}`;
  if (last4) return `card •••• ${last4}`;
  return brand || 'the card';
}

const money = (minor: number, currency: string) => formatMoney(minor, currency, 'en-GB');

/**
 * The confirmation's sentence: the amount, of what, on which card, and what happens — e.g.
 * "Refund €5.00 of €19.99 to VISA •••• 1111. The shopper gets the money back in a few days;
 * this cannot be undone."
 */
export function effectOf(t: PaymentAmounts, action: MoneyAction, amount: number | undefined, final = false): string {
  const card = cardLabel(t);
  const of = (total: number) =>
    amount === undefined ? `up to ${money(total, t.currency)}` : `${money(amount, t.currency)} of ${money(total, t.currency)}`;
  switch (action) {
    case 'refund':
      return `Refund ${of(capturedOf(t))} to ${card}. The shopper gets the money back in a few days; this cannot be undone.`;
    case 'capture': {
      const rest = amount === undefined ? 0 : capturable(t) - amount;
      const after =
        rest <= 0
          ? ''
          : final
            ? ` Final capture: the order is closed and the other ${money(rest, t.currency)} is released — it can never be captured.`
            : ` The other ${money(rest, t.currency)} stays authorised and can be captured later.`;
      return `Capture ${of(t.amount)} authorised on ${card}. The shopper is charged this amount; this cannot be undone (only refunded).${after}`;
    }
    case 'cancel':
      return `Void the authorisation of ${money(t.amount, t.currency)} on ${card}. The shopper is never charged and the reserved money is released; the payment cannot be captured afterwards.`;
  }
}

/** The confirm button's text, with the amount: "Refund €5.00". */
export function confirmLabel(t: PaymentAmounts, action: MoneyAction, amount: number | undefined): string {
  if (action === 'cancel') return `Void ${money(t.amount, t.currency)}`;
  return amount === undefined ? ACTION_LABELS[action] : `${ACTION_LABELS[action]} ${money(amount, t.currency)}`;
}
