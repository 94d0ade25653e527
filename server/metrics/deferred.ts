/**
 * The metrics, with prom-client loaded after the server listens rather than before: requiring it
 * (CommonJS, and its default process collectors) was a sixth of the cold start (issue 17). Until
 * the registry exists, observations wait in a bounded queue and are replayed in their order, so
 * nothing counted while starting is lost; a scrape waits for the registry.
 */
import type { Metrics } from './metrics.ts';

/** Far more than a start-up's observations; past it, the oldest are kept and the rest dropped. */
const QUEUE_LIMIT = 10_000;

export interface DeferredMetrics extends Metrics {
  /** Builds the registry (once) and replays what was observed meanwhile. */
  load(): Promise<Metrics>;
}

export function deferredMetrics(create: () => Promise<Metrics>): DeferredMetrics {
  let real: Metrics | undefined;
  let loading: Promise<Metrics> | undefined;
  let queue: Array<(metrics: Metrics) => void> = [];
  const call = (observe: (metrics: Metrics) => void): void => {
    if (real) observe(real);
    else if (queue.length < QUEUE_LIMIT) queue.push(observe);
  };
  const load = (): Promise<Metrics> => {
    loading ??= create().then((metrics) => {
      for (const observe of queue) observe(metrics);
      queue = [];
      real = metrics;
      return metrics;
    });
    return loading;
  };
  return {
    load,
    async render() {
      return (await load()).render();
    },
    // Once per answer: no closure is made once the registry exists.
    observeRequest: (method, route, status, seconds) => {
      if (real) real.observeRequest(method, route, status, seconds);
      else call((m) => m.observeRequest(method, route, status, seconds));
    },
    paymentTransition: (from, to) => call((m) => m.paymentTransition(from, to)),
    webhooks: {
      delivered: () => call((m) => m.webhooks.delivered()),
      failed: (outcome) => call((m) => m.webhooks.failed(outcome)),
    },
    reconciler: {
      query: (result) => call((m) => m.reconciler.query(result)),
      needsAttention: () => call((m) => m.reconciler.needsAttention()),
    },
    groupCommitBatch: (writes) => call((m) => m.groupCommitBatch(writes)),
    watch: (sources) => call((m) => m.watch(sources)),
    watchReconciler: (reconciler) => call((m) => m.watchReconciler(reconciler)),
  };
}
