/**
 * The signer's own CPU per sign or per feedback (issue 17), for comparing changes to those paths on
 * a machine whose req/s figures other work makes noisy: the server process's user + system time
 * (from /proc) over the workload of bench/http.ts (signWorkload or feedbackWorkload, 16
 * connections), ÷ the requests answered — on PostgreSQL also its backends' CPU (a local server's
 * processes), the other half of what a request costs the machine's cores; on SQLite the writes per
 * group commit and the server's read and write system calls per request (/proc/<pid>/io: page
 * reads the page cache missed, WAL frames and checkpoint copies). Several rounds on one server,
 * each on fresh sessions (or payments) made beforehand.
 *
 *   node --import tsx bench/sign-cpu.ts [sqlite|postgres] [rounds] [requests' sessions a round] [sign|feedback]
 *   SIGN_CPU_PROF=<dir>  also writes a V8 CPU profile of the server there (node --cpu-prof, a sample
 *                        every 50 µs: at the default 1 ms a round of signs held too few to read)
 *
 * A feedback round is feedbackWorkload's: the first feedback of each payment, then its repeat
 * (2 × the count requests). Runs the production bundle (`npm run build` first), as
 * bench/servers/signer.mjs starts it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import pg from 'pg';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CREDENTIALS, createPayments, createSessions, feedbackWorkload, processCpuMicros, signWorkload, withPostgres } from './http.ts';
import type { LoadResult } from './autocannon.ts';
import { shippedNodeFlags, startChild } from './child.ts';
import { FEEDBACK_PAYMENTS, SIGN_SESSIONS } from './database-limit.ts';

/** SQLite's group commits so far and the writes they held (GET /metrics; zeros on PostgreSQL). */
async function commits(url: string): Promise<{ count: number; writes: number }> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${CREDENTIALS.MERCHANT_API_KEYS}` } })).text();
  const figure = (name: string) => Number(new RegExp(`^\\S*db_group_commit_batch_writes_${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { count: figure('count'), writes: figure('sum') };
}

/** Read and write system calls of a process so far (/proc/<pid>/io syscr, syscw). */
function systemCalls(pid: number): { reads: number; writes: number } {
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  const figure = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(io)?.[1] ?? 0);
  return { reads: figure('syscr'), writes: figure('syscw') };
}

/**
 * PostgreSQL transactions committed in the database so far (each statement outside a transaction
 * is one): its backends report them when idle, within PostgreSQL's 10 s idle flush.
 */
async function postgresCommits(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('select xact_commit from pg_stat_database where datname = current_database()');
    return Number(rows[0].xact_commit);
  } finally {
    await client.end();
  }
}

/**
 * CPU so far of the PostgreSQL backends connected to the database (/proc, same host), by pid: the
 * database's side of a sign shares the machine's cores with the server's.
 */
async function backendCpu(url: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    const used = new Map<number, number>();
    for (const { pid } of rows) {
      try {
        used.set(pid, processCpuMicros(pid));
      } catch {
        // Exited meanwhile, or another host's: not counted.
      }
    }
    return used;
  } finally {
    await client.end();
  }
}

type Route = 'sign' | 'feedback';

/** A route's workload on 16 connections: the sign's on sessions, the feedback's on payments. */
const workloads: Record<
  Route,
  { make(url: string, count: number): Promise<string[]>; run(url: string, ids: string[]): Promise<LoadResult> }
> = {
  sign: { make: createSessions, run: (url, ids) => signWorkload(url, ids, { connections: 16 }) },
  feedback: { make: createPayments, run: (url, ids) => feedbackWorkload(url, ids, { connections: 16 }) },
};

async function measure(env: Record<string, string>, route: Route, rounds: number, count: number): Promise<void> {
  const serverEnv = { ...CREDENTIALS, ...env };
  const workload = workloads[route];
  // The sessions (and payments) are made by a server of their own, so that the measured one (and
  // its profile) does nothing but the route. The first 1,000 requests warm the route up (JIT), as
  // the benchmark's earlier runs do.
  const maker = await startChild('./servers/signer.mjs', serverEnv, shippedNodeFlags());
  let warmUp: string[];
  const perRound: string[][] = [];
  try {
    warmUp = await workload.make(maker.url, route === 'sign' ? 1000 : 500);
    for (let round = 0; round < rounds; round++) perRound.push(await workload.make(maker.url, count));
  } finally {
    await maker.stop();
  }
  const profile = process.env.SIGN_CPU_PROF;
  const flags = [...shippedNodeFlags(), ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`, '--cpu-prof-interval=50'] : [])];
  const postgresBefore = env.DATABASE_URL ? await postgresCommits(env.DATABASE_URL) : 0;
  const server = await startChild('./servers/signer.mjs', serverEnv, flags);
  const pid = server.process.pid!;
  let requests = 0;
  try {
    requests += (await workload.run(server.url, warmUp)).total;
    for (const ids of perRound) {
      const committed = await commits(server.url);
      const backendsBefore = env.DATABASE_URL ? await backendCpu(env.DATABASE_URL) : new Map<number, number>();
      const callsBefore = systemCalls(pid);
      const before = processCpuMicros(pid);
      const result = await workload.run(server.url, ids);
      const used = processCpuMicros(pid) - before;
      const calls = systemCalls(pid);
      let database = '';
      if (env.DATABASE_URL) {
        // A backend started during the round counts from zero; one that ended is not counted.
        let backends = 0;
        for (const [backend, micros] of await backendCpu(env.DATABASE_URL)) backends += micros - (backendsBefore.get(backend) ?? 0);
        database = `, ${Math.round(backends / result.total)} µs PostgreSQL backend CPU per ${route}`;
      }
      requests += result.total;
      const after = await commits(server.url);
      const perCommit = (after.writes - committed.writes) / Math.max(1, after.count - committed.count);
      // The socket's reads and writes are in the counts too: compare them between runs of one route.
      const perRequest = (n: number) => (n / result.total).toFixed(1);
      console.log(
        `${Math.round(result.requestsPerSecond)} ${route}s/s, ${Math.round(used / result.total)} µs CPU per ${route}${database}, ${perCommit.toFixed(1)} writes per commit, ${perRequest(calls.reads - callsBefore.reads)} read / ${perRequest(calls.writes - callsBefore.writes)} write system calls per ${route} (${result.total} requests, ${result.non2xx} non-2xx, ${result.errors} errors, p99 ${result.p99Ms} ms)`,
      );
    }
  } finally {
    await server.stop();
  }
  if (env.DATABASE_URL) {
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    const statements = (await postgresCommits(env.DATABASE_URL)) - postgresBefore;
    console.log(`PostgreSQL: ${(statements / requests).toFixed(2)} transactions per ${route}, warm-up included`);
  }
}

const kind = process.argv[2] ?? 'sqlite';
const rounds = Number(process.argv[3] ?? 3);
const route: Route = process.argv[5] === 'feedback' ? 'feedback' : 'sign';
const count = Number(process.argv[4] ?? (route === 'sign' ? SIGN_SESSIONS : FEEDBACK_PAYMENTS));
const dir = await mkdtemp(path.join(tmpdir(), 'oc-sign-cpu-'));
try {
  if (kind === 'postgres') {
    const outcome = await withPostgres((url) => measure({ DATABASE_URL: url, DATA_DIR: dir }, route, rounds, count));
    if (outcome && 'skipped' in outcome) console.log(outcome.skipped);
  } else await measure({ DATA_DIR: dir }, route, rounds, count);
} finally {
  await rm(dir, { recursive: true, force: true });
}
