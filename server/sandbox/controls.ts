/**
 * Programmatic controls of a sandbox (also served as the `/sandbox/…` control API): list
 * payments and aliases, re-send a feedback, resolve an uncertain payment, make the next
 * server-to-server requests fail or wait, reset.
 */
import { NCERROR } from './ncerrors.ts';
import { authorised, type Outcome } from './outcomes.ts';
import { completeChallenge } from './payments.ts';
import { setUncertainMaintenance, uncertainMaintenanceLeft } from './directlink/maintenance-rules.ts';
import { settleLevel, uncertainCaptureLevel } from './directlink/maintenance.ts';
import type { SandboxRuntime } from './runtime.ts';
import type { SandboxSettings } from './options.ts';
import { aliasView, deliveryView, paymentView, type AliasView, type DeliveryView, type PaymentView } from './views.ts';
import type { Faults } from './feedback/sender.ts';

/** A control that cannot be applied; `status` is the HTTP status the control API answers. */
export class ControlError extends Error {
  constructor(
    readonly status: 404 | 409,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Statuses the platform settles later by itself (3-D Secure abandoned, offline, uncertain). */
export const RESOLVABLE_FROM: ReadonlySet<number> = new Set([46, 51, 52, 92]);
/** What they may become: authorised, captured, refused (docs/ogone-protocol.md §13). */
export const RESOLVABLE_TO: ReadonlySet<number> = new Set([5, 9, 2, 93]);

export interface SandboxControls {
  payments(filter?: { orderId?: string }): PaymentView[];
  payment(payId: string): PaymentView | undefined;
  aliases(): AliasView[];
  /** Sends the payment's feedback again now (with deferred retries if it fails). */
  resendFeedback(payId: string): Promise<DeliveryView>;
  /** Settles a 46 / 51 / 52 / 92 payment to 5, 9, 2 or 93 (a status-change feedback when those are on). */
  resolve(payId: string, status: number): Promise<PaymentView>;
  /** The account settings in force: tries on the payment page, status-change requests. */
  settings(): SandboxSettings;
  /** Changes some of them (validated by the caller: `isPaymentTries`, a boolean). */
  updateSettings(change: Partial<SandboxSettings>): SandboxSettings;
  failNext(count: number): Faults;
  delayNext(count: number, ms: number): Faults;
  faults(): Faults & { maintenanceUncertain: number };
  /** The next `count` maintenance requests are answered uncertain (NCSTATUS 2, STATUS 92 / 82 / 62). */
  uncertainMaintenanceNext(count: number): number;
  /** Forgets payments, aliases and checkouts; stops retries, clears faults, restores the settings. */
  reset(): void;
}

export function createControls(runtime: SandboxRuntime): SandboxControls {
  const find = (payId: string) => {
    const payment = runtime.store.payment(payId);
    if (!payment) throw new ControlError(404, 'payment_not_found', `no payment with PAYID ${JSON.stringify(payId)}`, 'payId');
    return payment;
  };
  return {
    payments(filter = {}) {
      return runtime.store
        .allPayments()
        .filter((payment) => filter.orderId === undefined || payment.orderId === filter.orderId)
        .map(paymentView);
    },
    payment(payId) {
      const payment = runtime.store.payment(payId);
      return payment ? paymentView(payment) : undefined;
    },
    aliases() {
      return runtime.store.allAliases(runtime.options.now()).map(aliasView);
    },
    async resendFeedback(payId) {
      const payment = find(payId);
      const delivery = await runtime.sender.send(payment, 'resend');
      if (!delivery) throw new ControlError(409, 'no_feedback_url', 'no feedback URL is configured (feedbackUrl / --feedback-url)');
      return deliveryView(delivery);
    },
    async resolve(payId, status) {
      const payment = find(payId);
      if (!RESOLVABLE_FROM.has(payment.status)) {
        throw new ControlError(
          409,
          'not_resolvable',
          `payment ${payId} has STATUS ${payment.status}; only 46, 51, 52 and 92 are resolved this way`,
          'payId',
        );
      }
      // A 92 left by an uncertain capture is that capture's level's, never the authorisation's
      // (level 0): settled there, 9 or 93, as the offline processing would have.
      const uncertainCapture = uncertainCaptureLevel(payment);
      if (uncertainCapture) {
        if (status !== 9 && status !== 93)
          throw new ControlError(
            409,
            'invalid_status',
            `STATUS ${status} cannot be the result of an uncertain capture (use 9 or 93)`,
            'status',
          );
        settleLevel(runtime, payment, uncertainCapture, 'capture', status);
        await runtime.sender.send(payment, 'status-change');
        return paymentView(payment);
      }
      const outcome = outcomeFor(status);
      completeChallenge(runtime, payment, outcome, payment.eci);
      await runtime.sender.send(payment, 'status-change');
      return paymentView(payment);
    },
    settings() {
      return { ...runtime.options.settings };
    },
    updateSettings(change) {
      if (change.paymentTries !== undefined) runtime.options.settings.paymentTries = change.paymentTries;
      if (change.statusChangeFeedback !== undefined) runtime.options.settings.statusChangeFeedback = change.statusChangeFeedback;
      return { ...runtime.options.settings };
    },
    failNext(count) {
      return runtime.sender.setFaults({ fail: count });
    },
    delayNext(count, ms) {
      return runtime.sender.setFaults({ delay: count, delayMs: ms });
    },
    faults() {
      return { ...runtime.sender.getFaults(), maintenanceUncertain: uncertainMaintenanceLeft(runtime.store) };
    },
    uncertainMaintenanceNext(count) {
      return setUncertainMaintenance(runtime.store, count);
    },
    reset() {
      runtime.timers.clear();
      runtime.sender.reset();
      runtime.store.reset();
      setUncertainMaintenance(runtime.store, 0);
      Object.assign(runtime.options.settings, runtime.options.initialSettings);
    },
  };
}

function outcomeFor(status: number): Outcome {
  if (status === 5 || status === 9) return authorised(status === 5 ? 'RES' : 'SAL');
  if (status === 2 || status === 93) return { status, ncError: NCERROR.REFUSED, acceptance: '' };
  throw new ControlError(409, 'invalid_status', `STATUS ${status} cannot be the result of a resolution (use 5, 9, 2 or 93)`, 'status');
}
