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
 * /proc, Linux) — steadier than wall time when other processes share the cores — and whether the
 * bundle ran from its V8 code cache (it does when built by this Node).
 *
 * `COLD_START_RUNS` (default 7), `BENCH_POSTGRES_URL` as for the benchmark.
 * Usage: node --import tsx bench/cold-start.ts
 */
import { execFileSync } from 'node:child_process';
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

async function startOnce(env: Record<string, string>, script = './servers/signer.mjs', nodeFlags = shippedNodeFlags()): Promise<Start> {
  const server = await startChild(script, { ...CREDENTIALS, ...env }, nodeFlags);
  try {
    return { wallMs: server.startMs, cpuMs: await cpuMsOf(server.process.pid!) };
  } finally {
    await server.stop();
  }
}

export interface ColdStarts {
  runs: number;
  /** The bare Hono "hello" (bench/servers/hello.mjs), spawn → ready: Node's own start on this machine. */
  hello: number[];
  sqliteFirst: number[];
  /** Empty when PostgreSQL is not reachable (`postgresSkipped` says why). */
  postgresFirst: number[];
  postgresRestart: number[];
  postgresSkipped?: string;
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/**
 * The three cases `runs` times each, interleaved. `npm run bench` reports their medians: one
 * start is one sample of a few hundred milliseconds of process, disk and database work, and a
 * single one swung between 304 and 415 ms on PostgreSQL from run to run.
 */
export async function measureColdStarts(runs = RUNS, onStart?: (name: string, start: Start) => void): Promise<ColdStarts> {
  const result: ColdStarts = { runs, hello: [], sqliteFirst: [], postgresFirst: [], postgresRestart: [] };
  const note = (name: string, list: number[], start: Start) => {
    list.push(start.wallMs);
    onStart?.(name, start);
  };
  for (let run = 0; run < runs; run++) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'oc-cold-start-'));
    try {
      const postgres = await withPostgres(async (url) => {
        note('postgres first start', result.postgresFirst, await startOnce({ DATABASE_URL: url, DATA_DIR: dataDir }));
        note('postgres restart', result.postgresRestart, await startOnce({ DATABASE_URL: url, DATA_DIR: dataDir }));
      });
      if (postgres && 'skipped' in postgres) result.postgresSkipped = postgres.skipped;
      note('sqlite first start', result.sqliteFirst, await startOnce({ DATA_DIR: path.join(dataDir, 'sqlite') }));
      note('bare hello', result.hello, await startOnce({}, './servers/hello.mjs', []));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  return result;
}

/**
 * Whether the bundle runs from its V8 code cache under the bin's flags (server/dist/server.cjs.cache,
 * scripts/server-bundle-loader.mjs): a Node other than the build's compiles it from source, a
 * slower start that is still correct.
 */
export function bundleCodeCacheUsed(): boolean {
  const loader = new URL('../server/dist/server-bundle.js', import.meta.url).href;
  const output = execFileSync(
    process.execPath,
    [...shippedNodeFlags(), '--input-type=module', '--eval', `console.log((await import(${JSON.stringify(loader)})).codeCacheUsed)`],
    { encoding: 'utf8' },
  );
  return output.trim() === 'true';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`code cache: ${bundleCodeCacheUsed() ? 'used' : 'not used (compiled from source)'}`);
  const cases: Record<string, Start[]> = {};
  await measureColdStarts(RUNS, (name, start) => (cases[name] ??= []).push(start));
  for (const [name, starts] of Object.entries(cases)) {
    const wall = starts.map((start) => start.wallMs);
    const cpu = starts.map((start) => start.cpuMs);
    console.log(
      `${name.padEnd(22)} median ${median(wall).toFixed(0)} ms (CPU ${median(cpu).toFixed(0)} ms); runs: ${wall.map((ms) => ms.toFixed(0)).join(' ')}`,
    );
  }
}
