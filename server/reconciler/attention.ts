/**
 * A payment the reconciler stopped querying (older than RECONCILE_MAX_AGE_DAYS and still
 * unresolved, docs/ogone-protocol.md §9) is flagged for a person: `needsAttention` on the
 * transaction and one `payment.needs_attention` webhook, in the same database transaction under
 * the row lock — so several instances flagging it at once still emit one event.
 */
import type { WebhookEventType } from '../../shared/webhook-events.ts';
import { transactionView } from '../payments/views.ts';
import { awaitsPlatform } from '../repository/sync-claims.ts';
import type { Repository } from '../repository/types.ts';

/**
 * True when this call flagged it (false: already flagged, settled meanwhile, or no such payment).
 * The round lists the too-old payments before flagging each: a late feedback, another instance's
 * sync or this round's own earlier work may have settled one since, and a captured payment was
 * then flagged "still unresolved", announced so, and counted by the alerting gauge. Checked again
 * here, under the row lock.
 */
export async function flagNeedsAttention(repository: Repository, reference: string): Promise<boolean> {
  const outcome = await repository.mutateTransaction(reference, (current, session) => {
    if (current.needsAttention || !awaitsPlatform(current)) return { result: false };
    const after = { ...current, needsAttention: true };
    return {
      patch: { needsAttention: true },
      events: [
        {
          type: 'payment.needs_attention' satisfies WebhookEventType,
          reference,
          data: {
            ...transactionView(after, session),
            reason: "still unresolved at the platform after the reconciler's maximum age (RECONCILE_MAX_AGE_DAYS); it is no longer queried",
          },
        },
      ],
      result: true,
    };
  });
  return outcome?.result ?? false;
}
