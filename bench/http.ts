/**
 * Issue 8's HTTP benchmark, side by side in one run: a bare Hono baseline, then the signer's two
 * hot paths — signing an attempt and taking a feedback — on SQLite and on PostgreSQL, with the
 * load generator (autocannon) in this process and each server in a process of its own. The host's
 * cores are shared and its speed swings (the same hello answered 17,000 to 62,000 req/s), so
 * every ratio is read on figures of one moment: the floor in runs paired with hello's, each
 * route's database limit right before and after the route's own runs.
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
import { FEEDBACK_PAYMENTS, SIGN_SESSIONS, signOrder, type DatabaseLimit } from './database-limit.ts';

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

export interface PathFigures {
  max: LoadResult;
  atHalf: LoadResult;
  /**
   * The server process's CPU (user + system, µs) per request over the run at the maximum: beside
   * the database limit's (DatabaseLimit.cpuMicros), how much more the route spends than the bare
   * driver on the same statements (issue 17).
   */
  cpuMicrosPerRequest: number;
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
 * Each database's limit (bench/database-limit.ts) measured right before the route runs at their
 * maximum and right after them, so a route and the limit it is read against share the host's
 * moment; `sign` and `feedback` are the mean of the two.
 */
export type BracketedLimit = DatabaseLimit & { before: DatabaseLimit; after: DatabaseLimit };

export interface StorageFigures {
  /**
   * The signer's own floor: `GET /healthz` through the same server and middleware (request id,
   * request log, security headers, routing) with no work behind it — what any route of the
   * signer can reach at most on this machine, to read the sign and feedback ratios against.
   * The round of median req/s of the paired runs (floorPairs).
   */
  floor: LoadResult;
  floorPairs: FloorPairs;
  /** The database's own limit around the route runs, or why it was not measured. */
  databaseLimit: BracketedLimit | { skipped: string };
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

/** `work`'s result and the server's CPU µs per request answered during it. */
async function withServerCpu(
  server: ChildServer,
  work: () => Promise<LoadResult>,
): Promise<{ result: LoadResult; cpuMicrosPerRequest: number }> {
  const before = processCpuMicros(server.process.pid!);
  const result = await work();
  return { result, cpuMicrosPerRequest: (processCpuMicros(server.process.pid!) - before) / Math.max(1, result.total) };
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

async function measureSigner(
  env: Record<string, string>,
  helloUrl: string,
  databaseLimit: () => Promise<DatabaseLimit | { skipped: string }>,
  durationSeconds: number,
  connections: number,
): Promise<StorageFigures> {
  // The signer runs as `npx ogone-checkout serve` would: with the bin's Node flags.
  const server = await startChild('./servers/signer.mjs', { ...CREDENTIALS, ...env }, shippedNodeFlags());
  try {
    const rssIdleMb = server.rssMb();
    const floorPairs = await pairedFloor(helloUrl, `${server.url}/healthz`, {
      pairs: FLOOR_PAIRS,
      roundSeconds: floorRoundSeconds(durationSeconds),
      connections,
    });
    const floor = medianBy(
      floorPairs.rounds.map((round) => round.floor),
      (round) => round.requestsPerSecond,
    );
    // Every session and payment of the runs is made first, so that the database limit before the
    // maximum runs, those runs and the limit after them follow each other with nothing between.
    // Sign: the fixed workload (signWorkload) on sessions of its own, then again at half that rate
    // on as many fresh sessions, for the latency. Feedback likewise (feedbackWorkload) on payments.
    const signForMax = await createSessions(server.url, SIGN_SESSIONS);
    const signForHalf = await createSessions(server.url, SIGN_SESSIONS);
    const forMax = await createPayments(server.url, FEEDBACK_PAYMENTS);
    const forHalf = await createPayments(server.url, FEEDBACK_PAYMENTS);

    const before = await databaseLimit();
    const { result: signMax, peakMb: signPeak } = await peakRss(server, () =>
      withServerCpu(server, () => signWorkload(server.url, signForMax, { connections })),
    );
    const { result: feedbackMax, peakMb: feedbackPeak } = await peakRss(server, () =>
      withServerCpu(server, () => feedbackWorkload(server.url, forMax, { connections })),
    );
    const after = 'skipped' in before ? before : await databaseLimit();
    const limit: StorageFigures['databaseLimit'] =
      'skipped' in before
        ? before
        : 'skipped' in after
          ? after
          : {
              sign: (before.sign + after.sign) / 2,
              feedback: (before.feedback + after.feedback) / 2,
              ...(before.cpuMicros && after.cpuMicros
                ? {
                    cpuMicros: {
                      sign: (before.cpuMicros.sign + after.cpuMicros.sign) / 2,
                      feedback: (before.cpuMicros.feedback + after.cpuMicros.feedback) / 2,
                    },
                  }
                : {}),
              before,
              after,
            };

    const signHalf = await signWorkload(server.url, signForHalf, {
      connections: HALF_LOAD_CONNECTIONS,
      overallRate: Math.max(1, Math.floor(signMax.result.requestsPerSecond / 2)),
    });
    const feedbackHalf = await feedbackWorkload(server.url, forHalf, {
      connections: HALF_LOAD_CONNECTIONS,
      overallRate: Math.max(1, Math.floor(feedbackMax.result.requestsPerSecond / 2)),
    });
    return {
      floor,
      floorPairs,
      databaseLimit: limit,
      sign: { max: signMax.result, atHalf: signHalf, cpuMicrosPerRequest: signMax.cpuMicrosPerRequest },
      feedback: { max: feedbackMax.result, atHalf: feedbackHalf, cpuMicrosPerRequest: feedbackMax.cpuMicrosPerRequest },
      rssIdleMb,
      rssLoadMb: Math.max(signPeak, feedbackPeak),
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
 * for the paired floor runs; `databaseLimit` measures a database's own limit (sqliteLimit, or
 * postgresLimit on a fresh database each time), called before and after the route runs.
 */
export async function runHttpBench(
  options: {
    durationSeconds?: number;
    connections?: number;
    databaseLimit?: {
      sqlite: (concurrency: number) => Promise<DatabaseLimit>;
      postgres: (url: string, concurrency: number) => Promise<DatabaseLimit>;
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
        async () => (limits ? limits.sqlite(connections) : { skipped: 'not measured' }),
        durationSeconds,
        connections,
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    const postgresDir = await mkdtemp(path.join(tmpdir(), 'oc-bench-pg-'));
    let postgres: StorageFigures | { skipped: string };
    try {
      // Each limit on a database of its own, made and dropped around it (postgresLimit fills it).
      const postgresLimit = async () => (limits ? withPostgres((url) => limits.postgres(url, connections)) : { skipped: 'not measured' });
      postgres = await withPostgres((url) =>
        measureSigner({ DATABASE_URL: url, DATA_DIR: postgresDir }, hello.url, postgresLimit, durationSeconds, connections),
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
