/**
 * The signer's own CPU per sign (issue 17), for comparing changes to the sign path on a machine
 * whose req/s figures other work makes noisy: the server process's user + system time (from
 * /proc) over the sign workload of bench/http.ts (signWorkload, 16 connections), ÷ the attempts
 * answered — on PostgreSQL also its backends' CPU (a local server's processes), the other half of
 * what a sign costs the machine's cores. Several rounds on one server, each on fresh sessions made beforehand.
 *
 *   node --import tsx bench/sign-cpu.ts [sqlite|postgres] [rounds] [sessions a round]
 *   SIGN_CPU_PROF=<dir>  also writes a V8 CPU profile of the server there (node --cpu-prof)
 *
 * Runs the production bundle (`npm run build` first), as bench/servers/signer.mjs starts it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import pg from 'pg';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CREDENTIALS, createSessions, signWorkload, withPostgres } from './http.ts';
import { shippedNodeFlags, startChild } from './child.ts';
import { SIGN_SESSIONS } from './database-limit.ts';

/** SQLite's group commits so far and the writes they held (GET /metrics; zeros on PostgreSQL). */
async function commits(url: string): Promise<{ count: number; writes: number }> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${CREDENTIALS.MERCHANT_API_KEYS}` } })).text();
  const figure = (name: string) => Number(new RegExp(`^\\S*db_group_commit_batch_writes_${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { count: figure('count'), writes: figure('sum') };
}

/** utime + stime of a process in µs (/proc/<pid>/stat fields 14 and 15, in clock ticks of 10 ms). */
function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
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
        used.set(pid, cpuMicros(pid));
      } catch {
        // Exited meanwhile, or another host's: not counted.
      }
    }
    return used;
  } finally {
    await client.end();
  }
}

async function measure(env: Record<string, string>, rounds: number, sessionCount: number): Promise<void> {
  const serverEnv = { ...CREDENTIALS, ...env };
  // The sessions are made by a server of their own, so that the measured one (and its profile)
  // does nothing but sign. The first 1,000 warm the route up (JIT), as the benchmark's earlier runs do.
  const maker = await startChild('./servers/signer.mjs', serverEnv, shippedNodeFlags());
  let warmUp: string[];
  const perRound: string[][] = [];
  try {
    warmUp = await createSessions(maker.url, 1000);
    for (let round = 0; round < rounds; round++) perRound.push(await createSessions(maker.url, sessionCount));
  } finally {
    await maker.stop();
  }
  const profile = process.env.SIGN_CPU_PROF;
  const flags = [...shippedNodeFlags(), ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [])];
  const postgresBefore = env.DATABASE_URL ? await postgresCommits(env.DATABASE_URL) : 0;
  const server = await startChild('./servers/signer.mjs', serverEnv, flags);
  let signs = 0;
  try {
    signs += (await signWorkload(server.url, warmUp, { connections: 16 })).total;
    for (const sessions of perRound) {
      const committed = await commits(server.url);
      const backendsBefore = env.DATABASE_URL ? await backendCpu(env.DATABASE_URL) : new Map<number, number>();
      const before = cpuMicros(server.process.pid!);
      const result = await signWorkload(server.url, sessions, { connections: 16 });
      const used = cpuMicros(server.process.pid!) - before;
      let database = '';
      if (env.DATABASE_URL) {
        // A backend started during the round counts from zero; one that ended is not counted.
        let backends = 0;
        for (const [pid, micros] of await backendCpu(env.DATABASE_URL)) backends += micros - (backendsBefore.get(pid) ?? 0);
        database = `, ${Math.round(backends / result.total)} µs PostgreSQL backend CPU per sign`;
      }
      signs += result.total;
      const after = await commits(server.url);
      const perCommit = (after.writes - committed.writes) / Math.max(1, after.count - committed.count);
      console.log(
        `${Math.round(result.requestsPerSecond)} signs/s, ${Math.round(used / result.total)} µs CPU per sign${database}, ${perCommit.toFixed(1)} writes per commit (${result.total} signs, ${result.non2xx} non-2xx, ${result.errors} errors, p99 ${result.p99Ms} ms)`,
      );
    }
  } finally {
    await server.stop();
  }
  if (env.DATABASE_URL) {
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    const statements = (await postgresCommits(env.DATABASE_URL)) - postgresBefore;
    console.log(`PostgreSQL: ${(statements / signs).toFixed(2)} transactions per sign, warm-up included`);
  }
}

const kind = process.argv[2] ?? 'sqlite';
const rounds = Number(process.argv[3] ?? 3);
const sessionCount = Number(process.argv[4] ?? SIGN_SESSIONS);
const dir = await mkdtemp(path.join(tmpdir(), 'oc-sign-cpu-'));
try {
  if (kind === 'postgres') {
    const outcome = await withPostgres((url) => measure({ DATABASE_URL: url, DATA_DIR: dir }, rounds, sessionCount));
    if (outcome && 'skipped' in outcome) console.log(outcome.skipped);
  } else await measure({ DATA_DIR: dir }, rounds, sessionCount);
} finally {
  await rm(dir, { recursive: true, force: true });
}
