/** `POST /api/checkout-sessions`, `GET /api/checkout-sessions/:id`. */
import { Hono } from 'hono';
import { createCheckoutSessionSchema } from '../../../shared/schemas/api.ts';
import type { AppContext } from '../../app-context.ts';
import { readJson } from '../../http/problem.ts';
import { PaymentError } from '../../domain/payment-error.ts';
import { sessionFromInput } from '../../payments/sessions.ts';
import { livemodeOf } from '../../payments/livemode.ts';
import { sessionView } from '../../payments/views.ts';

export function sessionRoutes(ctx: AppContext) {
  const app = new Hono();
  const live = livemodeOf(ctx.config);

  app.post('/', async (c) => {
    const input = await readJson(c, createCheckoutSessionSchema);
    const session = sessionFromInput(input, ctx.clock.now());
    await ctx.repository.createSession(session);
    ctx.logger.info({ sessionId: session.id, amount: session.amount, currency: session.currency }, 'checkout session created');
    return c.json(live(sessionView(session, [], ctx.clock.now())), 201);
  });

  app.get('/:id', async (c) => {
    const session = await ctx.repository.getSession(c.req.param('id'));
    if (!session) throw new PaymentError('not_found', 'not_found', 'no checkout session with this id', { field: 'id' });
    const transactions = await ctx.repository.listTransactions({ sessionId: session.id, limit: 100 });
    return c.json(live(sessionView(session, transactions.items, ctx.clock.now())));
  });

  return app;
}
