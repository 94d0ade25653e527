/**
 * Issue 8's HTTP benchmark, side by side in one run: a bare Hono baseline, then the signer's two
 * hot paths — signing an attempt and taking a feedback — on SQLite and on PostgreSQL, with the
 * load generator (autocannon) in this process and each server in a process of its own.
 *
 * Why the runs alternate: the host's cores are shared and its speed swings ×2 to ×10 within
 * minutes (the same hello answered 17,000 to 62,000 req/s; with a route at its maximum and its
 * database limit measured a minute apart, the same code read 2.62 and 0.17 × its modelled limit
 * ten minutes apart). A ratio of two figures taken at different moments measures the host between
 * them. So every ratio is read on runs of the same moment, in short rounds that take turns: the
 * floor against hello in pairs (pairedFloor), and each route against its modelled limit in rounds
 * of three runs — the route, the floor, the bare driver on the same workload (pairedRoute) —
 * ordered ABBA (route, floor, database; then database, floor, route), each on sessions or payments
 * of its own. Each round gives a ratio on figures seconds apart, and the median of the rounds'
 * ratios is the row's: a stall or a burst of other work lands on one round, or on numerator and
 * denominator alike, instead of on one side of the ratio.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { shaSign } from '../server/ogone/sha.ts';
import { toFeedbackAmount } from '../shared/money.ts';
import { load, type LoadResult } from './autocannon.ts';
import { shippedNodeFlags, startChild, type ChildServer } from './child.ts';
import {
  FEEDBACK_PAYMENTS,
  modelledLimit,
  SIGN_SESSIONS,
  type DatabaseLimit,
  type LimitBench,
  type LimitCapacity,
  type LimitRun,
  signOrder,
} from './database-limit.ts';

export const CREDENTIALS = {
  OGONE_ENVIRONMENT: 'sandbox',
  OGONE_PSPID: 'BENCHPSPID',
  OGONE_USER_ID: 'bench-api',
  OGONE_PASSWORD: 'bench-api-password',
  OGONE_SHA_IN: 'bench-sha-in-passphrase-1',
  OGONE_SHA_OUT: 'bench-sha-out-passphrase-2',
  OGONE_HASH_ALGORITHM: 'sha512',
  MERCHANT_API_KEYS: 'sk_bench_0123456789abcdefghijklmnopqrstuv',
};
const API_KEY = CREDENTIALS.MERCHANT_API_KEYS;

/**
 * Connections for the fixed-rate (half of the maximum) runs. At a few hundred requests per second
 * and a millisecond or two each, one or two requests are in flight (Little's law); 16 connections
 * each paced at a few dozen requests per second measure autocannon's per-connection timers more
 * than the server (the same server showed p99 36 ms on `/healthz` at 500 req/s over 16
 * connections, 5 ms at 2,000 req/s). Four leaves headroom for bursts.
 */
const HALF_LOAD_CONNECTIONS = 4;

/** One round of pairedRoute: the route at its maximum, the floor and the bare driver, seconds apart. */
export interface RouteRound {
  route: LoadResult;
  /** The server process's CPU (user + system, µs) per request over the route's run. */
  cpuMicrosPerRequest: number;
  /** `GET /healthz` on the same server, floorRoundSeconds long. */
  floor: LoadResult;
  /** The bare driver on the same workload (absent when no limit is measured). */
  database?: LimitRun;
  /** 1/(1/floor + 1/database) of this round's figures, and the route's req/s ÷ it. */
  modelled?: number;
  ratio?: number;
}

export interface PathFigures {
  /** The route's round of median req/s. */
  max: LoadResult;
  atHalf: LoadResult;
  /**
   * The server process's CPU (user + system, µs) per request over every round's route run: beside
   * the database limit's (DatabaseLimit.cpuMicros), how much more the route spends than the bare
   * driver on the same statements (issue 17).
   */
  cpuMicrosPerRequest: number;
  /** The paired rounds, in the order they ran (the warm-up left out). */
  rounds: RouteRound[];
  /** The median of the rounds' route ÷ modelled limit: the modelled target's figure. */
  ratio?: number;
  /** The round whose ratio is that median (its floor, database and route print the row). */
  medianRound?: RouteRound;
}

/**
 * The floor against the bare hello, paired: both servers running side by side, short runs of
 * each in turn (hello, floor, floor, hello, …: ABBA, so a drift of the host's speed weighs on both
 * alike), a ratio per pair and the median of those. On a shared host one run of 5 s a minute away
 * from the other read 0.76 in one run and 0.30 in the next: a stall in either moment decided it.
 */
export interface FloorPairs {
  /** Seconds of each run (one unmeasured run of each first: JIT, connections). */
  roundSeconds: number;
  rounds: Array<{ hello: LoadResult; floor: LoadResult; ratio: number }>;
  /** Median of the paired floor ÷ hello ratios: the floor target's figure. */
  ratio: number;
  /** Median hello req/s of these rounds. */
  helloRequestsPerSecond: number;
}

/**
 * Each database's limit (bench/database-limit.ts) over the paired rounds: `sign` and `feedback`
 * the medians of the rounds' rates (each beside a route run: PathFigures.rounds), `cpuMicros` the
 * bare driver's CPU over all of them ÷ their requests.
 */
export type PairedLimit = DatabaseLimit & { rounds: number };

export interface StorageFigures {
  /**
   * The signer's own floor: `GET /healthz` through the same server and middleware (request id,
   * request log, security headers, routing) with no work behind it — what any route of the
   * signer can reach at most on this machine, to read the sign and feedback ratios against.
   * The round of median req/s of the paired runs (floorPairs).
   */
  floor: LoadResult;
  floorPairs: FloorPairs;
  /** The database's own limit in rounds beside the route runs, or why it was not measured. */
  databaseLimit: PairedLimit | { skipped: string };
  sign: PathFigures;
  feedback: PathFigures;
  rssIdleMb: number;
  rssLoadMb: number;
}

export interface HttpBench {
  durationSeconds: number;
  connections: number;
  /** The hello round of median req/s among every paired round (both databases'). */
  baseline: LoadResult;
  sqlite: StorageFigures;
  postgres: StorageFigures | { skipped: string };
}

async function json(url: string, init: RequestInit): Promise<any> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** utime + stime of a process in µs (/proc/<pid>/stat fields 14 and 15, in clock ticks of 10 ms). */
export function processCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** Samples the server's RSS every 200 ms while `work` runs; returns the peak. */
async function peakRss<T>(server: ChildServer, work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = server.rssMb();
  const timer = setInterval(() => (peak = Math.max(peak, server.rssMb())), 200);
  try {
    return { result: await work(), peakMb: peak };
  } finally {
    clearInterval(timer);
  }
}

const ATTEMPT = {
  method: 'POST' as const,
  headers: { 'content-type': 'application/json' },
  body: '{"saveCard":false,"locale":"fr"}',
};

/** `count` open checkout sessions made through the merchant API, 20 at a time; their ids. */
export async function createSessions(url: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  const newSession = async () => {
    const session = await json(`${url}/api/checkout-sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 1999, currency: 'EUR', description: 'Benchmark' }),
    });
    ids.push(session.id);
  };
  for (let made = 0; made < count; made += 20) await Promise.all(Array.from({ length: Math.min(20, count - made) }, newSession));
  return ids;
}

/**
 * `count` payments in draft, each the attempt of a session of its own: thousands of paid attempts
 * of one session would measure the duplicate-payment refunds (one paid payment per session), not
 * the feedback path. Returns their references.
 */
export async function createPayments(url: string, count: number): Promise<string[]> {
  const sessions = await createSessions(url, count);
  const references: string[] = [];
  const attempt = async (sessionId: string) => {
    const created = await json(`${url}/checkout/sessions/${sessionId}/attempts`, {
      ...ATTEMPT,
      headers: { ...ATTEMPT.headers, origin: url },
    });
    references.push(created.reference);
  };
  for (let made = 0; made < sessions.length; made += 20) await Promise.all(sessions.slice(made, made + 20).map(attempt));
  return references;
}

/** A signed server-to-server feedback (STATUS 9) for each payment, form-encoded. */
export function feedbackBodies(references: string[]): string[] {
  return references.map((reference, i) => {
    const params: Record<string, string> = {
      orderID: reference,
      amount: toFeedbackAmount(1999, 'EUR'),
      currency: 'EUR',
      PM: 'CreditCard',
      ACCEPTANCE: 'test123',
      STATUS: '9',
      CARDNO: 'XXXXXXXXXXXX1111',
      ED: '1229',
      CN: 'Bench Shopper',
      TRXDATE: '11/23/26',
      PAYID: String(30_000_000 + i),
      NCERROR: '0',
      BRAND: 'VISA',
      IP: '127.0.0.1',
    };
    params.SHASIGN = shaSign(params, { passphrase: CREDENTIALS.OGONE_SHA_OUT, algorithm: 'sha512', direction: 'out' });
    return new URLSearchParams(params).toString();
  });
}

/**
 * The feedback workload (the database limit's too, bench/database-limit.ts): the first feedback of
 * each payment in turn, then a repeat of each — exactly `2 × references` requests, half of them
 * state changes, half the duplicate path Ogone's retries take. The rate is requests ÷ the time from
 * the first request to the last answer, not a per-second average over a fixed duration: a run that
 * reached the repeats sooner is not counted as faster at the state changes.
 */
export function feedbackWorkload(
  url: string,
  references: string[],
  options: { connections: number; overallRate?: number },
): Promise<LoadResult> {
  const once = feedbackBodies(references);
  const bodies = [...once, ...once];
  return fixedWorkload(
    {
      url: `${url}/payment/ogone/return`,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    },
    bodies.length,
    (req, i) => ({ ...req, body: bodies[i % bodies.length] }),
    options,
  );
}

/**
 * The sign workload (the database limit's too: signOrder in bench/database-limit.ts): one attempt
 * on each session, a second on one in ten a little later, as shoppers sign in production — not
 * thousands of attempts on one session. Timed like feedbackWorkload, requests ÷ elapsed time.
 */
export function signWorkload(
  url: string,
  sessionIds: string[],
  options: { connections: number; overallRate?: number },
): Promise<LoadResult> {
  const paths = signOrder(sessionIds.length).map((i) => `/checkout/sessions/${sessionIds[i]}/attempts`);
  return fixedWorkload(
    { url, method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: ATTEMPT.body },
    paths.length,
    (req, i) => ({ ...req, path: paths[i % paths.length] }),
    options,
  );
}

/**
 * Exactly `amount` requests, the i-th built by `request(defaults, i)` (autocannon builds each
 * request once, when it is sent); requests a second from the first request to the last answer.
 */
async function fixedWorkload(
  target: { url: string; method: 'POST'; headers: Record<string, string>; body?: string },
  amount: number,
  request: (req: autocannon.Request, i: number) => autocannon.Request,
  options: { connections: number; overallRate?: number },
): Promise<LoadResult> {
  let next = 0;
  const started = performance.now();
  // autocannon ends an `amount` run on its one-second tick: the time of the last answer is ours.
  let lastAnswer = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        ...target,
        connections: options.connections,
        amount,
        overallRate: options.overallRate,
        requests: [{ setupRequest: (req: autocannon.Request) => request(req, next++) }],
      },
      (error: unknown, done: autocannon.Result) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', () => (lastAnswer = performance.now()));
  });
  const elapsedSeconds = (lastAnswer - started) / 1000;
  return {
    requestsPerSecond: result.requests.total / elapsedSeconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    total: result.requests.total,
  };
}

const medianBy = <T>(values: T[], key: (value: T) => number): T =>
  [...values].sort((a, b) => key(a) - key(b))[Math.floor(values.length / 2)]!;

/** Paired hello / floor runs (FloorPairs), `pairs` of them, `roundSeconds` each. */
export async function pairedFloor(
  helloUrl: string,
  floorUrl: string,
  options: { pairs: number; roundSeconds: number; connections: number },
): Promise<FloorPairs> {
  const { pairs, roundSeconds, connections } = options;
  const run = (url: string, durationSeconds: number) => load({ url, connections, durationSeconds });
  await run(helloUrl, 1);
  await run(floorUrl, 1);
  const rounds: FloorPairs['rounds'] = [];
  for (let i = 0; i < pairs; i++) {
    let hello: LoadResult;
    let floor: LoadResult;
    if (i % 2 === 0) {
      hello = await run(helloUrl, roundSeconds);
      floor = await run(floorUrl, roundSeconds);
    } else {
      floor = await run(floorUrl, roundSeconds);
      hello = await run(helloUrl, roundSeconds);
    }
    rounds.push({ hello, floor, ratio: floor.requestsPerSecond / hello.requestsPerSecond });
  }
  return {
    roundSeconds,
    rounds,
    ratio: medianBy(rounds, (round) => round.ratio).ratio,
    helloRequestsPerSecond: medianBy(rounds, (round) => round.hello.requestsPerSecond).hello.requestsPerSecond,
  };
}

/** Floor pairs per database: five of ~2 s at the default 5 s runs (the floor's one 5 s run and hello's before). */
export const FLOOR_PAIRS = 5;
const floorRoundSeconds = (durationSeconds: number) => Math.max(1, Math.round(durationSeconds * 0.4));

/**
 * Rounds of each route beside its floor and its database limit (pairedRoute), an odd number so
 * that the median is a round's. Each round's workload is half of the whole one (SIGN_SESSIONS,
 * FEEDBACK_PAYMENTS) the route ran once before the rounds: five of them take about as long as the
 * one run and the two limits around it did, and run for 1 to 10 s each on this host.
 */
export const ROUTE_ROUNDS = 5;
export const SIGN_ROUND_SESSIONS = SIGN_SESSIONS / 2;
export const FEEDBACK_ROUND_PAYMENTS = FEEDBACK_PAYMENTS / 2;
/** An unmeasured first round, a tenth of the others: JIT, connections, the statement caches. */
const WARM_UP_SHARE = 10;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * A route against its modelled limit, paired: rounds of the route's fixed workload (`route(i)`, on
 * round i's own sessions or payments; −1 the warm-up's), a floor run and the bare driver's same
 * workload (`database(i)`), in the order route, floor, database then database, floor, route (ABBA,
 * so a drift of the host's speed over a pair of rounds weighs on the route and its limit alike).
 * Each round's ratio is its route ÷ 1/(1/floor + 1/database); the path's is their median.
 */
export async function pairedRoute(options: {
  rounds: number;
  route: (round: number) => Promise<LoadResult>;
  floor: () => Promise<LoadResult>;
  database?: (round: number) => Promise<LimitRun>;
  /** The server process's CPU so far, µs (processCpuMicros). */
  serverCpuMicros: () => number;
}): Promise<Omit<PathFigures, 'atHalf'>> {
  const { route, floor, database, serverCpuMicros } = options;
  await route(-1);
  await database?.(-1);
  const rounds: RouteRound[] = [];
  let cpuMicros = 0;
  let requests = 0;
  for (let i = 0; i < options.rounds; i++) {
    const runRoute = async () => {
      const before = serverCpuMicros();
      const result = await route(i);
      const spent = serverCpuMicros() - before;
      cpuMicros += spent;
      requests += result.total;
      return { result, cpuMicrosPerRequest: spent / Math.max(1, result.total) };
    };
    let measured: { result: LoadResult; cpuMicrosPerRequest: number };
    let floorRun: LoadResult;
    let limit: LimitRun | undefined;
    if (i % 2 === 0) {
      measured = await runRoute();
      floorRun = await floor();
      limit = await database?.(i);
    } else {
      limit = await database?.(i);
      floorRun = await floor();
      measured = await runRoute();
    }
    const modelled = limit ? modelledLimit(floorRun.requestsPerSecond, limit.rate) : undefined;
    rounds.push({
      route: measured.result,
      cpuMicrosPerRequest: measured.cpuMicrosPerRequest,
      floor: floorRun,
      ...(limit && modelled !== undefined ? { database: limit, modelled, ratio: measured.result.requestsPerSecond / modelled } : {}),
    });
  }
  const paired = rounds.filter((round) => round.ratio !== undefined);
  const medianRound = paired.length > 0 ? medianBy(paired, (round) => round.ratio!) : undefined;
  return {
    max: medianBy(rounds, (round) => round.route.requestsPerSecond).route,
    cpuMicrosPerRequest: cpuMicros / Math.max(1, requests),
    rounds,
    ...(medianRound ? { ratio: medianRound.ratio, medianRound } : {}),
  };
}

/** Round i's `size` items, after a warm-up's size ÷ WARM_UP_SHARE (round −1). */
function splitRounds<T>(items: T[], size: number): (round: number) => T[] {
  const warmUp = Math.max(1, Math.round(size / WARM_UP_SHARE));
  return (round) => (round < 0 ? items.slice(0, warmUp) : items.slice(warmUp + round * size, warmUp + (round + 1) * size));
}

async function measureSigner(
  env: Record<string, string>,
  helloUrl: string,
  openLimit: ((capacity: LimitCapacity) => Promise<LimitBench>) | undefined,
  durationSeconds: number,
  connections: number,
): Promise<StorageFigures> {
  // The signer runs as `npx ogone-checkout serve` would: with the bin's Node flags.
  const server = await startChild('./servers/signer.mjs', { ...CREDENTIALS, ...env }, shippedNodeFlags());
  try {
    const rssIdleMb = server.rssMb();
    const floorUrl = `${server.url}/healthz`;
    const floorSeconds = floorRoundSeconds(durationSeconds);
    const floorPairs = await pairedFloor(helloUrl, floorUrl, { pairs: FLOOR_PAIRS, roundSeconds: floorSeconds, connections });
    const floor = medianBy(
      floorPairs.rounds.map((round) => round.floor),
      (round) => round.requestsPerSecond,
    );
    // Every session and payment of the rounds is made first, so that a round's runs follow each
    // other with nothing between. Sign: the fixed workload (signWorkload) on sessions of its own
    // each round, then once at half the median round's rate on fresh sessions, for the latency.
    // Feedback likewise (feedbackWorkload) on payments.
    const warmUp = (size: number) => Math.max(1, Math.round(size / WARM_UP_SHARE));
    const signSessions = warmUp(SIGN_ROUND_SESSIONS) + ROUTE_ROUNDS * SIGN_ROUND_SESSIONS;
    const feedbackPayments = warmUp(FEEDBACK_ROUND_PAYMENTS) + ROUTE_ROUNDS * FEEDBACK_ROUND_PAYMENTS;
    const signSets = splitRounds(await createSessions(server.url, signSessions), SIGN_ROUND_SESSIONS);
    const signForHalf = await createSessions(server.url, SIGN_ROUND_SESSIONS);
    const paymentSets = splitRounds(await createPayments(server.url, feedbackPayments), FEEDBACK_ROUND_PAYMENTS);
    const forHalf = await createPayments(server.url, FEEDBACK_ROUND_PAYMENTS);

    // The bare driver's database, seeded for the same rounds.
    const limit = openLimit ? await openLimit({ signSessions, feedbackPayments }) : undefined;
    let sign: Omit<PathFigures, 'atHalf'>;
    let feedback: Omit<PathFigures, 'atHalf'>;
    let loadPeak: number;
    try {
      const common = {
        rounds: ROUTE_ROUNDS,
        floor: () => load({ url: floorUrl, connections, durationSeconds: floorSeconds }),
        serverCpuMicros: () => processCpuMicros(server.process.pid!),
      };
      const paired = await peakRss(server, async () => ({
        sign: await pairedRoute({
          ...common,
          route: (round) => signWorkload(server.url, signSets(round), { connections }),
          database: limit && ((round) => limit.sign(round < 0 ? warmUp(SIGN_ROUND_SESSIONS) : SIGN_ROUND_SESSIONS)),
        }),
        feedback: await pairedRoute({
          ...common,
          route: (round) => feedbackWorkload(server.url, paymentSets(round), { connections }),
          database: limit && ((round) => limit.feedback(round < 0 ? warmUp(FEEDBACK_ROUND_PAYMENTS) : FEEDBACK_ROUND_PAYMENTS)),
        }),
      }));
      ({ sign, feedback } = paired.result);
      loadPeak = paired.peakMb;
    } finally {
      await limit?.close();
    }
    const limitOf = (path: Omit<PathFigures, 'atHalf'>) => path.rounds.flatMap((round) => (round.database ? [round.database] : []));
    const cpuOf = (runs: LimitRun[], requestsPerRun: number) =>
      runs.every((run) => run.cpuMicros !== undefined)
        ? runs.reduce((sum, run) => sum + run.cpuMicros! * requestsPerRun, 0) / (runs.length * requestsPerRun)
        : undefined;
    const signLimits = limitOf(sign);
    const feedbackLimits = limitOf(feedback);
    const signCpu = cpuOf(signLimits, signOrder(SIGN_ROUND_SESSIONS).length);
    const feedbackCpu = cpuOf(feedbackLimits, 2 * FEEDBACK_ROUND_PAYMENTS);
    const databaseLimit: StorageFigures['databaseLimit'] =
      signLimits.length === 0 || feedbackLimits.length === 0
        ? { skipped: 'not measured' }
        : {
            sign: median(signLimits.map((run) => run.rate)),
            feedback: median(feedbackLimits.map((run) => run.rate)),
            ...(signCpu !== undefined && feedbackCpu !== undefined ? { cpuMicros: { sign: signCpu, feedback: feedbackCpu } } : {}),
            rounds: ROUTE_ROUNDS,
          };

    const signHalf = await signWorkload(server.url, signForHalf, {
      connections: HALF_LOAD_CONNECTIONS,
      overallRate: Math.max(1, Math.floor(sign.max.requestsPerSecond / 2)),
    });
    const feedbackHalf = await feedbackWorkload(server.url, forHalf, {
      connections: HALF_LOAD_CONNECTIONS,
      overallRate: Math.max(1, Math.floor(feedback.max.requestsPerSecond / 2)),
    });
    return {
      floor,
      floorPairs,
      databaseLimit,
      sign: { ...sign, atHalf: signHalf },
      feedback: { ...feedback, atHalf: feedbackHalf },
      rssIdleMb,
      rssLoadMb: loadPeak,
    };
  } finally {
    await server.stop();
  }
}

/** Runs `work` on a fresh PostgreSQL database (dropped afterwards), or says why PostgreSQL is skipped. */
export async function withPostgres<T>(work: (url: string) => Promise<T>): Promise<T | { skipped: string }> {
  const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (error) {
    return { skipped: `PostgreSQL not reachable: ${(error as Error).message}` };
  }
  const name = `oc_bench_${process.pid}_${Date.now()}`;
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await work(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.end();
  }
}

/**
 * The baseline and both signers. The hello server runs for the whole of it, beside each signer,
 * for the paired floor runs; `databaseLimit` opens a database's own limit (openSqliteLimit, or
 * openPostgresLimit on a fresh database of its own) for the rounds beside the route runs.
 */
export async function runHttpBench(
  options: {
    durationSeconds?: number;
    connections?: number;
    databaseLimit?: {
      sqlite: (capacity: LimitCapacity, concurrency: number) => Promise<LimitBench>;
      postgres: (url: string, capacity: LimitCapacity, concurrency: number) => Promise<LimitBench>;
    };
  } = {},
): Promise<HttpBench> {
  const durationSeconds = options.durationSeconds ?? 5;
  const connections = options.connections ?? 16;
  const limits = options.databaseLimit;
  const hello = await startChild('./servers/hello.mjs');
  try {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'oc-bench-'));
    let sqlite: StorageFigures;
    try {
      sqlite = await measureSigner(
        { DATA_DIR: dataDir },
        hello.url,
        limits && ((capacity) => limits.sqlite(capacity, connections)),
        durationSeconds,
        connections,
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    const postgresDir = await mkdtemp(path.join(tmpdir(), 'oc-bench-pg-'));
    let postgres: StorageFigures | { skipped: string };
    try {
      // The server's database and the limit's, each made and dropped around the runs.
      postgres = await withPostgres((url) =>
        withPostgres((limitUrl) =>
          measureSigner(
            { DATABASE_URL: url, DATA_DIR: postgresDir },
            hello.url,
            limits && ((capacity) => limits.postgres(limitUrl, capacity, connections)),
            durationSeconds,
            connections,
          ),
        ),
      );
    } finally {
      await rm(postgresDir, { recursive: true, force: true });
    }
    const helloRounds = [sqlite, postgres].flatMap((figures) =>
      'skipped' in figures ? [] : figures.floorPairs.rounds.map((r) => r.hello),
    );
    const baseline = medianBy(helloRounds, (round) => round.requestsPerSecond);
    return { durationSeconds, connections, baseline, sqlite, postgres };
  } finally {
    await hello.stop();
  }
}
