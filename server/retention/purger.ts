/**
 * RETENTION_DAYS (issue 13, "Bounded storage"): a background loop that removes the personal data
 * of payments created more than `retentionDays` ago — the customer's name, e-mail, address and
 * phone on the session (its id stays), the card holder's name on the payment and in its webhook
 * events, and CN, EMAIL and IP in its feedback log (docs/ogone-protocol.md §5). Amounts, states,
 * references and the masked card number stay, so accounting and reconciliation still work.
 * Started and closed with the server like the reconciler; idempotent, so several instances may
 * run it at once.
 */
import type { Clock } from '../clock.ts';
import type { StructuredLogger } from '../logger.ts';
import type { PersonalDataPurge, Repository } from '../repository/types.ts';

export const DAY_MS = 86_400_000;
/** How often a pass runs (the first one a few seconds after the start). */
export const RETENTION_INTERVAL_MS = 3_600_000;
const FIRST_PASS_DELAY_MS = 5_000;

export interface RetentionPurger {
  start(): void;
  /** One pass now (waits for one already running). */
  runOnce(): Promise<PersonalDataPurge>;
  close(): Promise<void>;
}

export function createRetentionPurger(options: {
  repository: Repository;
  clock: Clock;
  retentionDays: number;
  intervalMs?: number;
  logger: Pick<StructuredLogger, 'info' | 'warn'>;
}): RetentionPurger {
  const intervalMs = options.intervalMs ?? RETENTION_INTERVAL_MS;
  let timer: NodeJS.Timeout | undefined;
  let first: NodeJS.Timeout | undefined;
  let running: Promise<PersonalDataPurge> | undefined;
  const nothing: PersonalDataPurge = { sessions: 0, transactions: 0, feedback: 0, events: 0 };

  async function pass(): Promise<PersonalDataPurge> {
    const createdBefore = new Date(options.clock.now().getTime() - options.retentionDays * DAY_MS).toISOString();
    const purged = await options.repository.purgePersonalData({ createdBefore });
    if (purged.sessions + purged.transactions + purged.feedback + purged.events > 0) {
      options.logger.info(
        { ...purged, createdBefore, retentionDays: options.retentionDays },
        'personal data of old payments removed (RETENTION_DAYS)',
      );
    }
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
      if (first) clearTimeout(first);
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
