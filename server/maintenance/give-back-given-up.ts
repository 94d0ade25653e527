/**
 * An automatic give-back the server stopped trying — a setup verification's cancel or a duplicate's
 * cancel or refund refused MAX_GIVE_BACK_TRIES times (the API user's password changed, say) — is
 * flagged for a person: `needsAttention` and one `payment.needs_attention`, as for a payment the
 * reconciler stopped asking about (reconciler/attention.ts). Only the error log said so, and a
 * verification's 1.00 stayed held on the shopper's card, the shop told nothing (review r1150).
 *
 * Re-asserted at each review of the payment while the give-back is still owed (a write that
 * resolves nothing the reconciler waits for clears the flag, repository/mutate-transaction.ts);
 * announced once.
 */
import type { WebhookEventType } from '../../shared/webhook-events.ts';
import type { AppContext } from '../app-context.ts';
import { mayOweGiveBack } from '../domain/payment-states.ts';
import { transactionView } from '../payments/views.ts';
import type { MaintenanceOperationRecord } from '../repository/types.ts';
import { giveBackTries, MAX_GIVE_BACK_TRIES, SETUP_VERIFICATION_KEY, type GiveBackBase } from './give-back-key.ts';

/** Every try sent and failed: nothing more goes out on its own. */
export function giveBackSpent(operations: readonly MaintenanceOperationRecord[], baseKey: GiveBackBase): boolean {
  const tries = giveBackTries(operations, baseKey);
  return tries.length >= MAX_GIVE_BACK_TRIES && tries.every((op) => op.status === 'failed');
}

const REASONS: Record<GiveBackBase, string> = {
  [SETUP_VERIFICATION_KEY]: `the card verification's authorisation could not be cancelled (${MAX_GIVE_BACK_TRIES} tries refused): cancel it (POST /api/transactions/:reference/cancel, or in Ogone's back office); until then its amount is held on the shopper's card`,
  'duplicate-payment': `the duplicate payment could not be given back (${MAX_GIVE_BACK_TRIES} tries refused): cancel or refund it (POST /api/transactions/:reference/cancel or /refund, or in Ogone's back office)`,
};

/** `operations`: the payment's, as the caller read them (read here when absent). */
export async function flagGiveBackGivenUp(
  ctx: AppContext,
  reference: string,
  baseKey: GiveBackBase,
  operations?: readonly MaintenanceOperationRecord[],
): Promise<void> {
  if (!giveBackSpent(operations ?? (await ctx.repository.listOperations(reference)), baseKey)) return;
  const announced = (await ctx.repository.listEvents({ reference, type: 'payment.needs_attention', limit: 1 })).items.length > 0;
  const flagged = await ctx.repository.mutateTransaction(reference, (current, session, operations) => {
    if (current.needsAttention || !mayOweGiveBack(current, session.mode) || !giveBackSpent(operations, baseKey)) return { result: false };
    const after = { ...current, needsAttention: true };
    const event = {
      type: 'payment.needs_attention' satisfies WebhookEventType,
      reference,
      data: { ...transactionView(after, session), reason: REASONS[baseKey] },
    };
    return { patch: { needsAttention: true }, events: announced ? [] : [event], result: true };
  });
  if (!flagged?.result) return;
  ctx.logger.error(
    { reference, giveBack: baseKey },
    `automatic give-back given up after ${MAX_GIVE_BACK_TRIES} tries: flagged for a person`,
  );
  if (flagged.events.length > 0) ctx.webhooks.nudge();
}
