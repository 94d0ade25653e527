/**
 * The widget's endpoints (`/checkout/…`): what the button shows, and payment attempts. The amount
 * always comes from what the merchant stored; the browser only says whether to save the card,
 * its locale and, for buttons, a quantity within the merchant's bounds.
 */
import { Hono } from 'hono';
import { createAttemptSchema, type PublicCheckoutView } from '../../../shared/schemas/api.ts';
import type { AppContext } from '../../app-context.ts';
import { readJson } from '../../http/problem.ts';
import { PaymentError, sessionNotFound } from '../../domain/payment-error.ts';
import { clientAddress } from '../../http/client-address.ts';
import { createHostedPageAttempt, wantsAlias } from '../../payments/attempts.ts';
import { createSetupAttempt } from '../../payments/setup-session.ts';
import { settleExpiredClaim } from '../../aliases/pay.ts';
import { forgetSessionCard } from '../../aliases/session-card-deletion.ts';
import { cardExpired } from '../../aliases/card-expiry.ts';
import { sessionFromButton } from '../../payments/sessions.ts';
import { payableStatus, savedCardView } from '../../payments/views.ts';
import { isLivemode } from '../../payments/livemode.ts';
import { isMerchantChargeSession, merchantChargeSession } from '../../aliases/charge.ts';
import type { CheckoutSessionRecord } from '../../repository/types.ts';

export function publicCheckoutRoutes(ctx: AppContext) {
  const app = new Hono();

  /** The session a widget route names; never a merchant's charge of a saved card (charge.ts). */
  async function shopperSession(id: string, field: 'id' | 'sessionId' = 'id'): Promise<CheckoutSessionRecord> {
    const session = await ctx.repository.getSession(id);
    if (!session) throw sessionNotFound(field);
    if (await isMerchantChargeSession(ctx, session)) throw merchantChargeSession(field);
    return session;
  }

  app.get('/sessions/:id', async (c) => {
    const session = await shopperSession(c.req.param('id'));
    // The customer's saved cards only until the session expires: its id lingers in shop pages,
    // browser history and logs, and an expired one proves nothing any more (as the card
    // deletion below answers 410) — it must not show the cards saved since. Until then, paid
    // too: the widget shows the card the payment just saved.
    const now = ctx.clock.now();
    const expired = Date.parse(session.expiresAt) <= now.getTime();
    // Nor for a session of the other platform (made before the go-live switch): it can be paid on
    // neither (an attempt answers 409 livemode_mismatch), and a test session's id — test pages,
    // logs and fixtures keep it — must not show the real customer's live cards (review r1627).
    const ownPlatform = session.livemode === undefined || session.livemode === isLivemode(ctx.config);
    const aliases = session.customer?.id && !expired && ownPlatform ? await ctx.repository.listAliases(session.customer.id) : [];
    const view: PublicCheckoutView = {
      id: session.id,
      kind: 'session',
      // A setup session (issue 19) is created with amount 0: nothing is charged now.
      ...(session.mode === 'setup' ? { mode: 'setup' as const } : {}),
      amount: session.amount,
      currency: session.currency,
      merchantName: ctx.config.merchantName,
      ...(session.description ? { description: session.description } : {}),
      saveCard: session.saveCard,
      // Only cards saved on this server's platform: the other's aliases are unknown to it
      // (livemode.ts). Nor a card past its expiry date: offered, every payment with it is declined.
      savedCards: aliases
        .filter((alias) => (alias.livemode === undefined || alias.livemode === isLivemode(ctx.config)) && !cardExpired(alias.expiry, now))
        .map(savedCardView),
      status: payableStatus(session, now),
      ...(session.locale ? { locale: session.locale } : {}),
    };
    c.header('Cache-Control', 'no-store');
    return c.json(view);
  });

  app.post('/sessions/:id/attempts', async (c) => {
    const input = await readJson(c, createAttemptSchema, { optional: true });
    const session = await shopperSession(c.req.param('id'));
    if (input.quantity !== undefined && input.quantity !== session.quantity) {
      throw new PaymentError(
        'invalid',
        'invalid_request',
        'quantity: a checkout session has a fixed amount; quantity applies to buttons only',
        { field: 'quantity' },
      );
    }
    // A setup session goes to FlexCheckout, not the hosted payment page (docs/ogone-protocol.md §15).
    if (session.mode === 'setup') return c.json(await createSetupAttempt(ctx, session, input), 201);
    // A saved-card attempt whose claim expired may have been charged (its answer lost, its 3-D
    // Secure feedback late): the platform is asked before a hosted-page form is handed out (§8).
    const asked = input.aliasId === undefined && ctx.directLink !== undefined && (await settleExpiredClaim(ctx, session));
    const current = asked ? ((await ctx.repository.getSession(session.id)) ?? session) : session;
    return c.json(await createHostedPageAttempt(ctx, current, input, c.req.raw, clientAddress(c)), 201);
  });

  // Forgetting a saved card from the widget (issue 19): only a card of the session's customer.
  app.delete('/sessions/:sessionId/saved-cards/:aliasId', async (c) => {
    const session = await shopperSession(c.req.param('sessionId'), 'sessionId');
    await forgetSessionCard(ctx, session, c.req.param('aliasId'));
    return c.body(null, 204);
  });

  app.get('/buttons/:id', async (c) => {
    const button = await ctx.repository.getButton(c.req.param('id'));
    if (!button || button.deletedAt) throw new PaymentError('not_found', 'not_found', 'no payment button with this id', { field: 'id' });
    const view: PublicCheckoutView = {
      id: button.id,
      kind: 'button',
      amount: button.amount,
      currency: button.currency,
      merchantName: ctx.config.merchantName,
      description: button.name,
      saveCard: 'never',
      savedCards: [],
      status: 'open',
      minQuantity: button.minQuantity,
      maxQuantity: button.maxQuantity,
    };
    return c.json(view);
  });

  app.post('/buttons/:id', async (c) => {
    const input = await readJson(c, createAttemptSchema, { optional: true });
    const button = await ctx.repository.getButton(c.req.param('id'));
    if (!button || button.deletedAt) throw new PaymentError('not_found', 'not_found', 'no payment button with this id', { field: 'id' });
    const quantity = input.quantity ?? button.minQuantity;
    if (quantity < button.minQuantity || quantity > button.maxQuantity) {
      throw new PaymentError('invalid', 'invalid_request', `quantity: must be between ${button.minQuantity} and ${button.maxQuantity}`, {
        field: 'quantity',
      });
    }
    if (input.aliasId !== undefined)
      throw new PaymentError('invalid', 'invalid_request', 'aliasId: saved cards need a checkout session with a customer', {
        field: 'aliasId',
      });
    const session = sessionFromButton(button, quantity, ctx.clock.now());
    if (input.locale) session.locale = input.locale;
    // Refuse what the attempt would refuse before storing the session: a 4xx leaves nothing behind.
    wantsAlias(session, input.saveCard);
    await ctx.repository.createSession(session);
    return c.json(await createHostedPageAttempt(ctx, session, input, c.req.raw, clientAddress(c)), 201);
  });

  return app;
}
