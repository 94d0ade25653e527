// Bundles the server's TypeScript for Node (server/dist/), so `ogone-checkout serve` starts without
// compiling TypeScript at run time: faster cold start, less memory. What runs is one CommonJS file,
// dist/server.cjs, with V8's code cache of a training start beside it (server.cjs.cache; see
// writeCodeCache below and scripts/server-bundle-loader.mjs); dist/commands.js, start-server.js and
// index.js are ES modules re-exporting from it. npm packages that are native, start workers or
// compile (better-sqlite3, pg, pino, pino-pretty, prom-client: CommonJS that requires Node
// built-ins) stay external: they are the package's dependencies; the pure-JS ones (hono, kysely,
// zod…) are bundled in, so they are only dev dependencies. Also prebuilds the dashboard's and the
// demo shop's browser modules (server/dashboard/bundle.ts reads them when compiled) and writes the
// `./webhooks` and `./client` entries, re-exports of @ogone-checkout/shared. Run by
// scripts/build-packages.mjs (`npm run build`).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';

const outdir = new URL('../server/dist/', import.meta.url).pathname;

/**
 * zod's `z` namespace re-exports every translation of its error messages (`z.locales`, ~80
 * languages, 400 KB: a fifth of what the server compiles on its cold start, issue 17). The
 * server never calls `z.config(z.locales.xx())`: it writes its own messages (shared/schemas/errors.ts)
 * and zod configures English itself. The namespace is bundled with English only.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer) ? { path: 'zod-locales-en', namespace: 'zod-english-only' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: new URL('../server/', import.meta.url).pathname,
    }));
  },
};
rmSync(outdir, { recursive: true, force: true });
// The server build's options (one build since the ES-module copy of the app went).
const serverBuild = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Pure-JS packages are bundled in (one file to parse instead of hundreds of small modules: the
  // cold start); native, worker-based and build-time ones stay external.
  external: ['better-sqlite3', 'pg', 'pino', 'pino-pretty', 'prom-client', 'esbuild', 'tsx', 'tsx/*', 'vite'],
  sourcemap: true,
  // Less for Node to read and parse on every cold start (issue 17): whitespace and syntax only.
  // Identifiers keep their names, so a logged stack trace still names its functions (the source
  // map gives their lines with `node --enable-source-maps`); renaming them too saves about as
  // much again, and esbuild's keepNames costs more than it saves.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  metafile: true,
  plugins: [zodEnglishOnly],
};

// What runs: the CLI's commands, startServer and the public API's startServer in one CommonJS
// file, dist/server.cjs, loaded by dist/server-bundle.js (scripts/server-bundle-loader.mjs) with a
// V8 code cache — which ES modules cannot use on Node 20 (issue 17). What an ES module imported
// with `import()` (the sandbox, the DirectLink client, the metrics registry…) is wrapped by esbuild
// to run on that call, as before; its code is in the file but not compiled until then.
const result = await build({
  ...serverBuild,
  stdin: {
    contents: [
      "export { main } from './commands/index.ts';",
      "export { startServer } from './start-server.ts';",
      "export { startServer as publicStartServer } from './index.ts';",
      // Where the bundle serves the widget from (app.ts's DEFAULT_DIST_DIR is this constant):
      // test/server/package-root.test.ts reads it. Not from app.ts: a static import of the app
      // here evaluates it as the bundle loads, before the migrations start, instead of alongside
      // them (start-server.ts, issue 17).
      "export { WIDGET_BUNDLE_DIR as DEFAULT_DIST_DIR } from './package-root.ts';",
    ].join('\n'),
    resolveDir: new URL('../server/', import.meta.url).pathname,
    sourcefile: 'server-bundle.ts',
    loader: 'ts',
  },
  outfile: `${outdir}server.cjs`,
  format: 'cjs',
  // The package finds its files from its module's URL (server/package-root.ts); the loader
  // passes the bundle's own.
  define: { 'import.meta.url': '__importMetaUrl' },
});
// A script compiled by vm.Script has no module loader behind `import()`: every import is a
// require or bundled in, except esbuild's, which only dev mode calls (server/dashboard/bundle.ts).
const dynamicImports = readFileSync(`${outdir}server.cjs`, 'utf8').match(/\bimport\((?!"esbuild"\))[^)]*\)/g);
if (dynamicImports) throw new Error(`server.cjs keeps dynamic imports it cannot run: ${dynamicImports.join(', ')}`);
copyFileSync(new URL('./server-bundle-loader.mjs', import.meta.url), `${outdir}server-bundle.js`);
for (const [name, line] of [
  ['commands', 'export const main = server.main;'],
  ['start-server', 'export const startServer = server.startServer;'],
  ['index', 'export const startServer = server.publicStartServer;'],
]) {
  writeFileSync(`${outdir}${name}.js`, `import { server } from './server-bundle.js';\n${line}\n`);
}

// The browser modules, with the options of server/dashboard/bundle.ts's BROWSER_BUILD_OPTIONS
// (its dev-mode build); `dist/browser/` mirrors the package's folders (prebuiltPath there).
const browser = await build({
  entryPoints: ['server/dashboard/client/main.ts', 'server/demo/client/shop.ts'],
  outbase: 'server',
  outdir: `${outdir}browser`,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});

// `ogone-checkout/webhooks` and `ogone-checkout/client`: the shared package's, types included.
for (const [name, subpath] of [
  ['webhooks', 'webhooks'],
  ['client', 'client'],
]) {
  const line = `export * from '@ogone-checkout/shared/${subpath}';\n`;
  writeFileSync(`${outdir}${name}.js`, line);
  writeFileSync(`${outdir}${name}.d.ts`, line);
}

// The main entry's types: server/public-api.ts stands alone (no imports), so its declaration is
// transpiled file by file; index.d.ts declares server/index.ts's one export with that type.
const publicApi = ts.transpileDeclaration(readFileSync('server/public-api.ts', 'utf8'), { fileName: 'public-api.ts' });
writeFileSync(`${outdir}public-api.d.ts`, publicApi.outputText);
writeFileSync(
  `${outdir}index.d.ts`,
  "export type { Server, ServerOptions, StartServer } from './public-api.js';\nexport declare const startServer: import('./public-api.js').StartServer;\n",
);

writeCodeCache();

const outputs = { ...result.metafile.outputs, ...browser.metafile.outputs };
const bytes = Object.values(outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`server/dist: ${Object.keys(outputs).filter((f) => f.endsWith('.js')).length} modules, ${(bytes / 1024).toFixed(0)} KB`);

/**
 * dist/server.cjs.cache: V8's code cache of dist/server.cjs after a training start — a SQLite
 * server in sandbox mode, logging at info, answering /healthz and /readyz — so it holds the
 * bytecode of every function a start and its first answers run, not only the file's top level.
 * Made by a Node with the V8 flags of the package's bin (its shebang line): V8 accepts a cache
 * only from its own version with the same flags, and compiles from source otherwise
 * (server-bundle-loader.mjs).
 */
function writeCodeCache() {
  const shebang = readFileSync(new URL('../server/bin/ogone-checkout.js', import.meta.url), 'utf8').split('\n', 1)[0] ?? '';
  const flags = shebang.split(/\s+/).filter((word) => word.startsWith('--'));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ogone-checkout-code-cache-'));
  const training = `
    import { writeFileSync } from 'node:fs';
    const { server, codeCache } = await import(${JSON.stringify(`${outdir}server-bundle.js`)});
    const running = await server.startServer({ env: { OGONE_ENVIRONMENT: 'sandbox', DATA_DIR: ${JSON.stringify(dataDir)}, LOG_LEVEL: 'info' }, port: 0, host: '127.0.0.1' });
    for (const route of ['/healthz', '/readyz']) {
      const response = await fetch(running.url + route);
      if (response.status !== 200) throw new Error(route + ' answered ' + response.status);
    }
    // Taken before closing: the shutdown's code has no place in a start's cache.
    const cache = codeCache();
    await running.close();
    writeFileSync(${JSON.stringify(`${outdir}server.cjs.cache`)}, cache);`;
  try {
    // A clean environment: no DATABASE_URL or credentials of the shell that builds.
    const run = spawnSync(process.execPath, [...flags, '--input-type=module', '--eval', training], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (run.status !== 0) throw new Error(`the code cache's training start failed (exit ${run.status})`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
