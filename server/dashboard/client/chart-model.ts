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

type Counted = { day: string; state: PaymentState; count: number };
const KNOWN_STATES = new Set<string>(PAYMENT_STATES);

/** `{ day | date, state, count }` rows, or `{ day | date, states | byState | counts: { state: n } }`. */
function countsOf(entry: unknown): Counted[] {
  if (!entry || typeof entry !== 'object') return [];
  const e = entry as Record<string, unknown>;
  const day = String(e.day ?? e.date ?? '').slice(0, 10);
  if (typeof e.state === 'string' && typeof e.count === 'number')
    return KNOWN_STATES.has(e.state) ? [{ day, state: e.state as PaymentState, count: e.count }] : [];
  const perState = [e.states, e.byState, e.counts].find((value) => value && typeof value === 'object' && !Array.isArray(value));
  if (!perState) return [];
  return Object.entries(perState as Record<string, unknown>)
    .filter(([state, count]) => KNOWN_STATES.has(state) && typeof count === 'number')
    .map(([state, count]) => ({ day, state: state as PaymentState, count: count as number }));
}

/**
 * The chart from `GET /api/dashboard/summary` (counted by the database, so 14 days at any
 * volume): the per-day, per-state counts wherever the answer lists them.
 */
export function modelFromSummary(summary: unknown, options: { days: number; now: Date }): ChartModel {
  const s = (summary ?? {}) as Record<string, unknown>;
  const list = [s.days, s.byDayAndState, s.byDay, s.perDay, s.data, s.rows].find(Array.isArray) as unknown[] | undefined;
  const model = paymentsByState([], options);
  const index = new Map(model.days.map((day, i) => [day, i]));
  const counts = new Map<PaymentState, number[]>();
  for (const { day, state, count } of (list ?? []).flatMap(countsOf)) {
    const i = index.get(day);
    if (i === undefined || count <= 0) continue;
    let row = counts.get(state);
    if (!row) counts.set(state, (row = model.days.map(() => 0)));
    row[i] = (row[i] ?? 0) + count;
  }
  const series = PAYMENT_STATES.filter((state) => counts.has(state)).map((state) => ({ state, counts: counts.get(state)! }));
  const max = Math.max(0, ...model.days.map((_, i) => series.reduce((sum, x) => sum + (x.counts[i] ?? 0), 0)));
  const total = series.reduce((sum, x) => sum + x.counts.reduce((a, b) => a + b, 0), 0);
  return { days: model.days, series, max, total };
}
