/**
 * Step 3 of a feedback: the decision (with-operations.ts) taken and persisted under the row lock,
 * in one database transaction — the transaction's patch, the feedback log row (or the repeat
 * counted on it, log.ts), the webhook events in the outbox, the saved card, the session marked
 * paid (repository.mutateTransaction). Two copies of one feedback are serialised by that lock,
 * so the second sees the first's state and changes nothing.
 */
import type { AppContext } from '../app-context.ts';
import type { FeedbackCaller } from './channel.ts';
import { decideWithOperations } from './with-operations.ts';

export interface VerifiedFeedback {
  params: Readonly<Record<string, string>>;
  reference: string;
  status: number;
}

/** Undefined when no transaction has this reference. */
export function applyFeedback(ctx: Pick<AppContext, 'repository'>, feedback: VerifiedFeedback, channel: FeedbackCaller) {
  const { params, reference, status } = feedback;
  return ctx.repository.mutateTransaction(reference, (current, session, operations) =>
    decideWithOperations(current, session, operations, { params, status, channel }),
  );
}
