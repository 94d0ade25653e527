/** `GET /api/events` (webhook events with their delivery attempts), `GET /api/events/:id`. */
import { Hono } from 'hono';
import { z } from 'zod';
import { ORDERID_MAX_LENGTH } from '../../../shared/order-id.ts';
import type { AppContext } from '../../app-context.ts';
import { readQuery } from '../../http/problem.ts';
import { PaymentError } from '../../domain/payment-error.ts';
import { livemodeOf } from '../../payments/livemode.ts';
import { eventView } from '../../payments/views.ts';
import { pageQuery } from './pagination.ts';

const listQuery = z.object({
  ...pageQuery,
  type: z
    .string()
    .regex(/^[a-z_]+\.[a-z_]+$/, { error: 'type must be an event type such as payment.captured' })
    .optional(),
  reference: z.string().max(ORDERID_MAX_LENGTH).optional(),
});

export function eventRoutes(ctx: AppContext) {
  const app = new Hono();
  const live = livemodeOf(ctx.config);

  app.get('/', async (c) => {
    const query = readQuery(c, listQuery);
    const result = await ctx.repository.listEvents({
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
      ...(query.type ? { type: query.type } : {}),
      ...(query.reference ? { reference: query.reference } : {}),
    });
    return c.json({ data: result.items.map((event) => live(eventView(event))), nextCursor: result.nextCursor });
  });

  app.get('/:id', async (c) => {
    const event = await ctx.repository.getEvent(c.req.param('id'));
    if (!event) throw new PaymentError('not_found', 'not_found', 'no event with this id', { field: 'id' });
    return c.json(live(eventView(event)));
  });

  return app;
}
