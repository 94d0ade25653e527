/**
 * Capture, refund and cancel as the dashboard offers them: which apply to a payment, how much is
 * left for each, and the sentence the confirmation states. Pure (no DOM), tested in Node; the
 * server's ledger (server/domain/ledger.ts) still decides, this only avoids offering what it
 * would refuse.
 */
import { OPEN_MAINTENANCE_STATUSES } from '../../../shared/maintenance-statuses.ts';
import { formatMoney } from '../../../shared/money.ts';
import { statusInfo } from '../../../shared/status.ts';

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
  /** The last STATUS the platform gave (the merchant API's `status`). */
  status?: number | null;
  /** A back-office capture or refund awaits the query that reads its amount (the merchant API's `amountsAwaitQuery`). */
  amountsAwaitQuery?: boolean;
  /** The payment page's operations (the list rows carry none): those still open reserve their amount. */
  operations?: ReadonlyArray<{ kind: string; amount: number | null; status: string }>;
}

/** What open operations of `kind` hold back, as the server's ledger does (planOperation). */
function reserved(t: PaymentAmounts, kind: 'capture' | 'refund'): number {
  return (t.operations ?? [])
    .filter((op) => op.kind === kind && OPEN_MAINTENANCE_STATUSES.has(op.status))
    .reduce((sum, op) => sum + (op.amount ?? 0), 0);
}

/** Whether an operation of `kind` is still open: Ogone takes no refund beside a capture in flight, nor the reverse. */
const openOf = (t: PaymentAmounts, kind: string) =>
  (t.operations ?? []).some((op) => op.kind === kind && OPEN_MAINTENANCE_STATUSES.has(op.status));

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
  if (openOf(t, 'capture') || captureAwaitsQuery(t)) return 0;
  return Math.max(0, capturedOf(t) - (t.refundedAmount ?? 0) - reserved(t, 'refund'));
}

/**
 * A capture the back office made whose amount awaits the query that reads its levels: what is
 * captured, and so what is left, is unknown, and the server refuses a capture, a refund or a void
 * until then (server/domain/ledger.ts `captureReported`; docs/ogone-protocol.md §9). An
 * authorisation whose last STATUS says captured is one; so is a payment flagged
 * (`amountsAwaitQuery`) after a capture STATUS that no capture or cancel of ours explains — its
 * operations are on the payment's page, and a list row without them is read the same, to be safe.
 */
function captureAwaitsQuery(t: PaymentAmounts): boolean {
  if (t.status == null || statusInfo(t.status)?.state !== 'captured') return false;
  if (t.state === 'authorized') return true;
  const ours = (t.operations ?? []).some((op) => (op.kind === 'capture' || op.kind === 'cancel') && op.status !== 'failed');
  return t.amountsAwaitQuery === true && !ours && (t.capturedAmount ?? 0) < t.amount;
}

/** A refund the platform reported whose amount awaits its query: the server takes no capture after a refund. */
const refundAwaitsQuery = (t: PaymentAmounts) =>
  t.amountsAwaitQuery === true && t.status != null && statusInfo(t.status)?.state === 'refunded';

/** What is left to capture of the authorisation (nothing once a refund exists: Ogone refuses). */
export function capturable(t: PaymentAmounts): number {
  if (openOf(t, 'refund') || captureAwaitsQuery(t) || refundAwaitsQuery(t)) return 0;
  if (t.state === 'authorized') return Math.max(0, t.amount - (t.capturedAmount ?? 0) - reserved(t, 'capture'));
  if (t.state === 'captured' && (t.refundedAmount ?? 0) === 0 && t.capturedAmount !== null && t.capturedAmount > 0)
    return Math.max(0, t.amount - t.capturedAmount - reserved(t, 'capture'));
  return 0;
}

/** The most an action can move now (a cancel voids the whole authorisation). */
export function remainingFor(t: PaymentAmounts, action: MoneyAction): number {
  if (action === 'capture') return capturable(t);
  if (action === 'refund') return refundable(t);
  return t.state === 'authorized' && (t.capturedAmount ?? 0) === 0 && !captureAwaitsQuery(t) ? t.amount : 0;
}

export function actionsFor(t: PaymentAmounts): MoneyAction[] {
  if (t.amountMismatch) return [];
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
export function effectOf(t: PaymentAmounts, action: MoneyAction, amount: number | undefined): string {
  const card = cardLabel(t);
  const of = (total: number) =>
    amount === undefined ? `up to ${money(total, t.currency)}` : `${money(amount, t.currency)} of ${money(total, t.currency)}`;
  switch (action) {
    case 'refund':
      return `Refund ${of(capturedOf(t))} to ${card}. The shopper gets the money back in a few days; this cannot be undone.`;
    case 'capture': {
      const rest = amount === undefined ? 0 : capturable(t) - amount;
      return (
        `Capture ${of(t.amount)} authorised on ${card}. The shopper is charged this amount; this cannot be undone (only refunded).` +
        (rest > 0 ? ` The other ${money(rest, t.currency)} stays authorised and can be captured later.` : '')
      );
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
