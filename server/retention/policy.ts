/**
 * What the server keeps how long (docs/deploy.md, "What is kept how long"): the defaults of the
 * three retention settings, as the settings table (config/settings.ts) defines them, so the
 * purger, the benchmark and the documentation apply one set of numbers.
 */
import { wholeRange } from '../config/settings.ts';

export interface RetentionPolicy {
  /** RETENTION_DAYS: personal data of payments created longer ago is removed. */
  retentionDays: number;
  /** EVENT_RETENTION_DAYS: webhook events delivered longer ago are deleted with their attempts. */
  eventRetentionDays: number;
  /**
   * FEEDBACK_LOG_RETENTION_DAYS: in payments created longer ago and in a final state, a feedback
   * row that changed nothing and repeats the applied one through the other caller (written by a
   * release before migration 0013) is folded into the applied row.
   */
  feedbackLogRetentionDays: number;
}

export const RETENTION_DEFAULTS: RetentionPolicy = {
  retentionDays: wholeRange('RETENTION_DAYS').fallback,
  eventRetentionDays: wholeRange('EVENT_RETENTION_DAYS').fallback,
  feedbackLogRetentionDays: wholeRange('FEEDBACK_LOG_RETENTION_DAYS').fallback,
};
