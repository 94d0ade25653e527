/**
 * Retention (issue 13 "Bounded storage", issue 17 "bytes per payment"): personal data leaves old
 * payments, and the history nobody needs any more leaves the database; amounts, states and
 * references stay.
 */

/** What one retention pass removed (counts of rows changed). */
export interface PersonalDataPurge {
  sessions: number;
  /** Payments whose card holder's name or e-mail copied for search was removed. */
  transactions: number;
  feedback: number;
  /** Webhook events of those payments whose card holder's name was removed. */
  events: number;
}

/** What one history prune deleted (counts of rows). */
export interface HistoryPrune {
  /** Delivered webhook events, with their delivery attempts. */
  events: number;
  attempts: number;
  /** Feedback log rows that repeated, through the browser, what the server's feedback logged. */
  feedback: number;
}

export interface PersonalDataStore {
  /**
   * Removes the customer's name, e-mail, address and phone (sessions keep only the customer id),
   * the card holder's name (payment and its webhook events) and the feedback log's CN, EMAIL and
   * IP of payments created before `createdBefore` (and at or after `createdAfter`, when a previous
   * pass already did the older ones). Works in batches of `batch` rows (500), each its own short
   * statement; safe to run from several instances at once. Once `signal` is aborted (the server
   * stopping) no further batch starts: what was done is counted, the rest is left for a later pass.
   */
  purgePersonalData(options: {
    createdBefore: string;
    createdAfter?: string;
    batch?: number;
    signal?: AbortSignal;
  }): Promise<PersonalDataPurge>;
  /**
   * Deletes webhook events delivered before `eventsDeliveredBefore` (and their attempts), and the
   * feedback log rows that changed nothing and repeat an applied row of the same payment
   * (same kept parameters), last received before `feedbackBefore`, of payments in a final state
   * created at or after `createdAfter` (when given). Batches of `batch` rows (100), concurrency
   * and `signal` as above.
   */
  pruneHistory(options: {
    eventsDeliveredBefore: string;
    feedbackBefore: string;
    createdAfter?: string;
    batch?: number;
    signal?: AbortSignal;
  }): Promise<HistoryPrune>;
}
