/**
 * The cold start alone (issue 17), without the rest of `npm run bench`: the production bundle
 * (`npm run build` first) spawned as the benchmark spawns it (bench/servers/signer.mjs, the bin's
 * Node flags), from spawn to the server saying it is ready. Three cases, interleaved run by run so
 * a noisy machine weighs on each alike:
 * - PostgreSQL, first start: a fresh database (as bench/http.ts's withPostgres makes it), every
 *   migration applied — the case the benchmark's row measures;
 * - PostgreSQL, restart: the same database again, nothing to apply;
 * - SQLite, first start: a fresh DATA_DIR.
 * Prints the median and every run of each, with the server process's CPU time (user + system from
 * /proc, Linux) — steadier than wall time when other processes share the cores.
 *
 * `COLD_START_RUNS` (default 7), `BENCH_POSTGRES_URL` as for the benchmark.
 * Usage: node --import tsx bench/cold-start.ts
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { shippedNodeFlags, startChild } from './child.ts';
import { CREDENTIALS, withPostgres } from './http.ts';

const RUNS = Number(process.env.COLD_START_RUNS ?? 7);
/** USER_HZ: the unit of /proc/<pid>/stat's utime and stime on Linux. */
const CLOCK_TICKS_PER_SECOND = 100;

interface Start {
  wallMs: number;
  cpuMs: number;
}

async function cpuMsOf(pid: number): Promise<number> {
  // Fields after the command name, which is in parentheses and may hold spaces: utime, stime are 14th and 15th.
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

async function startOnce(env: Record<string, string>): Promise<Start> {
  const server = await startChild('./servers/signer.mjs', { ...CREDENTIALS, ...env }, shippedNodeFlags());
  try {
    return { wallMs: server.startMs, cpuMs: await cpuMsOf(server.process.pid!) };
  } finally {
    await server.stop();
  }
}

const cases = { 'postgres first start': [] as Start[], 'postgres restart': [] as Start[], 'sqlite first start': [] as Start[] };
for (let run = 0; run < RUNS; run++) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'oc-cold-start-'));
  try {
    const postgres = await withPostgres(async (url) => {
      cases['postgres first start'].push(await startOnce({ DATABASE_URL: url, DATA_DIR: dataDir }));
      cases['postgres restart'].push(await startOnce({ DATABASE_URL: url, DATA_DIR: dataDir }));
    });
    if (postgres && 'skipped' in postgres) console.log(postgres.skipped);
    cases['sqlite first start'].push(await startOnce({ DATA_DIR: path.join(dataDir, 'sqlite') }));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
for (const [name, starts] of Object.entries(cases)) {
  if (starts.length === 0) continue;
  const wall = starts.map((start) => start.wallMs);
  const cpu = starts.map((start) => start.cpuMs);
  console.log(
    `${name.padEnd(22)} median ${median(wall).toFixed(0)} ms (CPU ${median(cpu).toFixed(0)} ms); runs: ${wall.map((ms) => ms.toFixed(0)).join(' ')}`,
  );
}
