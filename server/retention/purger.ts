/**
 * The retention pass (docs/deploy.md, "What is kept how long"): a background loop that, hourly,
 *
 * - deletes webhook events delivered more than EVENT_RETENTION_DAYS ago, with their delivery
 *   attempts (issue 17: the outbox is a delivery queue, not an archive; pending and failed events
 *   stay until delivered);
 * - folds, in payments in a final state created more than FEEDBACK_LOG_RETENTION_DAYS ago, the
 *   feedback rows that changed nothing and repeat the applied row's parameters through the return
 *   URL's other caller — the browser's copy of what Ogone's server sent, logged as a row of its
 *   own by releases before migration 0013 (this one counts it on the applied row as it arrives,
 *   docs/ogone-protocol.md §5): deleted, and counted on the applied row, which stays the evidence;
 * - removes the personal data of payments created more than RETENTION_DAYS ago (issue 13) — the
 *   customer's name, e-mail, address and phone on the session (its id stays), the card holder's
 *   name on the payment and in its webhook events, and CN, EMAIL and IP in its feedback log.
 *
 * Amounts, states, references and the masked card number stay, so accounting and reconciliation
 * still work. Started and closed with the server like the reconciler. Each step works in short
 * batches and is idempotent, so several instances may run it at once. A pass after the first
 * walks only the payments that aged since the previous one (a day of overlap); a restart walks
 * them all once. Closing stops a pass between two batches (docs/deploy.md §10): the first pass
 * after an upgrade may take half an hour, and the stop waited for its end, past serve's deadline
 * (exit 1, the database left open; review r1699). A pass cut short loses nothing: the next one,
 * or the next start's, walks what it left.
 */
import type { Clock } from '../clock.ts';
import type { StructuredLogger } from '../logger.ts';
import type { HistoryPrune, PersonalDataPurge, Repository } from '../repository/types.ts';
import { IDEMPOTENCY_KEY_TTL_MS } from '../repository/idempotency.ts';
import { RETENTION_DEFAULTS } from './policy.ts';

export const DAY_MS = 86_400_000;
/** How often a pass runs (the first one a few seconds after the start). */
export const RETENTION_INTERVAL_MS = 3_600_000;
const FIRST_PASS_DELAY_MS = 5_000;
/** How long a 3-D Secure challenge page is kept (docs/deploy.md §10). */
export const CHALLENGE_KEPT_MS = DAY_MS;

export interface RetentionPurger {
  start(): void;
  /** One pass now (waits for one already running); what it removed of personal data (its deletions are logged). */
  runOnce(): Promise<PersonalDataPurge>;
  close(): Promise<void>;
}

export function createRetentionPurger(options: {
  repository: Repository;
  clock: Clock;
  retentionDays: number;
  /** EVENT_RETENTION_DAYS and FEEDBACK_LOG_RETENTION_DAYS; their defaults when not given. */
  eventRetentionDays?: number | undefined;
  feedbackLogRetentionDays?: number | undefined;
  intervalMs?: number;
  logger: Pick<StructuredLogger, 'info' | 'warn'>;
}): RetentionPurger {
  const intervalMs = options.intervalMs ?? RETENTION_INTERVAL_MS;
  let timer: NodeJS.Timeout | undefined;
  let first: NodeJS.Timeout | undefined;
  let running: Promise<PersonalDataPurge> | undefined;
  // Aborted by close(): checked by the repository between batches, and here between steps.
  const stopping = new AbortController();
  const signal = stopping.signal;
  const nothing: PersonalDataPurge = { sessions: 0, transactions: 0, feedback: 0, events: 0 };

  const eventRetentionDays = options.eventRetentionDays ?? RETENTION_DEFAULTS.eventRetentionDays;
  const feedbackLogRetentionDays = options.feedbackLogRetentionDays ?? RETENTION_DEFAULTS.feedbackLogRetentionDays;
  // The previous pass's limits: payments created before them were already done.
  let done: { personal: number; feedback: number } | undefined;
  const daysBefore = (now: number, days: number) => new Date(now - days * DAY_MS).toISOString();

  async function pass(): Promise<PersonalDataPurge> {
    const now = options.clock.now().getTime();
    const since = (limit: number | undefined) => (limit === undefined ? {} : { createdAfter: new Date(limit - DAY_MS).toISOString() });
    const eventsDeliveredBefore = daysBefore(now, eventRetentionDays);
    const feedbackBefore = daysBefore(now, feedbackLogRetentionDays);
    const pruned: HistoryPrune = await options.repository.pruneHistory({
      eventsDeliveredBefore,
      feedbackBefore,
      ...since(done?.feedback),
      signal,
    });
    if (pruned.events + pruned.attempts + pruned.feedback > 0) {
      options.logger.info(
        { ...pruned, eventsDeliveredBefore, feedbackBefore, eventRetentionDays, feedbackLogRetentionDays },
        "delivered webhook events deleted and earlier releases' feedback copies folded (EVENT_RETENTION_DAYS, FEEDBACK_LOG_RETENTION_DAYS)",
      );
    }
    // Idempotency keys answer retries for a day (IDEMPOTENCY_KEY_TTL_MS); their stored answers
    // hold customers' names and e-mails, which must not outlive that, nor RETENTION_DAYS.
    const keysBefore = new Date(now - IDEMPOTENCY_KEY_TTL_MS).toISOString();
    if (signal.aborted) return stopped(nothing);
    const keys = await options.repository.pruneIdempotencyKeys(keysBefore, signal);
    if (keys > 0) options.logger.info({ keys, keysBefore }, 'idempotency keys older than a day deleted with their stored answers');
    // A 3-D Secure challenge page (the issuer's form the platform answered) serves while its
    // payment waits on it — its claim, ten minutes — and is gone (410) after: a day is plenty.
    const challengesBefore = new Date(now - CHALLENGE_KEPT_MS).toISOString();
    if (signal.aborted) return stopped(nothing);
    const challenges = await options.repository.pruneChallenges(challengesBefore, signal);
    if (challenges > 0) options.logger.info({ challenges, challengesBefore }, '3-D Secure challenge pages older than a day deleted');
    const createdBefore = daysBefore(now, options.retentionDays);
    if (signal.aborted) return stopped(nothing);
    const purged = await options.repository.purgePersonalData({ createdBefore, ...since(done?.personal), signal });
    if (purged.sessions + purged.transactions + purged.feedback + purged.events > 0) {
      options.logger.info(
        { ...purged, createdBefore, retentionDays: options.retentionDays },
        'personal data of old payments removed (RETENTION_DAYS)',
      );
    }
    // Not marked done when stopped: what it left is walked again.
    if (signal.aborted) return stopped(purged);
    done = { personal: now - options.retentionDays * DAY_MS, feedback: now - feedbackLogRetentionDays * DAY_MS };
    return purged;
  }

  function stopped(purged: PersonalDataPurge): PersonalDataPurge {
    options.logger.info({}, 'retention pass stopped by the shutdown; the next start walks what it left');
    return purged;
  }

  const run = () => {
    running ??= pass()
      .catch((error: unknown) => {
        options.logger.warn(
          { error: error instanceof Error ? error.message : String(error) },
          'retention pass failed; retried at the next one',
        );
        return nothing;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  return {
    start() {
      if (timer || intervalMs <= 0) return;
      first = setTimeout(() => void run(), Math.min(FIRST_PASS_DELAY_MS, intervalMs));
      first.unref();
      timer = setInterval(() => void run(), intervalMs);
      timer.unref();
    },
    async runOnce() {
      while (running) await running;
      return run();
    },
    async close() {
      stopping.abort();
      if (first) clearTimeout(first);
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
