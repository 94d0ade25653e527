/**
 * `GET /api/events` (webhook events with their delivery attempts), `GET /api/events/:id`,
 * `POST /api/events/:id/redeliver` (a new attempt now) and `POST /api/events/ping` (a test event).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { ORDERID_MAX_LENGTH } from '../../../shared/order-id.ts';
import { WEBHOOK_EVENT_TYPES } from '../../../shared/webhook-events.ts';
import type { AppContext } from '../../app-context.ts';
import { readQuery } from '../../http/problem.ts';
import { PaymentError } from '../../domain/payment-error.ts';
import { isLivemode, livemodeOf } from '../../payments/livemode.ts';
import { eventView } from '../../payments/views.ts';
import { sendPing } from '../../webhooks/dispatcher.ts';
import { pageQuery } from './pagination.ts';
import { noQueryParameters } from '../../http/no-query.ts';

/** Exported for the OpenAPI document (server/api-docs/). */
export const listQuery = z.object({
  ...pageQuery,
  // One of the event types, not any dotted word: a typo (`payment.capture`) answered an empty list,
  // telling a polling shop there were no captures (review r1364). An enum, so the OpenAPI
  // document lists the values, as for the transactions' `state` (review r1160).
  type: z.enum(WEBHOOK_EVENT_TYPES, { error: `type must be one of the event types: ${WEBHOOK_EVENT_TYPES.join(', ')}` }).optional(),
  // No ORDERID is empty: `reference=` names no payment, and read as "no filter" it listed every
  // payment's events as if they were that order's (review r1364).
  reference: z
    .string()
    .min(1, { error: 'reference must not be empty: leave the parameter out to list the events of every payment' })
    .max(ORDERID_MAX_LENGTH, { error: `reference must be at most ${ORDERID_MAX_LENGTH} characters` })
    .optional(),
});

export function eventRoutes(ctx: AppContext) {
  const app = new Hono();
  const live = livemodeOf(ctx.config);

  app.get('/', async (c) => {
    const query = readQuery(c, listQuery);
    const result = await ctx.repository.listEvents({
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
      ...(query.type !== undefined ? { type: query.type } : {}),
      ...(query.reference !== undefined ? { reference: query.reference } : {}),
    });
    return c.json({ data: result.items.map((event) => live(eventView(event), event)), nextCursor: result.nextCursor });
  });

  app.get('/:id', noQueryParameters, async (c) => {
    const event = await ctx.repository.getEvent(c.req.param('id'));
    if (!event) throw new PaymentError('not_found', 'not_found', 'no event with this id', { field: 'id' });
    return c.json(live(eventView(event), event));
  });

  app.post('/ping', noQueryParameters, async (c) => {
    const { webhookUrl, webhookSecret, webhookSecretPrevious } = ctx.config;
    if (!webhookUrl || !webhookSecret) {
      throw new PaymentError('conflict', 'webhooks_not_configured', 'no WEBHOOK_URL is configured: there is nowhere to send a test event', {
        details: { setting: 'WEBHOOK_URL' },
      });
    }
    const result = await sendPing({
      url: webhookUrl,
      secret: webhookSecret,
      previousSecret: webhookSecretPrevious,
      clock: ctx.clock,
      livemode: isLivemode(ctx.config),
      repository: ctx.repository,
      logger: ctx.logger,
    });
    return c.json({
      id: result.eventId,
      delivered: result.ok,
      status: result.statusCode,
      latencyMs: result.latencyMs,
      ...(result.ok ? {} : { error: result.error }),
    });
  });

  // The receiver must be idempotent (at-least-once delivery): a redelivered event keeps its id.
  app.post('/:id/redeliver', noQueryParameters, async (c) => {
    const event = await ctx.repository.redeliverEvent(c.req.param('id'));
    if (!event) throw new PaymentError('not_found', 'not_found', 'no event with this id', { field: 'id' });
    // Logged so that an event arriving twice at the merchant's endpoint can be explained.
    ctx.logger.info({ eventId: event.id, type: event.type, nextAttemptAt: event.nextAttemptAt }, 'webhook redelivery requested');
    ctx.webhooks.nudge();
    return c.json(live(eventView(event), event), 202);
  });

  return app;
}
