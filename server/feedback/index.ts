/**
 * The feedback module as the rest of the server calls it: a feedback on `/payment/ogone/return`
 * (process.ts: verify.ts → decide.ts → apply.ts), who sent it (channel.ts), and a DirectLink
 * answer about a whole payment applied the same way (apply-answer.ts) — each followed by the
 * review of a changed payment (maintenance/duplicates.ts).
 */
import type { AppContext } from '../app-context.ts';
import type { DirectLinkResult } from '../directlink/response.ts';
import { reviewInBackground } from '../maintenance/duplicates.ts';
import type { TransactionRecord } from '../repository/types.ts';
import { applyAnswer as applyAnswerThen, type AnswerOptions } from './apply-answer.ts';

export { detectChannel, type FeedbackCaller } from './channel.ts';
export { PAID_STATES } from './decide.ts';
export { processFeedback, type FeedbackProcessing } from './process.ts';

/** A DirectLink answer about the whole payment (a new saved-card order), applied like a feedback. */
export function applyAnswer(
  ctx: AppContext,
  reference: string,
  result: DirectLinkResult,
  options: AnswerOptions = {},
): Promise<TransactionRecord | undefined> {
  return applyAnswerThen(ctx, reference, result, reviewInBackground, options);
}
