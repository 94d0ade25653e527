/**
 * A DirectLink new order with a saved card (ALIAS alone: Alias Manager guide, "Use"), for the
 * shopper (3-D Secure) and for merchant-initiated charges. The transaction is stored first (the
 * 3-D Secure result comes back through /payment/ogone/return and must find it); the answer is
 * applied like a feedback. No answer: the transaction stays as it was, flagged for the
 * reconciler, and the caller gets a 502/504. A duplicate ORDERID (50001113, a retry of an order
 * the platform already has) is resolved by a query, never charged twice (DirectLink guide §3.4).
 */
import type { AppContext } from '../app-context.ts';
import type { NewOrderRequest } from '../directlink/requests.ts';
import type { DirectLinkResult } from '../directlink/response.ts';
import { isDuplicateOrder } from '../directlink/statuses.ts';
import { callDirectLink, requireDirectLink } from '../maintenance/directlink-failures.ts';
import { applyAnswer, syncTransaction } from '../maintenance/index.ts';
import type { TransactionRecord } from '../repository/types.ts';

export interface OrderOutcome {
  transaction: TransactionRecord;
  answer: DirectLinkResult;
}

export async function sendAliasOrder(ctx: AppContext, reference: string, order: NewOrderRequest): Promise<OrderOutcome> {
  const client = requireDirectLink(ctx);
  const answer = await callDirectLink(
    () => client.newOrder(order),
    async (error) => {
      // The request is over: its send lease (aliases/charge.ts) is let go, so a retry may send it at
      // once — after flagging the draft for the reconciler when the order may have reached the
      // platform (a retry then claims it as a draft whose answer was lost).
      if (error.outcomeUnknown) {
        try {
          await ctx.repository.mutateTransaction(reference, () => ({ patch: { syncNeeded: true }, result: undefined }));
        } catch (cause) {
          // Unflagged, the draft reads as an order that never left: the caller freed the session's
          // claim, and the shopper's retry sent a second order while the first had charged (review
          // r980). Taken for an answer not recorded: the claim and the send lease hold.
          throw new OrderAnswerUnrecorded(reference, cause);
        }
      }
      await ctx.repository.releaseDraftSend(reference);
    },
  );
  if (isDuplicateOrder(answer)) {
    ctx.logger.info({ reference }, 'the platform already has this ORDERID; querying it instead of charging again');
    const synced = await syncTransaction(ctx, reference);
    return { transaction: synced.transaction, answer };
  }
  try {
    const transaction = await applyAnswer(ctx, reference, answer);
    return { transaction: transaction!, answer };
  } catch (error) {
    // The platform answered — it may have charged — but the answer could not be written (the
    // database went away): flagged for the reconciler where the flag can still be written, and
    // never taken by the caller for a failure that charged nothing.
    await ctx.repository.mutateTransaction(reference, () => ({ patch: { syncNeeded: true }, result: undefined })).catch(() => undefined);
    throw new OrderAnswerUnrecorded(reference, error);
  }
}

/** The platform answered a saved-card order, and its answer could not be recorded: it may have charged. */
export class OrderAnswerUnrecorded extends Error {
  constructor(
    readonly reference: string,
    cause: unknown,
  ) {
    super(`the platform's answer to order ${reference} could not be recorded`, { cause });
    this.name = 'OrderAnswerUnrecorded';
  }
}
