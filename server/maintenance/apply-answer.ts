/**
 * A DirectLink answer about a whole payment (new order, query without PAYIDSUB) applied the way a
 * feedback is: the same decision (`decideFeedback`, amount and currency checked, a state machine
 * that never goes back, events in the outbox), logged with channel `query`.
 */
import { toFeedbackAmount } from '../../shared/money.ts';
import type { AppContext } from '../app-context.ts';
import type { DirectLinkResult } from '../directlink/response.ts';
import { reviewInBackground } from '../payments/duplicates.ts';
import { decideFeedback } from '../payments/feedback.ts';
import type { MaintenancePatch, TransactionRecord } from '../repository/types.ts';
import { withOperations } from './feedback.ts';
import { OPEN_STATUSES } from './ledger.ts';

/** The answer's fields with the names a feedback uses. */
export function answerParams(reference: string, result: DirectLinkResult, fallback: { amount: number; currency: string }): Record<string, string> {
  const currency = result.currency ?? fallback.currency;
  const params: Record<string, string> = {
    ORDERID: reference,
    STATUS: String(result.status),
    AMOUNT: toFeedbackAmount(result.amountMinor ?? fallback.amount, currency),
    CURRENCY: currency,
    NCERROR: result.ncError,
  };
  const optional: Array<[string, string | undefined]> = [
    ['PAYID', result.payId], ['PM', result.pm], ['BRAND', result.brand], ['CARDNO', result.cardNumber], ['ALIAS', result.alias], ['ACCEPTANCE', result.acceptance],
  ];
  for (const [name, value] of optional) if (value) params[name] = value;
  return params;
}

export async function applyAnswer(
  ctx: AppContext,
  reference: string,
  result: DirectLinkResult,
  options: { operationUpdates?: ReadonlyMap<string, MaintenancePatch>; keepSyncNeeded?: boolean } = {},
): Promise<TransactionRecord | undefined> {
  const outcome = await ctx.repository.mutateTransaction(reference, (current, session, operations) => {
    const params = answerParams(reference, result, current);
    const decision = withOperations(
      decideFeedback(current, session, { params, status: result.status, channel: 'query' }),
      current, session, operations, result.status, options.operationUpdates,
    );
    const open = operations.some((op) => OPEN_STATUSES.has(options.operationUpdates?.get(op.id)?.status ?? op.status));
    const syncNeeded = options.keepSyncNeeded === true || open;
    if (syncNeeded !== (current.syncNeeded ?? false)) decision.patch = { ...decision.patch, syncNeeded };
    return decision;
  });
  if (outcome && outcome.events.length > 0) ctx.webhooks.nudge();
  // A query can reveal a second paid payment of the session too (docs/ogone-protocol.md §13).
  if (outcome && outcome.after.state !== outcome.before.state) reviewInBackground(ctx, outcome.after);
  if (outcome) {
    ctx.logger.info(
      { reference, status: result.status, ncError: result.ncError, state: outcome.after.state, events: outcome.events.map((e) => e.type) },
      'directlink answer applied',
    );
  }
  return outcome?.after;
}
