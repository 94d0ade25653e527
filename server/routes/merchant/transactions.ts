/**
 * `GET /api/transactions` (filter by state and date, cursor pagination), `GET /api/transactions/:reference`.
 * Expired attempts (never paid, unknown to the platform, docs/ogone-protocol.md §9) are left out
 * unless asked for: `state=expired`, or `includeExpired=true` with the others.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { PAYMENT_STATES } from '../../../shared/status.ts';
import type { AppContext } from '../../app-context.ts';
import { readQuery } from '../../http/problem.ts';
import { PaymentError } from '../../domain/payment-error.ts';
import { livemodeOf } from '../../payments/livemode.ts';
import { transactionView } from '../../payments/views.ts';
import { pageQuery } from './pagination.ts';

const isoDate = (name: string) =>
  z.iso
    .datetime({ offset: true, error: `${name} must be an ISO 8601 date-time such as 2025-01-31T00:00:00Z` })
    .or(z.iso.date({ error: `${name} must be an ISO 8601 date such as 2025-01-31` }))
    .transform((value) => new Date(value).toISOString())
    .optional();

const listQuery = z.object({
  ...pageQuery,
  state: z.enum(PAYMENT_STATES, { error: `state must be one of ${PAYMENT_STATES.join(', ')}` }).optional(),
  from: isoDate('from'),
  to: isoDate('to'),
  session: z.string().max(100).optional(),
  includeExpired: z.enum(['true', 'false'], { error: 'includeExpired must be true or false' }).optional(),
});

export function transactionRoutes(ctx: AppContext) {
  const app = new Hono();
  const live = livemodeOf(ctx.config);

  app.get('/', async (c) => {
    const query = readQuery(c, listQuery);
    const result = await ctx.repository.listTransactions({
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
      ...(query.state ? { state: query.state } : {}),
      ...(query.includeExpired === 'true' ? {} : { hiddenStates: ['expired'] }),
      ...(query.from ? { createdFrom: query.from } : {}),
      ...(query.to ? { createdTo: query.to } : {}),
      ...(query.session ? { sessionId: query.session } : {}),
    });
    return c.json({ data: result.items.map((t) => live(transactionView(t))), nextCursor: result.nextCursor });
  });

  app.get('/:reference', async (c) => {
    const transaction = await ctx.repository.getTransaction(c.req.param('reference'));
    if (!transaction) throw new PaymentError('not_found', 'not_found', 'no transaction with this reference', { field: 'reference' });
    const [session, feedback] = await Promise.all([
      ctx.repository.getSession(transaction.sessionId),
      ctx.repository.listFeedback(transaction.reference, 20),
    ]);
    return c.json({
      ...live(transactionView(transaction, session)),
      feedback: feedback.map((f) => ({
        receivedAt: f.receivedAt,
        channel: f.channel,
        status: f.status,
        outcome: f.outcome,
        params: f.params,
        repeatCount: f.repeatCount,
        lastReceivedAt: f.lastReceivedAt,
      })),
    });
  });

  return app;
}
