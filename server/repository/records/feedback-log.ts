/**
 * The feedback log: every feedback a payment received (docs/ogone-protocol.md §5), written in
 * the same database transaction as the change it caused (TransactionDecision.feedback).
 */

/** `query`: a DirectLink query answer applied like a feedback (sync, reconciler). */
export type FeedbackChannel = 'browser' | 'server' | 'query';
export type FeedbackOutcome = 'applied' | 'unchanged' | 'mismatch';

export interface FeedbackLogRecord {
  id: string;
  reference: string;
  receivedAt: string;
  channel: FeedbackChannel;
  status: number | null;
  outcome: FeedbackOutcome;
  params: Record<string, string>;
  /** Exact repeats received after this one (same channel and kept parameters), and the last one's time. */
  repeatCount: number;
  lastReceivedAt: string;
  /**
   * An applied feedback's exact copies through the return URL's other caller (the shopper's
   * browser bringing back what Ogone's server sent, or the reverse): counted here, not logged as
   * rows of their own (docs/ogone-protocol.md §5). Null when none arrived.
   */
  copy: FeedbackCopy | null;
}

export interface FeedbackCopy {
  channel: Exclude<FeedbackChannel, 'query'>;
  /** When the first copy arrived. */
  firstReceivedAt: string;
  count: number;
}

/** The return URL's other caller: where an exact copy of a feedback received through `channel` comes from. */
export function otherCaller(channel: FeedbackChannel): Exclude<FeedbackChannel, 'query'> | undefined {
  return channel === 'server' ? 'browser' : channel === 'browser' ? 'server' : undefined;
}
