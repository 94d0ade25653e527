/**
 * A payment attempt: a fresh transaction (ORDERID) for a session and the signed hosted-page
 * form the widget posts. A paid session answers 409, an expired one 410.
 */
import type { z } from 'zod';
import type { AttemptResult, createAttemptSchema } from '../../shared/schemas/api.ts';
import type { AppContext } from '../app-context.ts';
import { randomToken } from '../ids.ts';
import { PaymentError, sessionNotFound } from '../domain/payment-error.ts';
import type { CheckoutSessionRecord } from '../repository/types.ts';
import { newDraftTransaction } from './draft-transaction.ts';
import { buildHostedPageRequest } from './hosted-page.ts';
import { assertSamePlatform } from './livemode.ts';
import { newOrderId } from './reference.ts';
import { assertNoPaymentBeingDecided, assertUnclaimed } from './session-claims.ts';

export type AttemptInput = z.output<typeof createAttemptSchema>;

export function assertPayable(ctx: AppContext, session: CheckoutSessionRecord, now: Date = ctx.clock.now()): void {
  if (session.status === 'paid') throw new PaymentError('conflict', 'session_paid', 'this checkout session is already paid');
  if (Date.parse(session.expiresAt) <= now.getTime())
    throw new PaymentError('expired', 'session_expired', 'this checkout session has expired');
  if (ctx.config.provider.environment === 'disabled')
    throw new PaymentError('unavailable', 'payments_disabled', 'payments are disabled on this server (OGONE_ENVIRONMENT=disabled)');
  assertSamePlatform(ctx.config, session, 'this checkout session');
}

/** Whether this attempt saves the card, from the session's policy and the shopper's choice. */
export function wantsAlias(session: CheckoutSessionRecord, saveCard: boolean): boolean {
  if (session.saveCard === 'never') {
    if (saveCard)
      throw new PaymentError('invalid', 'invalid_request', 'saveCard: this checkout does not offer to save the card', {
        field: 'saveCard',
      });
    return false;
  }
  if (!session.customer?.id) return false;
  return session.saveCard === 'always' || saveCard;
}

export async function createHostedPageAttempt(
  ctx: AppContext,
  session: CheckoutSessionRecord,
  input: AttemptInput,
  request: Request,
  clientAddress?: string,
): Promise<AttemptResult> {
  // One reading of the clock for the checks, the ORDERID and the payment's times.
  const now = ctx.clock.now();
  assertPayable(ctx, session, now);
  assertNoPaymentBeingDecided(session);
  if (input.aliasId !== undefined) {
    if (!ctx.aliasPayments)
      throw new PaymentError('not_offered', 'alias_payments_unavailable', 'paying with a saved card is not available on this server', {
        field: 'aliasId',
      });
    return ctx.aliasPayments({ session, aliasId: input.aliasId, attempt: input, request, ...(clientAddress ? { clientAddress } : {}) });
  }
  assertUnclaimed(session, now);
  const alias = wantsAlias(session, input.saveCard) ? `OC-${randomToken(20)}` : null;
  const locale = input.locale ?? session.locale ?? undefined;
  const transaction = newDraftTransaction(ctx, session, {
    reference: newOrderId(now, session.merchantReference),
    locale: locale ?? null,
    now,
    aliasRequest: alias,
  });
  const form = buildHostedPageRequest(
    {
      provider: ctx.config.provider,
      platformBaseUrl: ctx.platformBaseUrl,
      publicUrl: ctx.config.publicUrl,
      operation: ctx.config.operation,
      merchantName: ctx.config.merchantName,
      cofSchedule: ctx.config.cofSchedule,
    },
    session,
    { reference: transaction.reference, amount: transaction.amount, locale, alias },
  );
  await ctx.repository.createTransaction(transaction);
  // Every session, not only one with a customer (a saved card's claim): a feedback paying the
  // session, or recording a payment the platform is still deciding, may land between the route's
  // read and this write as well (review r1535).
  await assertStillPayable(ctx, session.id, transaction.reference, now);
  ctx.logger.info({ reference: transaction.reference, sessionId: session.id, saveCard: alias !== null }, 'payment attempt created');
  return { kind: 'redirect', reference: transaction.reference, action: form.action, method: 'POST', fields: form.fields };
}

/**
 * The session's checks again, once this attempt's draft is written: a feedback may have paid the
 * session or recorded a payment still being decided, and a saved-card payment (only a session with
 * a customer can have one) may have claimed the session, or been paid, since the request read it — its claim is one UPDATE, this draft one INSERT, and neither waits for the
 * other (review r1220: both answered 201, the card charged and a signed form for a second payment
 * handed out). Asked after the write, a claim made before it is seen; one made after it finds
 * this form already out, as when the shopper opened the hosted page in another tab first
 * (docs/ogone-protocol.md §8). The withdrawn draft is never sent: it ends as any form never
 * posted does.
 */
async function assertStillPayable(ctx: AppContext, sessionId: string, reference: string, now: Date): Promise<void> {
  const fresh = await ctx.repository.getSession(sessionId);
  try {
    if (!fresh) throw sessionNotFound();
    assertPayable(ctx, fresh, now);
    assertNoPaymentBeingDecided(fresh);
    assertUnclaimed(fresh, now);
  } catch (error) {
    ctx.logger.info({ reference, sessionId }, 'payment attempt withdrawn: another payment of the session holds it');
    throw error;
  }
}
