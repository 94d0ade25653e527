/**
 * Payments by state over time: how many transactions were created each day (UTC) of the last
 * `days` days, split by their current state. Pure, so it is tested without a browser.
 */
import { PAYMENT_STATES, type PaymentState } from '../../../shared/status.ts';

export interface ChartModel {
  /** `YYYY-MM-DD`, oldest first. */
  days: string[];
  /** States that occur, in PAYMENT_STATES order; counts per day aligned with `days`. */
  series: Array<{ state: PaymentState | typeof UNCAPTURED; counts: number[] }>;
  /** The highest daily total (0 when there is nothing). */
  max: number;
  total: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The summary chart's second series: payments sent to the platform and not (yet) captured. */
export const UNCAPTURED = 'uncaptured';

export function dayKey(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function paymentsByState(
  transactions: ReadonlyArray<{ state: PaymentState; createdAt: string }>,
  options: { days: number; now: Date },
): ChartModel {
  const today = Date.UTC(options.now.getUTCFullYear(), options.now.getUTCMonth(), options.now.getUTCDate());
  const days = Array.from({ length: options.days }, (_, i) => dayKey(new Date(today - (options.days - 1 - i) * DAY_MS)));
  const index = new Map(days.map((day, i) => [day, i]));
  const counts = new Map<PaymentState, number[]>();
  let total = 0;
  for (const transaction of transactions) {
    const created = new Date(transaction.createdAt);
    if (Number.isNaN(created.getTime())) continue;
    const i = index.get(dayKey(created));
    if (i === undefined) continue;
    let row = counts.get(transaction.state);
    if (!row) counts.set(transaction.state, (row = days.map(() => 0)));
    row[i] = (row[i] ?? 0) + 1;
    total++;
  }
  const series = PAYMENT_STATES.filter((state) => counts.has(state)).map((state) => ({ state, counts: counts.get(state)! }));
  const max = Math.max(0, ...days.map((_, i) => series.reduce((sum, s) => sum + (s.counts[i] ?? 0), 0)));
  return { days, series, max, total };
}

/** `GET /api/dashboard/summary` as the dashboard reads it (server/routes/merchant/dashboard-summary.ts). */
export interface Summary {
  days: number;
  daily: Array<{ date: string; currency: string; payments: number; capturedCount: number; capturedAmount: number; refundedAmount: number }>;
  states: Partial<Record<string, number>>;
  needsAttention: number;
  failedDeliveries: number;
  /** The server's platform, which the summary counts. */
  livemode: boolean;
}

/**
 * The chart from the summary, counted by the database over the whole window (so 14 days at any
 * volume): per day the payments captured and those not captured, every currency together.
 */
export function modelFromSummary(summary: Pick<Summary, 'daily'>, options: { days: number; now: Date }): ChartModel {
  const { days } = paymentsByState([], options);
  const index = new Map(days.map((day, i) => [day, i]));
  const captured = days.map(() => 0);
  const uncaptured = days.map(() => 0);
  for (const figures of summary.daily ?? []) {
    const i = index.get(figures.date);
    if (i === undefined) continue;
    captured[i]! += figures.capturedCount;
    uncaptured[i]! += Math.max(0, figures.payments - figures.capturedCount);
  }
  const series = [
    { state: 'captured' as const, counts: captured },
    { state: UNCAPTURED as typeof UNCAPTURED, counts: uncaptured },
  ].filter((s) => s.counts.some((n) => n > 0));
  const max = Math.max(0, ...days.map((_, i) => (captured[i] ?? 0) + (uncaptured[i] ?? 0)));
  const total = series.reduce((sum, s) => sum + s.counts.reduce((a, b) => a + b, 0), 0);
  return { days, series, max, total };
}

/** The window's money per currency: captured and refunded, in minor units. */
export function totalsByCurrency(summary: Pick<Summary, 'daily'>): Array<{ currency: string; captured: number; refunded: number }> {
  const totals = new Map<string, { currency: string; captured: number; refunded: number }>();
  for (const figures of summary.daily ?? []) {
    const total = totals.get(figures.currency) ?? { currency: figures.currency, captured: 0, refunded: 0 };
    total.captured += figures.capturedAmount;
    total.refunded += figures.refundedAmount;
    totals.set(figures.currency, total);
  }
  return [...totals.values()].filter((t) => t.captured > 0 || t.refunded > 0);
}
