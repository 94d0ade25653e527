/**
 * The server's Prometheus metrics (issue 15), on a registry of its own built by the composition
 * root: several servers in one process (the tests) never share a counter, and nothing registers
 * on prom-client's global default registry. Counters are moved by observers handed to the parts
 * that see the event (the HTTP middleware, the repository's one way a payment changes, the
 * webhook dispatcher, the reconciler, SQLite's group commit); gauges about the database are read
 * when Prometheus scrapes, so an idle server runs no query for them.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Reconciler, ReconcilerObserver } from '../reconciler/reconciler.ts';
import type { Repository } from '../repository/types.ts';
import type { WebhookDeliveryObserver } from '../webhooks/dispatcher.ts';
import { requestMetrics } from './request-metrics.ts';

const PREFIX = 'ogone_checkout_';

/** What the scrape-time gauges read: the outbox through the repository, the pool's queue when there is one. */
export interface MetricsSources {
  repository: Pick<Repository, 'outboxBacklog' | 'countNeedingAttention'>;
  /**
   * Whether this instance delivers webhooks (WEBHOOK_URL and WEBHOOK_SECRET set). Without, no
   * event waits for a delivery here — a shop reading GET /api/events instead is healthy — and the
   * outbox gauges read 0, as the reconciler's do without DirectLink.
   */
  deliversWebhooks: boolean;
  /** Callers waiting for a PostgreSQL connection; absent on SQLite (one writer, no pool). */
  poolWaiting?: () => number;
}

export interface Metrics {
  /** The Prometheus text exposition and its content type. */
  render(): Promise<{ body: string; contentType: string }>;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  paymentTransition(from: string, to: string): void;
  /** Handed to the webhook dispatcher. */
  readonly webhooks: WebhookDeliveryObserver;
  /** Handed to the reconciler. */
  readonly reconciler: ReconcilerObserver;
  groupCommitBatch(writes: number): void;
  /** Sets where the database gauges read from, once the database is open. */
  watch(sources: MetricsSources): void;
  /** Sets where the reconciler backlog gauges read from, once the reconciler runs (DirectLink configured). */
  watchReconciler(reconciler: Pick<Reconciler, 'backlog'>): void;
}

/**
 * The reconciler backlog is counted up to this many payments and reported as this number past it
 * ("10000+"): a due count the indexes cannot narrow would otherwise read a whole table per scrape.
 */
export const SYNC_BACKLOG_CAP = 10_001;

// Payment requests answer in milliseconds; DirectLink calls (saved cards, capture) take seconds.
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// Group commit caps a batch at 64 writes (db/group-commit.ts).
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64];

/** How long a scrape waits for a gauge read from the database. */
const DATABASE_READ_TIMEOUT_MS = 2_000;

/**
 * A gauge's database read, or undefined when the database does not answer in time or fails: the
 * gauge keeps its last value and the scrape still answers. One failed read answered the whole
 * scrape 500, and a pool exhausted made it outlast Prometheus's timeout, hiding the process and
 * pool gauges exactly when they explain the outage (review r1200).
 */
function fromDatabase<T>(read: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), DATABASE_READ_TIMEOUT_MS);
    timer.unref();
  });
  return Promise.race([read.catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  // Process metrics (CPU, memory, event-loop lag, GC) on this registry, prefixed like ours.
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  let sources: MetricsSources | undefined;
  let reconcilerSource: Pick<Reconciler, 'backlog'> | undefined;
  // One query per scrape feeds both reconciler backlog gauges, as for the outbox.
  let syncBacklog: Promise<{ due: number; oldestDueUpdatedAt: string | null } | undefined> | undefined;
  const readSyncBacklog = () => {
    syncBacklog ??= fromDatabase(
      reconcilerSource?.backlog(SYNC_BACKLOG_CAP) ?? Promise.resolve({ due: 0, oldestDueUpdatedAt: null }),
    ).finally(() => {
      setImmediate(() => (syncBacklog = undefined));
    });
    return syncBacklog;
  };
  // One backlog query per scrape feeds both outbox gauges.
  let backlog: Promise<{ pending: number; oldestPendingCreatedAt: string | null } | undefined> | undefined;
  const readBacklog = () => {
    backlog ??= fromDatabase(
      sources?.deliversWebhooks ? sources.repository.outboxBacklog() : Promise.resolve({ pending: 0, oldestPendingCreatedAt: null }),
    ).finally(() => {
      setImmediate(() => (backlog = undefined));
    });
    return backlog;
  };

  // The per-request pair, observed on every answer: kept outside prom-client's label hashing
  // (request-metrics.ts), printed as its Counter and Histogram would be.
  const requests = requestMetrics({
    counterName: `${PREFIX}http_requests_total`,
    counterHelp: 'HTTP requests answered, by method, route pattern (not the raw path) and status',
    histogramName: `${PREFIX}http_request_duration_seconds`,
    histogramHelp: 'Time to answer an HTTP request, by method and route pattern',
    buckets: LATENCY_BUCKETS,
  });
  registry.registerMetric(requests.counter as unknown as Counter);
  registry.registerMetric(requests.histogram as unknown as Histogram);
  const transitions = new Counter({
    name: `${PREFIX}payment_transitions_total`,
    help: 'Payment state changes committed, by previous and new state',
    labelNames: ['from', 'to'] as const,
    registers: [registry],
  });
  new Gauge({
    name: `${PREFIX}webhook_outbox_pending`,
    help: 'Webhook events waiting for delivery (read from the database at scrape time); 0 without WEBHOOK_URL',
    registers: [registry],
    async collect() {
      const read = await readBacklog();
      if (read) this.set(read.pending);
    },
  });
  new Gauge({
    name: `${PREFIX}webhook_outbox_oldest_pending_age_seconds`,
    help: 'Age of the oldest webhook event still waiting for delivery; 0 when none waits, or without WEBHOOK_URL',
    registers: [registry],
    async collect() {
      const read = await readBacklog();
      if (read) this.set(read.oldestPendingCreatedAt ? Math.max(0, (Date.now() - Date.parse(read.oldestPendingCreatedAt)) / 1000) : 0);
    },
  });
  const deliveryFailures = new Counter({
    name: `${PREFIX}webhook_delivery_failures_total`,
    help: 'Failed webhook deliveries: retry (will be tried again) or abandoned (retry window over)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const deliveries = new Counter({
    name: `${PREFIX}webhook_deliveries_total`,
    help: 'Webhook events delivered (2xx from WEBHOOK_URL)',
    registers: [registry],
  });
  const reconcilerQueries = new Counter({
    name: `${PREFIX}reconciler_queries_total`,
    help: 'DirectLink status queries made by the reconciler, by result',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const needsAttention = new Counter({
    name: `${PREFIX}reconciler_needs_attention_total`,
    help: 'Payments the reconciler stopped querying and flagged needsAttention',
    registers: [registry],
  });
  new Gauge({
    name: `${PREFIX}payments_needing_attention`,
    help: 'Payments flagged needsAttention (the reconciler gave up on them), now (read from the database at scrape time)',
    registers: [registry],
    async collect() {
      const count = sources ? await fromDatabase(sources.repository.countNeedingAttention()) : 0;
      if (count !== undefined) this.set(count);
    },
  });
  new Gauge({
    name: `${PREFIX}reconciler_due_payments`,
    help: `Payments the reconciler would query now (its own criteria), counted up to ${SYNC_BACKLOG_CAP} (meaning "${SYNC_BACKLOG_CAP - 1}+"); 0 without DirectLink`,
    registers: [registry],
    async collect() {
      const read = await readSyncBacklog();
      if (read) this.set(read.due);
    },
  });
  new Gauge({
    name: `${PREFIX}reconciler_oldest_due_age_seconds`,
    help: 'Time since the due payment the reconciler would query first last changed; 0 when none is due',
    registers: [registry],
    async collect() {
      const read = await readSyncBacklog();
      if (read) this.set(read.oldestDueUpdatedAt ? Math.max(0, (Date.now() - Date.parse(read.oldestDueUpdatedAt)) / 1000) : 0);
    },
  });
  const batches = new Histogram({
    name: `${PREFIX}db_group_commit_batch_writes`,
    help: 'Writes per SQLite group-commit batch (one fsync each); absent on PostgreSQL',
    buckets: BATCH_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: `${PREFIX}db_pool_waiting`,
    help: 'Queries waiting for a PostgreSQL pool connection; always 0 on SQLite (no pool)',
    registers: [registry],
    collect() {
      this.set(sources?.poolWaiting?.() ?? 0);
    },
  });

  return {
    async render() {
      return { body: await registry.metrics(), contentType: registry.contentType };
    },
    observeRequest: requests.observe,
    paymentTransition: (from, to) => transitions.inc({ from, to }),
    webhooks: {
      delivered: () => deliveries.inc(),
      failed: (outcome) => deliveryFailures.inc({ outcome }),
    },
    reconciler: {
      query: (result) => reconcilerQueries.inc({ result }),
      needsAttention: () => needsAttention.inc(),
    },
    groupCommitBatch: (writes) => batches.observe(writes),
    watch(next) {
      sources = next;
    },
    watchReconciler(next) {
      reconcilerSource = next;
    },
  };
}
