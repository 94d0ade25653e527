#!/usr/bin/env -S node --max-semi-space-size=8 --heap-growing-percent=50
// Entry point of `npx ogone-checkout`. V8's young generation is capped at 2 × 8 MB (V8's default
// 2 × 16 MB): a payment request waits for its group commit (server/db/group-commit.ts), so more
// requests survive a scavenge under load and V8 grows the young generation to its maximum; 8 MB
// keeps the peak RSS under load below 150 MB at the same throughput. The old generation grows by
// 1.5 × instead of V8's default up to 4 ×: under load only ~20 MB of it is live while it grew to
// 45–70 MB between full collections; at 50 % the peak RSS fell from ~135 to ~106 MB at the same
// CPU per request. Neither flag is a limit: the heap still grows as far as it must.
// `npm run bench` runs the server with these flags, read from this line.
// This is the repository's dev-mode entry (tests, docs/deploy.md's checkout): it runs the bundle
// `npm run build` writes (server/dist/commands.js) when it is newer than every TypeScript source,
// and the sources through tsx's loader otherwise — so a stale bundle never runs in place of edited
// code. The installed package's CLI is server/bin/ogone-checkout.js, which always runs the bundle.
// No child process anywhere: `env -S` execs node itself, and the CLI runs in this process, so
// SIGTERM / SIGINT reach the server directly and its exit code is the process's (server/commands/serve.ts).
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = `${dir}/${entry.name}`;
    // dist/ is the build's output (its .d.ts files are written after the bundle), not a source.
    if (entry.isDirectory()) newest = entry.name === 'dist' ? newest : Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  try {
    const built = statSync(`${root}server/dist/commands.js`).mtimeMs;
    return built >= Math.max(newestSource(`${root}server`), newestSource(`${root}shared`));
  } catch {
    return false;
  }
}

// Used by the benchmark to know whether it must build first.
if (process.argv[2] === '--bundle-fresh') {
  console.log(bundleIsFresh() ? 'fresh' : 'stale');
  process.exit(0);
}

let commands;
if (process.env.OGONE_CHECKOUT_FROM_SOURCE !== '1' && bundleIsFresh()) {
  commands = await import('../server/dist/commands.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  commands = await import('../server/commands/index.ts');
}
process.exitCode = await commands.main(process.argv.slice(2), process.env);
