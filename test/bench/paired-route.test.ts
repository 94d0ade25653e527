/**
 * The benchmark's paired rounds (bench/http.ts pairedRoute): a route, its floor and its database
 * limit take turns in ABBA rounds, and the route ÷ modelled-limit ratio is the median of the
 * rounds' own ratios — so a host that slows down for a whole round moves numerator and
 * denominator alike and leaves the ratio where it was. No server: the runs are stand-ins.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LoadResult } from '../../bench/autocannon.ts';
import { pairedRoute } from '../../bench/http.ts';
import { modelledLimit } from '../../bench/database-limit.ts';

const result = (requestsPerSecond: number, total = 1000): LoadResult => ({
  requestsPerSecond,
  p50Ms: 1,
  p99Ms: 2,
  non2xx: 0,
  errors: 0,
  total,
});

/** Stand-in runs on a host whose speed is `speed[round]` (the warm-up, round −1, at speed 1). */
function host(speed: number[]) {
  const order: string[] = [];
  let round = -1;
  let cpu = 0;
  const at = (i: number) => (i < 0 ? 1 : speed[i]!);
  return {
    order,
    runs: {
      route: async (i: number) => {
        round = i;
        order.push(`route ${i}`);
        cpu += 200 * 1000; // 200 µs a request, 1000 requests
        return result(1000 * at(i));
      },
      floor: async () => {
        order.push(`floor ${round}`);
        return result(8000 * at(round));
      },
      database: async (i: number) => {
        round = i;
        order.push(`database ${i}`);
        return { rate: 4000 * at(i), cpuMicros: 50 };
      },
      serverCpuMicros: () => cpu,
    },
  };
}

test('the rounds alternate route, floor, database then database, floor, route after one warm-up', async () => {
  const { order, runs } = host([1, 1, 1, 1]);
  await pairedRoute({ rounds: 4, ...runs });
  assert.deepEqual(order, [
    'route -1',
    'database -1',
    'route 0',
    'floor 0',
    'database 0',
    'database 1',
    'floor 1',
    'route 1',
    'route 2',
    'floor 2',
    'database 2',
    'database 3',
    'floor 3',
    'route 3',
  ]);
});

test('a host slower by ×10 in some rounds leaves each round’s ratio, and so the median, unchanged', async () => {
  const steady = await pairedRoute({ rounds: 5, ...host([1, 1, 1, 1, 1]).runs });
  const swinging = await pairedRoute({ rounds: 5, ...host([1, 0.1, 2.6, 0.17, 1]).runs });
  const expected = 1000 / modelledLimit(8000, 4000);
  assert.ok(Math.abs(steady.ratio! - expected) < 1e-9);
  for (const round of swinging.rounds) assert.ok(Math.abs(round.ratio! - expected) < 1e-9, `round ratio ${round.ratio}`);
  assert.ok(Math.abs(swinging.ratio! - expected) < 1e-9);
  // The route's figure is its median round's, the CPU per request the whole rounds' (warm-up left out).
  assert.equal(swinging.max.requestsPerSecond, 1000);
  assert.equal(swinging.cpuMicrosPerRequest, 200);
});

test('the ratio is the median of the rounds’ ratios, and its round is the one printed', async () => {
  // Route speeds differ by round while floor and database stay: ratios spread, the middle one wins.
  const { runs } = host([1, 1, 1, 1, 1]);
  const factors = [0.5, 3, 1, 0.2, 2];
  const paired = await pairedRoute({
    rounds: 5,
    ...runs,
    route: async (i) => {
      const measured = await runs.route(i);
      return i < 0 ? measured : result(measured.requestsPerSecond * factors[i]!);
    },
  });
  const ratios = paired.rounds.map((round) => round.ratio!);
  const sorted = [...ratios].sort((a, b) => a - b);
  assert.equal(paired.ratio, sorted[2]);
  assert.equal(paired.medianRound, paired.rounds[2]);
  assert.equal(paired.max.requestsPerSecond, 1000);
});

test('without a database limit the rounds still pair the route with its floor, and no ratio is made', async () => {
  const { runs } = host([1, 1, 1]);
  const { database: _database, ...withoutDatabase } = runs;
  const paired = await pairedRoute({ rounds: 3, ...withoutDatabase });
  assert.equal(paired.ratio, undefined);
  assert.equal(paired.rounds.length, 3);
  assert.ok(paired.rounds.every((round) => round.ratio === undefined && round.floor.requestsPerSecond === 8000));
});
