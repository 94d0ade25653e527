/** `POST /api/checkout-sessions` (a payment, or with `mode: "setup"` a card saved without paying), `GET /api/checkout-sessions/:id`. */
import { Hono } from 'hono';
import type { z } from 'zod';
import { createCheckoutSessionSchema } from '../../../shared/schemas/api.ts';
import { createSetupSessionSchema, sessionModeProbeSchema } from '../../../shared/schemas/setup-session.ts';
import type { AppContext } from '../../app-context.ts';
import { Problem, readJson } from '../../http/problem.ts';
import { sessionNotFound } from '../../domain/payment-error.ts';
import { sessionFromInput } from '../../payments/sessions.ts';
import { assertSetupOffered, setupSessionFromInput } from '../../payments/setup-session.ts';
import { livemodeOf } from '../../payments/livemode.ts';
import { SESSION_TRANSACTIONS_LIMIT, sessionView } from '../../payments/views.ts';
import type { AliasRecord, CheckoutSessionRecord } from '../../repository/types.ts';
import { noQueryParameters } from '../../http/no-query.ts';

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw Problem.fromZod(parsed.error);
  return parsed.data;
}

export function sessionRoutes(ctx: AppContext) {
  const app = new Hono();
  const live = livemodeOf(ctx.config);

  /** The card a completed setup session saved: the alias its verification recorded (issue 19). */
  async function savedCardOf(session: CheckoutSessionRecord): Promise<AliasRecord | null> {
    if (session.mode !== 'setup' || !session.paidReference || !session.customer?.id) return null;
    // The kept card when the session saved one the customer had already (repository/saved-card.ts).
    return (await ctx.repository.savedCardOfPayment(session.customer.id, session.paidReference)) ?? null;
  }

  app.post('/', noQueryParameters, async (c) => {
    const body = await readJson(c, sessionModeProbeSchema);
    const now = ctx.clock.now();
    let session: CheckoutSessionRecord;
    if (body.mode === 'setup') {
      session = setupSessionFromInput(parse(createSetupSessionSchema, body), now);
      assertSetupOffered(ctx);
    } else {
      session = sessionFromInput(parse(createCheckoutSessionSchema, body), now);
    }
    await ctx.repository.createSession(session);
    ctx.logger.info(
      { sessionId: session.id, mode: session.mode ?? 'payment', amount: session.amount, currency: session.currency },
      'checkout session created',
    );
    return c.json(live(sessionView(session, [], now, null)), 201);
  });

  app.get('/:id', noQueryParameters, async (c) => {
    const session = await ctx.repository.getSession(c.req.param('id'));
    if (!session) throw sessionNotFound();
    // The newest payments and any older one its status reads (review r1487: a pending payment
    // behind 100 later attempts left a session `expired` whose money was still coming).
    const { items, truncated } = await ctx.repository.listSessionTransactions(session.id, SESSION_TRANSACTIONS_LIMIT);
    return c.json(live(sessionView(session, items, ctx.clock.now(), await savedCardOf(session), truncated), session));
  });

  return app;
}
