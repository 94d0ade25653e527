/** RETENTION_DAYS: personal data leaves old payments; amounts, states and references stay. */

/** What one retention pass removed (counts of rows changed). */
export interface PersonalDataPurge {
  sessions: number;
  transactions: number;
  feedback: number;
  /** Webhook events of those payments whose card holder's name was removed. */
  events: number;
}

export interface PersonalDataStore {
  /**
   * Removes the customer's name, e-mail, address and phone (sessions keep only the customer id),
   * the card holder's name (payment and its webhook events) and the feedback log's CN, EMAIL and
   * IP of payments created before `createdBefore`. Works in batches of `batch` rows; safe to run
   * from several instances at once.
   */
  purgePersonalData(options: { createdBefore: string; batch?: number }): Promise<PersonalDataPurge>;
}
