/**
 * `GET /api/dashboard/summary?days=14&currency=EUR` (issue 16, issue 17): the dashboard's chart
 * and counters, aggregated by the database over the whole window — per UTC day and currency the
 * payments, what was captured and refunded; per state a count; the payments needing attention
 * and the webhook events whose delivery failed — whatever the volume, instead of the newest rows
 * one list page holds.
 *
 * The window is `days` whole UTC days ending with today. A day's figures are those of the
 * payments created that day (captured and refunded amounts as they stand now) for the server's
 * platform, and those recording none (repository/transaction-summary.ts): after the go-live
 * switch the test payments are left out, the flagged ones too. `payments` counts the attempts
 * that reached the platform: drafts and expired attempts are left out there, but counted in
 * `states`. `livemode` says which platform that is: the dashboard marks the other one's payments
 * and offers no action on them (the server refuses them, 409 livemode_mismatch).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { isCurrency } from '../../../shared/money.ts';
import { PAYMENT_STATES, type PaymentState } from '../../../shared/status.ts';
import type { AppContext } from '../../app-context.ts';
import { readQuery } from '../../http/problem.ts';
import { isLivemode } from '../../payments/livemode.ts';
import type { TransactionSummaryGroup } from '../../repository/types.ts';

export const MAX_SUMMARY_DAYS = 366;

export const summaryQuery = z.object({
  days: z
    .string()
    // 1 to 366 in the pattern too, so the OpenAPI document says it (review r1160).
    .regex(/^0*(?:[1-9]\d?|[12]\d\d|3[0-5]\d|36[0-6])$/, { error: `days must be a whole number from 1 to ${MAX_SUMMARY_DAYS}` })
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_SUMMARY_DAYS, { error: `days must be a whole number from 1 to ${MAX_SUMMARY_DAYS}` })
    .default(14),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, { error: 'currency must be an ISO 4217 code such as EUR' })
    .refine(isCurrency, { error: 'currency must be an ISO 4217 code such as EUR' })
    .optional(),
});

const NOT_SENT: ReadonlySet<PaymentState> = new Set(['draft', 'expired']);
const DAY_MS = 24 * 3600_000;

export interface DailyFigures {
  date: string;
  currency: string;
  payments: number;
  capturedCount: number;
  capturedAmount: number;
  refundedAmount: number;
}

/** Every day × currency of the window, zeros where the database had no row (pure, for tests). */
export function dailyFigures(
  groups: readonly TransactionSummaryGroup[],
  dates: readonly string[],
  currencies: readonly string[],
): DailyFigures[] {
  const byKey = new Map<string, DailyFigures>();
  const out: DailyFigures[] = [];
  for (const date of dates) {
    for (const currency of currencies) {
      const figures = { date, currency, payments: 0, capturedCount: 0, capturedAmount: 0, refundedAmount: 0 };
      byKey.set(`${date} ${currency}`, figures);
      out.push(figures);
    }
  }
  for (const group of groups) {
    const figures = byKey.get(`${group.day} ${group.currency}`);
    if (!figures) continue;
    if (!NOT_SENT.has(group.state)) figures.payments += group.count;
    figures.capturedCount += group.capturedCount;
    figures.capturedAmount += group.capturedAmount;
    figures.refundedAmount += group.refundedAmount;
  }
  return out;
}

export function dashboardSummaryRoutes(ctx: AppContext) {
  const app = new Hono();
  app.get('/summary', async (c) => {
    const query = readQuery(c, summaryQuery);
    const now = ctx.clock.now();
    const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY_MS);
    const from = new Date(to.getTime() - query.days * DAY_MS);
    const summary = await ctx.repository.summarizeTransactions({
      from: from.toISOString(),
      to: to.toISOString(),
      ...(query.currency ? { currency: query.currency } : {}),
    });
    const dates = Array.from({ length: query.days }, (_, i) => new Date(from.getTime() + i * DAY_MS).toISOString().slice(0, 10));
    const currencies = query.currency ? [query.currency] : [...new Set(summary.groups.map((g) => g.currency))].sort();
    const states = Object.fromEntries(PAYMENT_STATES.map((state) => [state, 0])) as Record<PaymentState, number>;
    for (const group of summary.groups) states[group.state] += group.count;
    return c.json({
      days: query.days,
      currency: query.currency ?? null,
      from: from.toISOString(),
      to: to.toISOString(),
      daily: dailyFigures(summary.groups, dates, currencies),
      states,
      needsAttention: summary.needsAttention,
      failedDeliveries: summary.failedDeliveries,
      livemode: isLivemode(ctx.config),
    });
  });
  return app;
}
