// Bundles the server's TypeScript into plain ES modules (dist/server/), so `ogone-checkout serve`
// starts without compiling TypeScript at run time: faster cold start, less memory. npm
// packages that are native, start workers or compile (better-sqlite3, pg, pino, pino-pretty, prom-client: CommonJS that requires Node built-ins, esbuild) stay external. bin/ogone-checkout.js uses the bundle when
// it is newer than every source file, and the TypeScript sources through tsx otherwise.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const outdir = new URL('../dist/server/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: {
    commands: 'server/commands/index.ts',
    'start-server': 'server/start-server.ts',
    app: 'server/app.ts',
    'webhooks-verify': 'server/webhooks/verify.ts',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Pure-JS packages are bundled in (one file to parse instead of hundreds of small modules: the
  // cold start); native, worker-based and build-time ones stay external.
  external: ['better-sqlite3', 'pg', 'pino', 'pino-pretty', 'prom-client', 'esbuild', 'tsx', 'tsx/*'],
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(
  `dist/server: ${Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js')).length} modules, ${(bytes / 1024).toFixed(0)} KB`,
);
