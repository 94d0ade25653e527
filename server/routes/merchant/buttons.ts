/** Fixed-price payment buttons: `POST /api/buttons`, `GET /api/buttons[/:id]`, `DELETE /api/buttons/:id`. */
import { Hono } from 'hono';
import { z } from 'zod';
import { createButtonSchema } from '../../../shared/schemas/api.ts';
import type { AppContext } from '../../app-context.ts';
import { newId } from '../../ids.ts';
import { readJson, readQuery } from '../../http/problem.ts';
import { PaymentError } from '../../domain/payment-error.ts';
import { livemodeOf } from '../../payments/livemode.ts';
import { buttonView } from '../../payments/views.ts';
import { buttonTotalProblem } from '../../payments/sessions.ts';
import { pageQuery } from './pagination.ts';
import { noQueryParameters } from '../../http/no-query.ts';
import { resumesInterruptedRequest } from '../../http/idempotency.ts';

export function buttonRoutes(ctx: AppContext) {
  const app = new Hono();
  const live = livemodeOf(ctx.config);

  app.post('/', noQueryParameters, async (c) => {
    const input = await readJson(c, createButtonSchema);
    if (input.minQuantity > input.maxQuantity) {
      throw new PaymentError('invalid', 'invalid_request', 'maxQuantity: must be at least minQuantity', { field: 'maxQuantity' });
    }
    // Every quantity the widget offers must be payable: the largest total goes out as Ogone's
    // AMOUNT too (docs/ogone-protocol.md §2). Stored, its click was refused with a message the
    // shopper could not act on (review r1395).
    const totalProblem = buttonTotalProblem(input.amount, input.maxQuantity, input.currency);
    if (totalProblem) {
      throw new PaymentError(
        'invalid',
        'invalid_request',
        `maxQuantity: the largest total (${input.maxQuantity} × ${input.amount}) cannot be paid: ${totalProblem}`,
        { field: 'maxQuantity' },
      );
    }
    const now = ctx.clock.now();
    const button = {
      id: newId('btn', now.getTime()),
      name: input.name,
      amount: input.amount,
      currency: input.currency,
      minQuantity: input.minQuantity,
      maxQuantity: input.maxQuantity,
      saveCard: input.saveCard,
      successUrl: input.successUrl ?? null,
      failureUrl: input.failureUrl ?? null,
      createdAt: now.toISOString(),
      deletedAt: null,
    };
    await ctx.repository.createButton(button);
    return c.json(live(buttonView(button)), 201);
  });

  app.get('/', async (c) => {
    const query = readQuery(c, z.object(pageQuery));
    const result = await ctx.repository.listButtons({ limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
    return c.json({ data: result.items.map((button) => live(buttonView(button))), nextCursor: result.nextCursor });
  });

  app.get('/:id', noQueryParameters, async (c) => {
    const button = await ctx.repository.getButton(c.req.param('id'));
    if (!button || button.deletedAt) throw new PaymentError('not_found', 'not_found', 'no payment button with this id', { field: 'id' });
    return c.json(live(buttonView(button)));
  });

  app.delete('/:id', noQueryParameters, async (c) => {
    const deleted = await ctx.repository.deleteButton(c.req.param('id'), ctx.clock.now().toISOString());
    // Deleted already by the first DELETE under this key, killed (or answered 5xx) before its answer
    // was kept: the retry is told it was done, not 404 (http/idempotency.ts; review r1330).
    const deletedByFirst =
      !deleted && resumesInterruptedRequest(c) && Boolean((await ctx.repository.getButton(c.req.param('id')))?.deletedAt);
    if (!deleted && !deletedByFirst) throw new PaymentError('not_found', 'not_found', 'no payment button with this id', { field: 'id' });
    return c.json(live({ id: c.req.param('id'), deleted: true as const }));
  });

  return app;
}
