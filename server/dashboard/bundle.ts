/**
 * A browser module (the dashboard's, the demo shop's): one ES module, no inline script, so the
 * page runs under `script-src 'self'`. Shared code (money, NCERROR, states) is bundled in rather
 * than duplicated.
 *
 * Compiled (the installed package, the bundle `npm run build` writes), the module is the file
 * the build prebuilt into `dist/browser/` (scripts/build-packages.mjs): nothing is compiled at
 * run time. In dev mode (sources through tsx) it is bundled from TypeScript by esbuild on first
 * request, so an edit shows without a rebuild. Either way it is kept in memory.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BUILD_DIR, PACKAGE_ROOT, RUNNING_FROM_SOURCE } from '../package-root.ts';

export interface BuiltModule {
  code: string;
  etag: string;
}

export const DASHBOARD_ENTRY = path.join(PACKAGE_ROOT, 'dashboard', 'client', 'main.ts');

/**
 * Where the build puts the module bundled from `entry`: `dist/browser/` mirrors the package's
 * folders (`dashboard/client/main.ts` → `dist/browser/dashboard/client/main.js`).
 */
export function prebuiltPath(entry: string): string {
  return path.join(BUILD_DIR, 'browser', path.relative(PACKAGE_ROOT, entry).replace(/\.ts$/, '.js'));
}

/** Loads `entry`'s module once per process; a failed load is retried on the next request. */
export function browserBundle(entry: string): () => Promise<BuiltModule> {
  let pending: Promise<BuiltModule> | undefined;
  return () => {
    pending ??= (RUNNING_FROM_SOURCE ? bundle(entry) : readPrebuilt(entry)).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

function withEtag(code: string): BuiltModule {
  return { code, etag: `"${createHash('sha256').update(code).digest('hex').slice(0, 16)}"` };
}

async function readPrebuilt(entry: string): Promise<BuiltModule> {
  return withEtag(await readFile(prebuiltPath(entry), 'utf8'));
}

async function bundle(entry: string): Promise<BuiltModule> {
  // Dev mode only (esbuild is a dev dependency); loaded on the first request, not at start-up.
  const { build } = await import('esbuild');
  const result = await build({ ...BROWSER_BUILD_OPTIONS, entryPoints: [entry], write: false, logLevel: 'silent' });
  return withEtag(result.outputFiles[0]?.text ?? '');
}

/** esbuild's options for a browser module, the same in dev mode and in `npm run build`. */
export const BROWSER_BUILD_OPTIONS = {
  bundle: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  minify: true,
  legalComments: 'none',
} as const;
