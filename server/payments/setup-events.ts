/**
 * `checkout.setup_completed` (issue 19): a setup session saved its card. Written with the
 * `alias.created` of the same alias, in the same database transaction and only when that alias
 * was inserted, so concurrent or replayed returns announce it once (docs/ogone-protocol.md §15).
 */
import type { WebhookEventType } from '../../shared/webhook-events.ts';
import type { AliasRecord, CheckoutSessionRecord, EventDraft } from '../repository/types.ts';

export function setupCompletedEvent(session: CheckoutSessionRecord, reference: string, alias: AliasRecord): EventDraft {
  return {
    type: 'checkout.setup_completed' satisfies WebhookEventType,
    reference,
    data: {
      sessionId: session.id,
      customerId: alias.customerId,
      merchantReference: session.merchantReference,
      metadata: session.metadata ?? {},
      card: { aliasId: alias.id, brand: alias.brand, last4: alias.last4, expiry: alias.expiry },
      createdAt: alias.createdAt,
    },
  };
}
