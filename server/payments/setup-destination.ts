/**
 * Where the shopper's browser goes after a setup session's return or its 3-D Secure feedback
 * (issue 19): the shop's success URL once the card is saved — the session, not the verification,
 * says so, as the verification is cancelled at once — its failure URL once the attempt ended
 * without a card, with `?reference=` like a payment's (shop-urls.ts); our status page otherwise.
 */
import type { CheckoutSessionRecord } from '../repository/types.ts';
import { withReference } from './shop-urls.ts';

export function setupDestination(
  session: CheckoutSessionRecord,
  reference: string,
  outcome: 'saved' | 'not_saved' | 'pending',
  statusPage: string,
): string {
  if (outcome === 'saved' && session.successUrl) return withReference(session.successUrl, reference);
  if (outcome === 'not_saved' && session.failureUrl) return withReference(session.failureUrl, reference);
  return statusPage;
}
