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
}
