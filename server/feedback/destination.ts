/**
 * Where the shopper's browser goes once its feedback is processed: the shop's success URL for a
 * paid payment, its failure URL for one that ended unpaid, with `?reference=` (payments/shop-urls.ts);
 * our status page otherwise — and always after an amount or currency mismatch, which a person
 * must look at before the shop says "paid".
 */
import type { AppContext } from '../app-context.ts';
import { PAID_STATES } from '../domain/payment-states.ts';
import { setupDestination } from '../payments/setup-destination.ts';
import { withReference } from '../payments/shop-urls.ts';
import type { TransactionRecord } from '../repository/types.ts';

export async function shopperDestination(
  ctx: Pick<AppContext, 'repository'>,
  transaction: TransactionRecord,
  mismatch: boolean,
  statusPage: string,
): Promise<string> {
  if (mismatch || transaction.amountMismatch) return statusPage;
  const session = await ctx.repository.getSession(transaction.sessionId);
  if (session?.mode === 'setup') {
    const ended = ['declined', 'cancelled', 'error'].includes(transaction.state);
    return setupDestination(
      session,
      transaction.reference,
      session.status === 'paid' ? 'saved' : ended ? 'not_saved' : 'pending',
      statusPage,
    );
  }
  if (PAID_STATES.has(transaction.state) && session?.successUrl) return withReference(session.successUrl, transaction.reference);
  if (['declined', 'cancelled', 'error'].includes(transaction.state) && session?.failureUrl) {
    return withReference(session.failureUrl, transaction.reference);
  }
  return statusPage;
}
