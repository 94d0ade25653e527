/**
 * `npm run bench` rows for the packages as users install them (issue 14): the three workspaces
 * packed and installed from their tarballs into temporary projects (test/packages/install.ts),
 * then
 * - time to ready of the installed CLI: `ogone-checkout serve` (node_modules/.bin, so the
 *   package's own bin and its node flags) from spawn until `/readyz` answers 200, SQLite in a
 *   fresh DATA_DIR migrated by a first start: the median of the restarts after it;
 * - its idle RSS, a few seconds after ready;
 * - the install size of the widget package besides lit: every byte a widget-only install adds
 *   to node_modules except lit's own packages.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bytesUnder, ensureBuilt, installProject, packAll } from '../test/packages/install.ts';
import { rssOf } from './child.ts';

export const READY_TARGET_MS = 500;
export const IDLE_RSS_TARGET_MB = 90;
export const WIDGET_INSTALL_TARGET_BYTES = 1024 * 1024;
/** lit and the packages it brings (lit-html, lit-element, @lit/reactive-element, @lit-labs/ssr-dom-shim, lit-html's @types/trusted-types). */
const LIT_PACKAGES = ['lit', 'lit-html', 'lit-element', '@lit', '@lit-labs', '@types'];

export interface InstalledFigures {
  /** Spawn → /readyz 200 of each restart, ms. */
  readyMs: number[];
  medianReadyMs: number;
  /** The first start, which also creates and migrates the database. */
  firstStartMs: number;
  idleRssMb: number;
  widgetInstallBytes: number;
  /** Bytes per package of the widget-only install, lit's included. */
  widgetInstall: Record<string, number>;
  tarballBytes: Record<string, number>;
}

async function startOnce(project: string, dataDir: string, idleMs: number): Promise<{ readyMs: number; rssMb: number }> {
  const started = performance.now();
  const child = spawn(path.join(project, 'node_modules/.bin/ogone-checkout'), ['serve'], {
    cwd: project,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, OGONE_ENVIRONMENT: 'sandbox', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`ogone-checkout serve exited with ${code}:\n${stderr}`)));
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const found = /listening on (http:\/\/[^\s"]+)/.exec(stderr)?.[1];
        if (found) resolve(found);
      });
    });
    for (;;) {
      const response = await fetch(`${url}/readyz`).catch(() => undefined);
      if (response?.status === 200) break;
      await sleep(5);
    }
    const readyMs = performance.now() - started;
    await sleep(idleMs);
    return { readyMs, rssMb: rssOf(child.pid!) };
  } finally {
    child.removeAllListeners('exit');
    await new Promise((done) => {
      child.once('exit', done);
      child.kill('SIGTERM');
    });
  }
}

export async function measureInstalledPackages(restarts = 5): Promise<InstalledFigures> {
  ensureBuilt();
  const work = mkdtempSync(path.join(tmpdir(), 'ogone-checkout-bench-packages-'));
  try {
    const tarballs = packAll(path.join(work, 'tarballs'));
    const full = path.join(work, 'full');
    installProject(full, tarballs);
    const widgetOnly = path.join(work, 'widget-only');
    installProject(
      widgetOnly,
      tarballs.filter((tarball) => tarball.name === '@ogone-checkout/widget'),
    );

    const dataDir = path.join(work, 'data');
    const first = await startOnce(full, dataDir, 0);
    const readyMs: number[] = [];
    let idleRssMb = 0;
    for (let i = 0; i < restarts; i++) {
      const run = await startOnce(full, dataDir, i === restarts - 1 ? 3000 : 0);
      readyMs.push(run.readyMs);
      idleRssMb = run.rssMb;
    }
    const sorted = [...readyMs].sort((a, b) => a - b);

    const modules = path.join(widgetOnly, 'node_modules');
    const widgetInstall: Record<string, number> = {};
    for (const entry of readdirSync(modules, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === '.bin' || entry.name === '.package-lock.json') continue;
      widgetInstall[entry.name] = bytesUnder(path.join(modules, entry.name));
    }
    const widgetInstallBytes = Object.entries(widgetInstall)
      .filter(([name]) => !LIT_PACKAGES.includes(name))
      .reduce((sum, [, bytes]) => sum + bytes, 0);

    return {
      readyMs,
      medianReadyMs: sorted[Math.floor(sorted.length / 2)]!,
      firstStartMs: first.readyMs,
      idleRssMb,
      widgetInstallBytes,
      widgetInstall,
      tarballBytes: Object.fromEntries(tarballs.map((tarball) => [tarball.name, tarball.size])),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureInstalledPackages(), null, 2));
}

export interface InstalledRow {
  key: string;
  measure: string;
  figure: string;
  target: string;
  ok: boolean | null;
}

/** The three rows of bench/run.ts's table. */
export function installedRows(figures: InstalledFigures): InstalledRow[] {
  const ms = (n: number) => `${Math.round(n)} ms`;
  return [
    {
      key: 'installed.ready',
      measure: `installed CLI: ogone-checkout serve, spawn → /readyz 200 (median of ${figures.readyMs.length} restarts; first start ${ms(figures.firstStartMs)})`,
      figure: ms(figures.medianReadyMs),
      target: `≤ ${READY_TARGET_MS} ms`,
      ok: figures.medianReadyMs <= READY_TARGET_MS,
    },
    {
      key: 'installed.idle-rss',
      measure: 'installed CLI: idle RSS 3 s after ready',
      figure: `${figures.idleRssMb.toFixed(1)} MB`,
      target: `≤ ${IDLE_RSS_TARGET_MB} MB`,
      ok: figures.idleRssMb <= IDLE_RSS_TARGET_MB,
    },
    {
      key: 'installed.widget-size',
      measure: 'npm i @ogone-checkout/widget: node_modules besides lit',
      figure: `${(figures.widgetInstallBytes / 1024).toFixed(0)} KB`,
      target: '≤ 1 MB',
      ok: figures.widgetInstallBytes <= WIDGET_INSTALL_TARGET_BYTES,
    },
  ];
}
