#!/usr/bin/env -S node --max-semi-space-size=8 --heap-growing-percent=50
// `npx ogone-checkout` / `ogone-checkout` of the installed package: always the compiled bundle
// (dist/commands.js, written by `npm run build` before packing), never TypeScript. The V8 flags
// are the ones of the repository's bin/ogone-checkout.js (their reasons are there).
// No child process: `env -S` execs node itself and the CLI runs in this process, so SIGTERM /
// SIGINT reach the server directly and its exit code is the process's.
let commands;
try {
  commands = await import('../dist/commands.js');
} catch (error) {
  // Only in a repository clone that was never built (the installed package always has dist/).
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('commands.js')) throw error;
  console.error('ogone-checkout: dist/commands.js is missing: run `npm run build` (or use bin/ogone-checkout.js in the repository)');
  process.exit(1);
}
process.exitCode = await commands.main(process.argv.slice(2), process.env);
