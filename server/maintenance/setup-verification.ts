/**
 * A setup session's card verification (issue 19, docs/ogone-protocol.md §15) once the platform
 * answered: authorised → cancelled at once (DES through DirectLink maintenance, like a duplicate
 * payment given back), with a fixed idempotency key so the redirect, the server-to-server feedback
 * and a query of the same authorisation send one cancel; ended unpaid → the session's claim is
 * freed so the shopper may try another card. Safe to call any number of times.
 */
import type { AppContext } from '../app-context.ts';
import { isPaymentError } from '../domain/payment-error.ts';
import type { AfterPaymentChange } from '../feedback/apply-answer.ts';
import { endedUnpaid, releaseClaim } from '../payments/session-claims.ts';
import type { CheckoutSessionRecord, TransactionRecord } from '../repository/types.ts';
import { askForNextTry, giveBackKey, MAX_GIVE_BACK_TRIES, SETUP_VERIFICATION_KEY } from './give-back-key.ts';
import { runOperation } from './operations.ts';

export { SETUP_VERIFICATION_KEY };

export async function settleVerification(
  ctx: AppContext,
  session: CheckoutSessionRecord,
  transaction: TransactionRecord,
  afterChange: AfterPaymentChange,
): Promise<void> {
  if (endedUnpaid(transaction)) {
    await releaseClaim(ctx, session.id, transaction.reference);
    return;
  }
  if (transaction.state !== 'authorized' || !ctx.directLink) return;
  const idempotencyKey = giveBackKey(await ctx.repository.listOperations(transaction.reference), SETUP_VERIFICATION_KEY);
  if (!idempotencyKey) return;
  try {
    const done = await runOperation(ctx, transaction.reference, 'cancel', { idempotencyKey }, afterChange);
    ctx.logger.info(
      { reference: transaction.reference, sessionId: session.id, status: done.body.operation.status },
      'setup card verification cancelled',
    );
  } catch (error) {
    // Another copy of the same answer is sending it, or it was sent: one operation.
    if (isPaymentError(error) && (error.code === 'idempotency_in_progress' || error.code === 'invalid_state')) return;
    // Tried again by the next review of the payment (its feedback again, the reconciler's sync).
    ctx.logger.error(
      { reference: transaction.reference, idempotencyKey, err: isPaymentError(error) ? error.message : String(error) },
      `setup card verification could not be cancelled: tried again by the next sync, at most ${MAX_GIVE_BACK_TRIES} times; or cancel it from the dashboard`,
    );
    await askForNextTry(ctx, transaction.reference, SETUP_VERIFICATION_KEY);
  }
}
