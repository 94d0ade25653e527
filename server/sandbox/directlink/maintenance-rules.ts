/**
 * The platform's rules for maintenance on an existing order (DirectLink guide §4): what each
 * OPERATION may do given the order's state, and the NCERROR when it may not.
 *   SAL / SAS  capture (partial, keep open / last or full, close) — only an authorised order,
 *              never above what is left of the authorisation (50001126);
 *   RFD / RFS  refund (partial / last or full) — only what was captured (50001129);
 *   DEL / DES  delete the authorisation (keep open / close) — only an authorised, uncaptured order;
 *   REN        renew the authorisation (online).
 * A request without AMOUNT asks for the amount of the original authorisation (§4.1.2), so after a
 * partial capture or refund it overflows like any amount above what is left.
 * An order in the wrong state — cancelled, already closed by SAS / RFS / DES, a maintenance
 * repeated — gives 50001127 "The original order is not in a correct status" (§4.4).
 */
import { NCERROR } from '../ncerrors.ts';
import type { Payment } from '../store.ts';

export const MAINTENANCE_OPERATIONS = ['SAL', 'SAS', 'RFD', 'RFS', 'DEL', 'DES', 'REN'] as const;
export type MaintenanceOperation = (typeof MAINTENANCE_OPERATIONS)[number];

export type MaintenanceKind = 'capture' | 'refund' | 'cancel' | 'renew';

export function kindOf(operation: MaintenanceOperation): MaintenanceKind {
  if (operation === 'SAL' || operation === 'SAS') return 'capture';
  if (operation === 'RFD' || operation === 'RFS') return 'refund';
  if (operation === 'DEL' || operation === 'DES') return 'cancel';
  return 'renew';
}

/** What a maintenance will do, decided before anything changes. */
export type MaintenancePlan = { ok: true; kind: MaintenanceKind; amount: number; closes: boolean } | { ok: false; ncError: string };

export function planMaintenance(payment: Payment, operation: MaintenanceOperation, requested: number | undefined): MaintenancePlan {
  // DirectLink guide §4.1.2, AMOUNT: "only required when the amount of the maintenance differs
  // from the amount of the original authorisation" — a request without it asks for the payment's
  // amount, never for "what is left"; the overflow checks below then refuse it when less is left
  // (review r1363).
  const amount = requested ?? payment.amount;
  const wrongStatus = { ok: false, ncError: NCERROR.WRONG_STATUS } as const;
  if (payment.closed) return wrongStatus;
  const kind = kindOf(operation);
  switch (kind) {
    case 'capture': {
      const capturing =
        payment.status === 5 || ((payment.status === 9 || payment.status === 91) && payment.refunded + payment.refundPending === 0);
      const left = payment.amount - payment.captured - payment.capturePending;
      if (!capturing || payment.capturesClosed || left <= 0) return wrongStatus;
      if (amount > left) return { ok: false, ncError: NCERROR.CAPTURE_OVERFLOW };
      return { ok: true, kind, amount, closes: operation === 'SAS' || amount === left };
    }
    case 'refund': {
      const left = payment.captured - payment.refunded - payment.refundPending;
      if (payment.refundsClosed || payment.captured === 0 || left <= 0) return wrongStatus;
      if (amount > left) return { ok: false, ncError: NCERROR.REFUND_OVERFLOW };
      return { ok: true, kind, amount, closes: operation === 'RFS' || amount === left };
    }
    case 'cancel': {
      if (payment.status !== 5 || payment.captured + payment.capturePending > 0) return wrongStatus;
      if (amount > payment.amount) return { ok: false, ncError: NCERROR.CAPTURE_OVERFLOW };
      return { ok: true, kind, amount, closes: operation === 'DES' };
    }
    case 'renew': {
      // Renewal of an authorisation still open: authorised, or deleted with DEL (order kept open).
      if (payment.status !== 5 && payment.status !== 6) return wrongStatus;
      if (amount > payment.amount) return { ok: false, ncError: NCERROR.CAPTURE_OVERFLOW };
      return { ok: true, kind, amount, closes: false };
    }
  }
}

/**
 * The STATUS a maintenance answers with (processed offline), the one it resolves to, and the one
 * an uncertain answer carries (DirectLink guide §4.3: 92 / 62 uncertain; 82 for a refund, and 52
 * for a renewal whose authorisation is not known — docs/ogone-protocol.md §8).
 */
export const MAINTENANCE_STATUS: Readonly<Record<MaintenanceKind, { pending: number; done: number; uncertain: number }>> = {
  capture: { pending: 91, done: 9, uncertain: 92 },
  refund: { pending: 81, done: 8, uncertain: 82 },
  cancel: { pending: 61, done: 6, uncertain: 62 },
  renew: { pending: 5, done: 5, uncertain: 52 },
};

/**
 * A fault for tests (control API `POST /sandbox/faults {"maintenanceUncertain":1}`): the next N
 * maintenance requests are carried out but answered as uncertain — NCSTATUS 2, NCERROR 20001001
 * ("We received an unknown status for the transaction…"), STATUS 92 / 82 / 62 — as the platform
 * does when the acquirer's answer is lost. The operation still completes offline.
 */
const uncertainAnswers = new WeakMap<object, number>();

export function setUncertainMaintenance(store: object, count: number): number {
  uncertainAnswers.set(store, count);
  return count;
}

export function uncertainMaintenanceLeft(store: object): number {
  return uncertainAnswers.get(store) ?? 0;
}

/** Uses one uncertain answer when some are left. */
export function takeUncertainMaintenance(store: object): boolean {
  const left = uncertainMaintenanceLeft(store);
  if (left <= 0) return false;
  uncertainAnswers.set(store, left - 1);
  return true;
}

/** Turns the just-applied history level into an uncertain one (the answer and later queries say so). */
export function markUncertain(payment: Payment, item: { status: number; ncError: string }, kind: MaintenanceKind): void {
  item.status = MAINTENANCE_STATUS[kind].uncertain;
  item.ncError = NCERROR.UNKNOWN_STATUS;
  if (kind === 'renew') return;
  setOrderStatus(payment, item.status);
}

const UNCERTAIN_STATUSES: ReadonlySet<number> = new Set(Object.values(MAINTENANCE_STATUS).map((statuses) => statuses.uncertain));

/**
 * The order's STATUS after a maintenance, and the NCERROR that goes with it: 92 / 82 / 62 with a
 * 2xxxxxxx one (NCSTATUS 2, DirectLink guide §4.3), any other with 0 — so a query of the order
 * never pairs an uncertain status with "no error", nor a settled one with "uncertain" (reviews
 * r1170, r1180).
 */
export function setOrderStatus(payment: Payment, status: number): void {
  payment.status = status;
  payment.ncError = UNCERTAIN_STATUSES.has(status) ? NCERROR.UNKNOWN_STATUS : NCERROR.OK;
}
