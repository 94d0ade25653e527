#!/usr/bin/env -S node --max-semi-space-size=8
// `npx ogone-checkout` / `ogone-checkout` of the installed package: always the compiled bundle
// (dist/commands.js, written by `npm run build` before packing), never TypeScript. The V8 flag
// is the one of the repository's bin/ogone-checkout.js (its reason is there).
// No child process: `env -S` execs node itself and the CLI runs in this process, so SIGTERM /
// SIGINT reach the server directly and its exit code is the process's.
const commands = await import('../dist/commands.js');
process.exitCode = await commands.main(process.argv.slice(2), process.env);
