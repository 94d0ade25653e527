/**
 * The per-request metrics kept outside prom-client (server/metrics/request-metrics.ts) print
 * exactly what prom-client's own Counter and Histogram print for the same observations: same
 * lines, same order, same values — in the text exposition and in the JSON form alike.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Counter, Histogram, Registry } from 'prom-client';
import { requestMetrics } from '../../../server/metrics/request-metrics.ts';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const OBSERVATIONS: Array<[string, string, number, number]> = [
  ['GET', '/healthz', 200, 0.0004],
  ['POST', '/payment/ogone/return', 200, 0.004],
  ['GET', '/healthz', 200, 0.005],
  ['GET', 'unmatched', 404, 0.0011],
  ['POST', '/payment/ogone/return', 429, 0.25],
  ['GET', '/api/transactions/:reference', 401, 12],
  ['GET', '/healthz', 503, 0.0101],
  ['GET', '/a "quoted\\ route"', 200, 1],
];

function registries() {
  const theirs = new Registry();
  const requests = new Counter({
    name: 'x_http_requests_total',
    help: 'requests',
    labelNames: ['method', 'route', 'status'],
    registers: [theirs],
  });
  const duration = new Histogram({
    name: 'x_http_request_duration_seconds',
    help: 'duration',
    labelNames: ['method', 'route'],
    buckets: BUCKETS,
    registers: [theirs],
  });
  const ours = new Registry();
  const mine = requestMetrics({
    counterName: 'x_http_requests_total',
    counterHelp: 'requests',
    histogramName: 'x_http_request_duration_seconds',
    histogramHelp: 'duration',
    buckets: BUCKETS,
  });
  ours.registerMetric(mine.counter as unknown as Counter);
  ours.registerMetric(mine.histogram as unknown as Histogram);
  for (const [method, route, status, seconds] of OBSERVATIONS) {
    requests.inc({ method, route, status: String(status) });
    duration.observe({ method, route }, seconds);
    mine.observe(method, route, status, seconds);
  }
  return { theirs, ours, mine };
}

test('the text exposition is prom-client’s', async () => {
  const { theirs, ours } = registries();
  const expected = await theirs.metrics();
  assert.match(expected, /x_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/healthz"\} 2/);
  assert.equal(await ours.metrics(), expected);
});

test('the JSON form is prom-client’s', async () => {
  const { theirs, ours } = registries();
  assert.deepEqual(await ours.getMetricsAsJSON(), await theirs.getMetricsAsJSON());
});

test('a value that is not a finite number is refused, as prom-client refuses it', () => {
  const { mine } = registries();
  assert.throws(() => mine.observe('GET', '/healthz', 200, Number.NaN), TypeError);
});
