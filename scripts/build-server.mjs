// Bundles the server's TypeScript into plain ES modules (server/dist/), so `ogone-checkout serve`
// starts without compiling TypeScript at run time: faster cold start, less memory. npm packages
// that are native, start workers or compile (better-sqlite3, pg, pino, pino-pretty, prom-client:
// CommonJS that requires Node built-ins) stay external: they are the package's dependencies; the
// pure-JS ones (hono, kysely, zod…) are bundled in, so they are only dev dependencies. Also
// prebuilds the dashboard's and the demo shop's browser modules (server/dashboard/bundle.ts reads
// them when compiled) and writes the `./webhooks` and `./client` entries, re-exports of
// @ogone-checkout/shared. Run by scripts/build-packages.mjs (`npm run build`).
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
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
const result = await build({
  entryPoints: {
    commands: 'server/commands/index.ts',
    'start-server': 'server/start-server.ts',
    app: 'server/app.ts',
    index: 'server/index.ts',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
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
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  metafile: true,
  plugins: [zodEnglishOnly],
});

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

const outputs = { ...result.metafile.outputs, ...browser.metafile.outputs };
const bytes = Object.values(outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`server/dist: ${Object.keys(outputs).filter((f) => f.endsWith('.js')).length} modules, ${(bytes / 1024).toFixed(0)} KB`);
