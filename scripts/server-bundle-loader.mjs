// Copied by scripts/build-server.mjs to server/dist/server-bundle.js: the one module that loads
// the server's code (dist/server.cjs, one CommonJS file), for dist/commands.js, dist/start-server.js
// and dist/index.js. It compiles that file with V8's code cache (dist/server.cjs.cache, written by
// the build from a training start), so a cold start deserializes the bytecode of everything the
// start runs instead of parsing and compiling it (issue 17: most of a start was compiling the
// bundle, and Node 20 has no compile cache for ES modules; `module.enableCompileCache` is Node 22).
//
// The cache is an optimisation only, never needed to start:
// - no cache file, or one made from other bytes (its first 32 bytes are the SHA-256 of the
//   server.cjs it was made from): compiled from source as without a cache;
// - another Node / V8 version, or other V8 flags than the build's training start (the bin's
//   shebang flags): V8 itself rejects the cache (`cachedDataRejected`) and compiles from source;
// - nothing is written at run time, so a read-only install starts the same.
import { createRequire } from 'node:module';

// Node's built-ins through require, not `import`: importing one from an ES module makes Node read
// every export of it, running its lazy getters (node:fs loads its streams, node:crypto its Web
// Crypto), about a millisecond of a cold start this file needs none of.
const require = createRequire(import.meta.url);
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { fileURLToPath, pathToFileURL } = require('node:url');
const vm = require('node:vm');

const file = fileURLToPath(new URL('./server.cjs', import.meta.url));

/**
 * Compiles and runs the bundle. The file's bytes and the cache are read in here, so neither stays
 * referenced (3 MB of memory) once the bundle runs; only their digest is kept, for codeCache().
 */
function load() {
  const bytes = readFileSync(file);
  const digest = createHash('sha256').update(bytes).digest();
  const cachedData = process.env.OGONE_CHECKOUT_CODE_CACHE === '0' ? undefined : cachedDataFor(digest);
  // CommonJS's own wrapper, plus import.meta.url (the build defines `import.meta.url` as
  // `__importMetaUrl`: the package finds its files from it, server/package-root.ts). On the first
  // line, so the bundle's line numbers (and its source map's) stay as they are.
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname, __importMetaUrl) {${bytes.toString('utf8')}\n})`,
    {
      filename: file,
      ...(cachedData ? { cachedData } : {}),
    },
  );
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file), pathToFileURL(file).href);
  return { exports: module.exports, script, digest, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/** The V8 code cache made from exactly the bytes whose digest is given, if the build left one. */
function cachedDataFor(digest) {
  let cache;
  try {
    cache = readFileSync(`${file}.cache`);
  } catch {
    return undefined;
  }
  return cache.length > digest.length && digest.equals(cache.subarray(0, digest.length)) ? cache.subarray(digest.length) : undefined;
}

const loaded = load();

/** The bundle's exports: `main` (the CLI), `startServer` (start-server.ts), `publicStartServer` (index.ts), `DEFAULT_DIST_DIR` (app.ts). */
export const server = loaded.exports;

/** Whether this start ran from the code cache (the cold-start benchmark and tests read it). */
export const codeCacheUsed = loaded.cacheUsed;

/**
 * The cache file's bytes for what this process compiled so far: the build calls it after a
 * training start, so the functions a start runs are in it, not only the top level.
 */
export function codeCache() {
  return Buffer.concat([loaded.digest, loaded.script.createCachedData()]);
}
