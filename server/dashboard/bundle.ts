/**
 * A browser module (the dashboard's, the demo shop's), bundled from TypeScript by esbuild (tsx's own compiler, a
 * dependency at run time anyway) on first request and kept in memory: one ES module, no inline
 * script, so the page runs under `script-src 'self'`. Shared code (money, NCERROR, states) is
 * bundled in rather than duplicated.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root.ts';

export interface BuiltModule {
  code: string;
  etag: string;
}

export const DASHBOARD_ENTRY = path.join(PACKAGE_ROOT, 'server', 'dashboard', 'client', 'main.ts');

/** Bundles `entry` once per process; a failed build is retried on the next request. */
export function browserBundle(entry: string): () => Promise<BuiltModule> {
  let pending: Promise<BuiltModule> | undefined;
  return () => {
    pending ??= bundle(entry).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

async function bundle(entry: string): Promise<BuiltModule> {
  // Loaded on the first dashboard request, not at start-up (the cold start).
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text ?? '';
  return { code, etag: `"${createHash('sha256').update(code).digest('hex').slice(0, 16)}"` };
}
