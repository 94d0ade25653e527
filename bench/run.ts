/**
 * `npm run bench`: every speed and size target of the project, measured side by side in one run.
 * Prints a table and writes bench/results.json. Targets are reported here, never asserted in tests.
 *   BENCH_SECONDS   duration of each load run (default 5)
 *   BENCH_POSTGRES_URL  an admin connection for the PostgreSQL half (default the local `test` db)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpus, totalmem } from 'node:os';
import { runHttpBench, type HttpBench, type StorageFigures } from './http.ts';
import { runSignatureBench } from './signature.ts';
import { runDurabilityBench } from './durability.ts';
import { measureWidget } from './widget-size.ts';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const verdict = (ok: boolean) => (ok ? 'OK' : 'MISSED');

interface Row {
  measure: string;
  figure: string;
  target: string;
  ok: boolean | null;
}

function storageRows(name: string, figures: StorageFigures, baseline: number): Row[] {
  const signRatio = figures.sign.max.requestsPerSecond / baseline;
  const feedbackRatio = figures.feedback.max.requestsPerSecond / baseline;
  const errors = (r: StorageFigures['sign']['max']) => (r.non2xx + r.errors > 0 ? ` (${r.non2xx} non-2xx, ${r.errors} errors)` : '');
  const floorRatio = figures.floor.requestsPerSecond / baseline;
  const ofFloor = (r: StorageFigures['sign']['max']) => `${(r.requestsPerSecond / figures.floor.requestsPerSecond).toFixed(2)} × floor`;
  return [
    {
      measure: `floor: GET /healthz through the signer's middleware, no work, ${name}`,
      figure: `${int(figures.floor.requestsPerSecond)} req/s = ${floorRatio.toFixed(2)} × baseline`,
      target: '— (ceiling of any route)',
      ok: null,
    },
    {
      measure: `sign: POST /checkout/sessions/:id/attempts, ${name}`,
      figure: `${int(figures.sign.max.requestsPerSecond)} req/s = ${signRatio.toFixed(2)} × baseline = ${ofFloor(figures.sign.max)}${errors(figures.sign.max)}`,
      target: '≥ 0.5 × baseline',
      ok: signRatio >= 0.5,
    },
    {
      measure: `sign p99 at half of its max (${int(figures.sign.max.requestsPerSecond / 2)} req/s, 4 connections), ${name}`,
      figure: `${figures.sign.atHalf.p99Ms} ms (p50 ${figures.sign.atHalf.p50Ms} ms)`,
      target: '≤ 20 ms',
      ok: figures.sign.atHalf.p99Ms <= 20,
    },
    {
      measure: `feedback: POST /payment/ogone/return, ${name}`,
      figure: `${int(figures.feedback.max.requestsPerSecond)} req/s = ${feedbackRatio.toFixed(2)} × baseline = ${ofFloor(figures.feedback.max)}${errors(figures.feedback.max)}`,
      target: '≥ 0.3 × baseline',
      ok: feedbackRatio >= 0.3,
    },
    {
      measure: `feedback p99 at half of its max (${int(figures.feedback.max.requestsPerSecond / 2)} req/s, 4 connections), ${name}`,
      figure: `${figures.feedback.atHalf.p99Ms} ms (p50 ${figures.feedback.atHalf.p50Ms} ms)`,
      target: '≤ 20 ms',
      ok: figures.feedback.atHalf.p99Ms <= 20,
    },
    {
      measure: `cold start to ready (process spawn → listening, migrations applied), ${name}`,
      figure: `${int(figures.startMs)} ms`,
      target: '≤ 500 ms',
      ok: figures.startMs <= 500,
    },
    {
      measure: `RSS idle / peak under load, ${name}`,
      figure: `${figures.rssIdleMb.toFixed(0)} MB / ${figures.rssLoadMb.toFixed(0)} MB`,
      target: '≤ 150 MB',
      ok: figures.rssLoadMb <= 150,
    },
  ];
}

function printTable(rows: Row[]): void {
  const widths = [
    Math.max(...rows.map((r) => r.measure.length)),
    Math.max(...rows.map((r) => r.figure.length)),
    Math.max(...rows.map((r) => r.target.length)),
  ];
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 6)).join(' | ')} |`;
  console.log(line(['measure', 'figure', 'target']) + ' result |');
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|--------|`);
  for (const row of rows)
    console.log(line([row.measure, row.figure, row.target]) + ` ${row.ok === null ? '—' : verdict(row.ok)}`.padEnd(7) + ' |');
}

/** The benchmark measures the production bundle: build it when it is missing or older than the sources. */
function ensureBuilt(): void {
  const result = spawnSync(process.execPath, [fileURLToPath(new URL('../bin/ogone-checkout.js', import.meta.url)), '--bundle-fresh'], {
    encoding: 'utf8',
  });
  if (result.stdout.trim() === 'fresh' && existsSync(new URL('../dist/ogone-checkout.js', import.meta.url))) return;
  console.log('building (npm run build) …');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
}

async function main(): Promise<void> {
  ensureBuilt();
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${process.platform}`;
  console.log(`ogone-checkout benchmark — ${machine}\n`);
  const rows: Row[] = [];

  const signature = runSignatureBench();
  rows.push({
    measure: `SHA-512 signature, ${signature.parameters}-parameter request: composer / bare createHash`,
    figure: `${int(signature.composerPerSecond)} / ${int(signature.bareHashPerSecond)} per s = ${signature.ratio.toFixed(2)}`,
    target: '≥ 0.5',
    ok: signature.ratio >= signature.target,
  });

  const widget = measureWidget();
  if ('skipped' in widget) rows.push({ measure: 'widget size', figure: widget.skipped, target: '≤ 12 KB gzip', ok: null });
  else
    rows.push({
      measure: `widget ${widget.file} (raw ${int(widget.rawBytes)} B): gzip / brotli`,
      figure: `${(widget.gzipBytes / 1024).toFixed(1)} KB / ${(widget.brotliBytes / 1024).toFixed(1)} KB`,
      target: '≤ 12 KB gzip',
      ok: widget.gzipBytes <= widget.targetGzipBytes,
    });

  const durationSeconds = Number(process.env.BENCH_SECONDS ?? 5);
  const http: HttpBench = await runHttpBench({ durationSeconds });
  rows.push({
    measure: `baseline: bare Hono "hello" on @hono/node-server (${http.connections} connections, ${durationSeconds} s runs)`,
    figure: `${int(http.baseline.requestsPerSecond)} req/s, p99 ${http.baseline.p99Ms} ms`,
    target: '—',
    ok: null,
  });
  rows.push(...storageRows('SQLite', http.sqlite, http.baseline.requestsPerSecond));
  if ('skipped' in http.postgres) rows.push({ measure: 'PostgreSQL', figure: http.postgres.skipped, target: '—', ok: null });
  else rows.push(...storageRows('PostgreSQL', http.postgres, http.baseline.requestsPerSecond));

  // synchronous = FULL (the server's setting) against NORMAL: the price of surviving a power loss.
  const durability = await runDurabilityBench();
  rows.push({
    measure: 'SQLite writes/s, one per commit: synchronous NORMAL / FULL',
    figure: `${int(durability.alone.normal)} / ${int(durability.alone.full)} = ${(durability.alone.full / durability.alone.normal).toFixed(2)} ×`,
    target: '—',
    ok: null,
  });
  rows.push({
    measure: 'SQLite writes/s, 16 sharing a group commit: synchronous NORMAL / FULL',
    figure: `${int(durability.grouped.normal)} / ${int(durability.grouped.full)} = ${(durability.grouped.full / durability.grouped.normal).toFixed(2)} ×`,
    target: '—',
    ok: null,
  });

  printTable(rows);
  writeFileSync(
    new URL('./results.json', import.meta.url),
    JSON.stringify({ machine, date: new Date().toISOString(), rows, signature, widget, http, durability }, null, 2) + '\n',
  );
  console.log('\nwritten: bench/results.json');
}

await main();
