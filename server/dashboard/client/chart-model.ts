/**
 * Payments by state over time: how many transactions were created each day (UTC) of the last
 * `days` days, split by their current state. Pure, so it is tested without a browser.
 */
import { PAYMENT_STATES, type PaymentState } from '../../../shared/status.ts';

export interface ChartModel {
  /** `YYYY-MM-DD`, oldest first. */
  days: string[];
  /** States that occur, in PAYMENT_STATES order; counts per day aligned with `days`. */
  series: Array<{ state: PaymentState; counts: number[] }>;
  /** The highest daily total (0 when there is nothing). */
  max: number;
  total: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

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
