/**
 * The background reconciler (docs/ogone-protocol.md §9): every `intervalMs`, claims the payments
 * whose last STATUS is unresolved (`UNRESOLVED_STATUSES` of shared/status.ts — the one list),
 * those whose DirectLink call got no answer or whose capture / refund / cancel is in flight or
 * uncertain, for longer than `afterMs`, and the attempts still in draft `draftAfterMs` after the
 * shopper left for the hosted page — and queries each once. Claims are leased in the database
 * (FOR UPDATE SKIP LOCKED on PostgreSQL), so several instances split the work and a payment is
 * queried once per round whichever instance takes it.
 *
 * Ogone forbids systematic queries (DirectLink guide §5.4): a payment older than `maxAgeMs` is
 * no longer queried; it is flagged `needsAttention` once, with a `payment.needs_attention` event.
 */
import { MAX_SESSION_SECONDS } from '../../shared/schemas/api.ts';
import { UNRESOLVED_STATUSES } from '../../shared/status.ts';
import { CLOCK_SKEW_TOLERANCE_MS, type Clock } from '../clock.ts';
import type { StructuredLogger } from '../logger.ts';
import type { Repository } from '../repository/types.ts';
import { awaitsPlatform } from '../repository/sync-claims.ts';
import { flagNeedsAttention } from './attention.ts';

const DEFAULT_DRAFT_AFTER_MS = 600_000;
/**
 * How long one query may take, at most: the DirectLink client gives a query 10 s (DirectLink guide
 * §5.4, docs/ogone-protocol.md §9), and a loaded instance some more. A sync sends several (the
 * head, then a level per operation in flight or untied history level, maintenance/sync.ts): the
 * claim is renewed for this long before each (`beforeQuery`), so it lasts as long as the sync
 * still asks — a claim of one query's time lapsed under a sync of three slow ones, and another
 * instance queried the payment again meanwhile — while an instance that dies mid-round holds its
 * claims no longer than this.
 */
const QUERY_BUDGET_MS = 15_000;

/** What a claim holds beyond the round: a query's time, and the clocks' allowed difference. */
const CLAIM_MARGIN_MS = QUERY_BUDGET_MS + CLOCK_SKEW_TOLERANCE_MS;
const DEFAULT_MAX_AGE_MS = 30 * 86_400_000;

export interface ReconcilerOptions {
  repository: Repository;
  /**
   * One payment's sync; `beforeQuery` before each query it sends (the claim's renewal); `stop`
   * aborted at close, which cuts its queries (a cut query throws, and nothing is applied).
   */
  sync: (reference: string, beforeQuery: () => Promise<void>, stop: AbortSignal) => Promise<unknown>;
  clock: Clock;
  intervalMs: number;
  afterMs: number;
  /** Drafts older than this are queried too (default 10 minutes). */
  draftAfterMs?: number;
  /** Payments older than this are flagged instead of queried (default 30 days). */
  maxAgeMs?: number;
  /** Payments per round (default 50). */
  batch?: number;
  /** How long a claim holds (default: the interval, so once per round). */
  leaseMs?: number;
  /**
   * The clocks' allowed difference added to the lease written back after a query (default
   * CLOCK_SKEW_TOLERANCE_MS: review r1475). An instance started again has lost its hand-back and
   * waits it out; tests of a restart within seconds set 0.
   */
  clockSkewToleranceMs?: number;
  logger: Pick<StructuredLogger, 'info' | 'warn'>;
  /** Told each query's result and each payment flagged (the metrics); nothing when absent. */
  observer?: ReconcilerObserver;
}

export interface ReconcilerObserver {
  query(result: 'ok' | 'failed'): void;
  needsAttention(): void;
}

export interface Reconciler {
  start(): void;
  /** One round now; resolves with the references queried. */
  runOnce(): Promise<string[]>;
  close(): Promise<void>;
  /**
   * The payments a round would claim now (the same criteria), counted up to `limit`, and the
   * last change of the one it would query first (the metrics).
   */
  backlog(limit: number): Promise<{ due: number; oldestDueUpdatedAt: string | null }>;
}

export function createReconciler(options: ReconcilerOptions): Reconciler {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<string[]> | undefined;
  let closed = false;
  // Aborted by close(): the sync in progress is cut rather than run to its end, each of its
  // queries up to the 10 s query timeout, past serve's stop deadline (review r1735), as the alias
  // deleter cuts its DELALIAS (review r1697). A cut query is no answer: the payment stays due.
  const stopping = new AbortController();
  /**
   * The leases this instance wrote back after its queries, by reference: the lease and when it
   * was written. Written back, a lease adds the clocks' allowed difference, so that
   * an instance whose clock is ahead does not read it as lapsed early and ask again within the
   * round (review r1475); this instance hands its own back a round later (`handBackOwnLeases`)
   * and keeps its once-a-round pace.
   */
  const ownLeases = new Map<string, { until: string; writtenAt: number }>();
  const skewMs = options.clockSkewToleranceMs ?? CLOCK_SKEW_TOLERANCE_MS;

  /** What a round at `now` queries (the candidates) and the creation date before which it flags instead. */
  function criteria(now: number) {
    const maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    return {
      candidates: {
        statuses: UNRESOLVED_STATUSES,
        changedBefore: new Date(now - options.afterMs).toISOString(),
        draftsCreatedBefore: new Date(now - (options.draftAfterMs ?? DEFAULT_DRAFT_AFTER_MS)).toISOString(),
        // A draft may be paid until its session expires, up to MAX_SESSION_SECONDS after it was
        // made: its maximum age counts from there. Before, the draft of a 30-day session was
        // flagged for a person at its expiry instead of being asked about once and expired. The
        // extra window costs no query: an unknown draft waits for its session's expiry (deferSync).
        // A try refused on the page, asked about again until then, likewise (review r1477).
        draftsOldest: new Date(now - maxAgeMs - MAX_SESSION_SECONDS * 1000).toISOString(),
      },
      oldest: new Date(now - maxAgeMs).toISOString(),
    };
  }

  // A lease's renewal is bookkeeping: its failure is logged, never stops the round. `until`: the
  // lease as this instance last wrote it; the renewal's answer is the new one (undefined: not ours).
  const renewLease = (reference: string, ms: number, failure: string, until: string | undefined) =>
    until === undefined
      ? Promise.resolve(undefined)
      : options.repository.renewSyncLease(reference, ms, until).catch((error: unknown) => {
          options.logger.warn({ reference, error: error instanceof Error ? error.message : String(error) }, failure);
          return undefined;
        });

  /**
   * This instance's leases written about a round ago, handed back (each only if still the one it
   * wrote: never a deferral the sync wrote since) so that this round's claim may take them: a
   * payment due is then asked once a round by this instance, and never earlier by another. "About":
   * a query answered a few seconds into its round is due again at the next round's start, not one
   * round after the next; one answered later in its round (a long round, a slow platform) waits a
   * round more rather than be asked twice within moments. A lease already lapsed is everyone's to
   * claim; it is forgotten.
   */
  async function handBackOwnLeases(now: number, leaseMs: number) {
    const slack = Math.min(QUERY_BUDGET_MS, leaseMs / 2);
    for (const [reference, lease] of [...ownLeases]) {
      if (Date.parse(lease.until) <= now) ownLeases.delete(reference);
      else if (now >= lease.writtenAt + leaseMs - slack) {
        ownLeases.delete(reference);
        await renewLease(reference, 0, 'reconciliation lease not released', lease.until);
      }
    }
  }

  async function round(): Promise<string[]> {
    const now = options.clock.now().getTime();
    const limit = options.batch ?? 50;
    const { candidates, oldest } = criteria(now);
    for (const reference of await options.repository.listTooOldForSync({ ...candidates, createdBefore: oldest, limit })) {
      if (closed) break;
      if (await flagNeedsAttention(options.repository, reference)) {
        options.observer?.needsAttention();
        options.logger.warn({ reference }, 'reconciliation stopped: payment still unresolved after the maximum age; needs attention');
      }
    }
    const leaseMs = options.leaseMs ?? Math.max(options.intervalMs, 1000);
    await handBackOwnLeases(now, leaseMs);
    // Closed meanwhile: nothing more is claimed.
    if (closed) return [];
    // The claim outlasts the round by a query's time, so that a query still in flight when the
    // round's time is up is never claimed and sent again by another instance, and by the clocks'
    // allowed difference, read as it is by instances whose clocks are ahead (clock.ts; review
    // r1270: one 90 s ahead took over the last payments of a busy round); each payment's lease is
    // brought back to `leaseMs` once its query is done. The claim's end is named exactly in each
    // renewal: only the lease this round wrote is renewed, never one the sync wrote meanwhile (a
    // deferral, whatever its end; review r1281).
    const claimedUntil = new Date(options.clock.now().getTime() + leaseMs + CLAIM_MARGIN_MS).toISOString();
    const references = await options.repository.claimForSync({
      ...candidates,
      createdAfter: oldest,
      limit,
      leaseMs: leaseMs + CLAIM_MARGIN_MS,
      leaseUntil: claimedUntil,
    });
    const leaseEnds = now + leaseMs;
    const queried: string[] = [];
    /** How many of `references` were taken up (queried, or cut at close and handed back). */
    let taken = 0;
    for (const reference of references) {
      if (closed) break;
      // Past our lease: leave the rest to the next round (released below) rather than run on.
      if (options.clock.now().getTime() >= leaseEnds) break;
      taken++;
      let until: string | undefined = claimedUntil;
      // Before each query of the sync: the claim for one more query's time (the first one's is
      // the round's own).
      let first = true;
      const beforeQuery = async () => {
        if (first) {
          first = false;
          return;
        }
        // Only a claim ending before this query's own margin is lengthened: renewed, a claim of
        // the round's 5 minutes was cut to one query's (review r1272: another instance took the
        // payment 21 s into a sync still at work).
        if (until === undefined || new Date(options.clock.now().getTime() + CLAIM_MARGIN_MS).toISOString() <= until) return;
        until = await renewLease(reference, CLAIM_MARGIN_MS, 'reconciliation lease not renewed', until);
      };
      try {
        // Settled since the round claimed it (its feedback came meanwhile): nothing to ask
        // (DirectLink guide §5.4: no systematic queries; review r1476).
        const current = await options.repository.getTransaction(reference);
        if (!current || awaitsPlatform(current)) {
          await options.sync(reference, beforeQuery, stopping.signal);
          options.observer?.query('ok');
        }
      } catch (error) {
        if (stopping.signal.aborted) {
          // Cut at close: no answer was applied. Handed back at once (the lease this round holds,
          // as last written), so the next round — another instance's, or this one's after the
          // restart — asks again, rather than after the lease of a payment queried.
          await renewLease(reference, 0, 'reconciliation lease not released', until);
          options.logger.info({ reference }, 'reconciliation query cut: the server is stopping; the payment is asked again later');
          break;
        }
        options.observer?.query('failed');
        // One payment's trouble (platform unreachable…) must not stop the round.
        options.logger.warn({ reference, error: error instanceof Error ? error.message : String(error) }, 'reconciliation query failed');
      }
      queried.push(reference);
      const kept = await renewLease(reference, leaseMs + skewMs, 'reconciliation lease not renewed', until);
      if (kept !== undefined) ownLeases.set(reference, { until: kept, writtenAt: Date.parse(kept) - leaseMs - skewMs });
    }
    // The ones the round had no time (or was closed before) to query are handed back at once:
    // their claim would otherwise hold them for the query budget, and nobody — this instance's
    // next round included — could ask about them until it ran out.
    for (const reference of references.slice(taken)) await renewLease(reference, 0, 'reconciliation lease not released', claimedUntil);
    if (queried.length > 0) options.logger.info({ count: queried.length, claimed: references.length }, 'reconciliation round');
    return queried;
  }

  const reconciler: Reconciler = {
    backlog(limit) {
      const { candidates, oldest } = criteria(options.clock.now().getTime());
      return options.repository.syncBacklog({ ...candidates, createdAfter: oldest, limit });
    },
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
      stopping.abort();
      if (timer) clearInterval(timer);
      timer = undefined;
      if (running) await running.catch(() => []);
    },
  };
  return reconciler;
}
