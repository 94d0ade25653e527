/**
 * `DELETE /checkout/sessions/:sessionId/saved-cards/:aliasId` (issue 19): the shopper forgets a
 * saved card from the widget, without the merchant's key. The session is the shopper's proof of
 * who they are, so only a card of the session's customer may be forgotten — another customer's, an
 * unknown or an already deleted one is answered alike, 404 naming `aliasId`, nothing sent. An
 * expired session proves nothing any more: 410. The deletion is the merchant API's
 * (deletion.ts: deletion_pending at once, DELALIAS at the platform, retried until confirmed,
 * `alias.deleted` once; docs/ogone-protocol.md §10). Repeating it answers 204 while the platform's
 * deletion is still being retried, 404 once the card is gone. A session made for the other
 * platform (before the go-live switch) forgets nothing: 409 `livemode_mismatch`.
 */
import type { AppContext } from '../app-context.ts';
import { PaymentError } from '../domain/payment-error.ts';
import type { CheckoutSessionRecord } from '../repository/types.ts';
import { forgetAlias } from './deletion.ts';
import { customerCardNotFound } from './card-not-found.ts';
import { assertSamePlatform, platformMismatch } from '../payments/livemode.ts';

export async function forgetSessionCard(ctx: AppContext, session: CheckoutSessionRecord, aliasId: string): Promise<void> {
  if (Date.parse(session.expiresAt) <= ctx.clock.now().getTime())
    throw new PaymentError('expired', 'session_expired', 'this checkout session has expired');
  // A session of the other platform (made before the go-live switch) proves nothing about this
  // platform's cards — its GET offers none — and is refused as an attempt on it is: 409
  // livemode_mismatch, nothing marked nor sent (README "Going live", review r1627).
  assertSamePlatform(ctx.config, session, 'this checkout session');
  const alias = await ctx.repository.getAlias(aliasId);
  const customerId = session.customer?.id;
  if (!alias || !customerId || alias.customerId !== customerId || alias.deletedAt !== null || alias.deletionStatus === 'done') {
    throw customerCardNotFound();
  }
  // A card of the other platform (saved before the go-live switch) is not one the session offers
  // (its GET hides it): answered as such, naming `aliasId` — forgetAlias's refusal names the
  // merchant route's `id` (review r1221).
  if (platformMismatch(ctx.config, alias, 'this saved card')) throw customerCardNotFound();
  try {
    await forgetAlias(ctx, alias.id);
  } catch (error) {
    // Deleted by a concurrent call between our read and its request: gone, as asked.
    if (error instanceof PaymentError && error.kind === 'not_found') throw customerCardNotFound();
    throw error;
  }
  ctx.logger.info({ sessionId: session.id, aliasId: alias.id }, 'saved card forgotten by the shopper');
}
