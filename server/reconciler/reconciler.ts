/**
 * The background reconciler: every `intervalMs`, claims the payments left pending or uncertain
 * (last STATUS 41, 46, 50–52, 91, 92, 99 — and those whose DirectLink call got no answer or whose
 * capture / refund / cancel is in flight) for longer than `afterMs`, and queries each once.
 * Claims are leased in the database (FOR UPDATE SKIP LOCKED on PostgreSQL), so several instances
 * split the work and a payment is queried once per round whichever instance takes it.
 */
import type { Clock } from '../clock.ts';
import type { Repository } from '../repository/types.ts';

/** Statuses worth a query (issue 6; DirectLink guide §3.3 and §4.3). */
export const RECONCILE_STATUSES: readonly number[] = [41, 46, 50, 51, 52, 91, 92, 99, 81, 82, 61, 62];

export interface ReconcilerLogger {
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
}

export interface ReconcilerOptions {
  repository: Repository;
  sync: (reference: string) => Promise<unknown>;
  clock: Clock;
  intervalMs: number;
  afterMs: number;
  /** Payments per round (default 50). */
  batch?: number;
  /** How long a claim holds (default: the interval, so once per round). */
  leaseMs?: number;
  logger: ReconcilerLogger;
}

export interface Reconciler {
  start(): void;
  /** One round now; resolves with the references queried. */
  runOnce(): Promise<string[]>;
  close(): Promise<void>;
}

export function createReconciler(options: ReconcilerOptions): Reconciler {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<string[]> | undefined;
  let closed = false;

  async function round(): Promise<string[]> {
    const now = options.clock.now().getTime();
    const references = await options.repository.claimForSync({
      statuses: RECONCILE_STATUSES,
      changedBefore: new Date(now - options.afterMs).toISOString(),
      limit: options.batch ?? 50,
      leaseMs: options.leaseMs ?? Math.max(options.intervalMs, 1000),
    });
    for (const reference of references) {
      if (closed) break;
      try {
        await options.sync(reference);
      } catch (error) {
        // One payment's trouble (platform unreachable…) must not stop the round.
        options.logger.warn({ reference, error: error instanceof Error ? error.message : String(error) }, 'reconciliation query failed');
      }
    }
    if (references.length > 0) options.logger.info({ count: references.length }, 'reconciliation round');
    return references;
  }

  const reconciler: Reconciler = {
    start() {
      if (timer || options.intervalMs <= 0) return;
      timer = setInterval(() => {
        if (running) return;
        running = round()
          .catch((error: unknown) => {
            options.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'reconciliation round failed');
            return [];
          })
          .finally(() => {
            running = undefined;
          });
      }, options.intervalMs);
      timer.unref();
    },
    async runOnce() {
      while (running) await running;
      running = round();
      try {
        return await running;
      } finally {
        running = undefined;
      }
    },
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      if (running) await running.catch(() => []);
    },
  };
  return reconciler;
}
