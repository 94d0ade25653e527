/**
 * The two metrics every answer moves — `http_requests_total{method,route,status}` and
 * `http_request_duration_seconds{method,route}` — kept in plain per-series records and handed to
 * the registry in prom-client's own shapes (a Counter's and a Histogram's `get()`), so the
 * exposition is the text prom-client's Counter and Histogram print, series in the order they
 * first appeared. Observing is two map look-ups and a few additions: prom-client's `inc` and
 * `observe` build, validate and hash a label object per call, twice per request — the largest
 * part of the metrics' cost on the floor (issue 17).
 * test/server/metrics/request-metrics.test.ts checks the text equals prom-client's.
 */

interface CounterSeries {
  labels: { method: string; route: string; status: string };
  value: number;
}

interface HistogramSeries {
  labels: { method: string; route: string };
  /** Observations per bucket (not cumulative), one slot per upper bound. */
  buckets: number[];
  sum: number;
  count: number;
  /** The counter series of this method and route, by status. */
  statuses: Map<number, CounterSeries>;
}

/** One exposed value, as prom-client's registry reads it. */
interface MetricValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
  sharedLabels?: Record<string, string>;
  /** Always absent here (no exemplars); present as prom-client's values have it. */
  exemplar?: null;
}

/** What the registry asks of a metric (prom-client's Registry#registerMetric / #metrics). */
export interface RegistryMetric {
  name: string;
  help: string;
  type: string;
  aggregator: string;
  get(): Promise<{ name: string; help: string; type: string; values: MetricValue[]; aggregator: string }>;
  getForPromString?(): Promise<{ name: string; help: string; type: string; values: MetricValue[]; aggregator: string }>;
  reset(): void;
}

export interface RequestMetrics {
  observe(method: string, route: string, status: number, seconds: number): void;
  /** The counter and the histogram, to register on a prom-client Registry. */
  readonly counter: RegistryMetric;
  readonly histogram: RegistryMetric;
}

export function requestMetrics(options: {
  counterName: string;
  counterHelp: string;
  histogramName: string;
  histogramHelp: string;
  buckets: readonly number[];
}): RequestMetrics {
  const bounds = [...options.buckets].sort((a, b) => a - b);
  /** By route, then method: no string is built per observation. */
  let byRoute = new Map<string, Map<string, HistogramSeries>>();
  let histogramOrder: HistogramSeries[] = [];
  let counterOrder: CounterSeries[] = [];

  const observe = (method: string, route: string, status: number, seconds: number): void => {
    // prom-client refuses such a value with a TypeError; so do we, before counting anything.
    if (!Number.isFinite(seconds)) throw new TypeError(`Value is not a valid number: ${seconds}`);
    let byMethod = byRoute.get(route);
    if (!byMethod) byRoute.set(route, (byMethod = new Map()));
    let series = byMethod.get(method);
    if (!series) {
      series = { labels: { method, route }, buckets: bounds.map(() => 0), sum: 0, count: 0, statuses: new Map() };
      byMethod.set(method, series);
      histogramOrder.push(series);
    }
    let counted = series.statuses.get(status);
    if (!counted) {
      counted = { labels: { method, route, status: String(status) }, value: 0 };
      series.statuses.set(status, counted);
      counterOrder.push(counted);
    }
    counted.value += 1;
    let bucket = 0;
    while (bucket < bounds.length && seconds > bounds[bucket]!) bucket++;
    if (bucket < bounds.length) series.buckets[bucket]! += 1;
    series.sum += seconds;
    series.count += 1;
  };

  const reset = (): void => {
    byRoute = new Map();
    histogramOrder = [];
    counterOrder = [];
  };

  const counter: RegistryMetric = {
    name: options.counterName,
    help: options.counterHelp,
    type: 'counter',
    aggregator: 'sum',
    async get() {
      return {
        help: this.help,
        name: this.name,
        type: this.type,
        values: counterOrder.map((series) => ({ value: series.value, labels: series.labels })),
        aggregator: this.aggregator,
      };
    },
    reset,
  };

  /** Histogram#getForPromString's values: le in `labels`, the series' labels shared. */
  const histogramValues = (): MetricValue[] => {
    const values: MetricValue[] = [];
    const bucketName = `${options.histogramName}_bucket`;
    for (const series of histogramOrder) {
      let cumulative = 0;
      for (let i = 0; i < bounds.length; i++) {
        cumulative += series.buckets[i]!;
        values.push({ labels: { le: bounds[i]! }, sharedLabels: series.labels, value: cumulative, metricName: bucketName, exemplar: null });
      }
      values.push({ labels: { le: '+Inf' }, sharedLabels: series.labels, value: series.count, metricName: bucketName, exemplar: null });
      values.push({
        labels: {},
        sharedLabels: series.labels,
        value: series.sum,
        metricName: `${options.histogramName}_sum`,
        exemplar: undefined,
      });
      values.push({
        labels: {},
        sharedLabels: series.labels,
        value: series.count,
        metricName: `${options.histogramName}_count`,
        exemplar: undefined,
      });
    }
    return values;
  };

  const histogram: RegistryMetric = {
    name: options.histogramName,
    help: options.histogramHelp,
    type: 'histogram',
    aggregator: 'sum',
    async getForPromString() {
      return { name: this.name, help: this.help, type: this.type, values: histogramValues(), aggregator: this.aggregator };
    },
    async get() {
      // As Histogram#get: the shared labels folded into each value's own.
      const values = histogramValues().map(({ sharedLabels, labels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } }));
      return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
    },
    reset,
  };

  return { observe, counter, histogram };
}
