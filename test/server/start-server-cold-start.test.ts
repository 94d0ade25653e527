/**
 * What `startServer` compiles before it listens (issue 17): the modules start-server.ts reaches
 * through static imports, and those of start-server-modules.ts, which it imports alongside the
 * migrations. The sandbox, the DirectLink client (with its XML parser) and the OpenAPI document's
 * builder are imported on first use, so they must stay out of both graphs; the app, the
 * repository and the listener must stay out of the first, so they compile while the database
 * migrates instead of before it opens.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { build, type Metafile } from 'esbuild';
import { ensureBuilt, ROOT } from '../packages/install.ts';

/** Inputs reached from `entry` by static imports only (a dynamic `import()` is a split point). */
function staticClosure(metafile: Metafile, entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const imported of metafile.inputs[file]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) stack.push(imported.path);
    }
  }
  return seen;
}

describe('the cold start of startServer', () => {
  it('does not compile the sandbox, the DirectLink client or the OpenAPI builder', async () => {
    const { metafile } = await build({
      entryPoints: ['server/start-server.ts', 'server/start-server-modules.ts'],
      outdir: 'unused',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const beforeMigrating = staticClosure(metafile, 'server/start-server.ts');
    const closure = new Set([...beforeMigrating, ...staticClosure(metafile, 'server/start-server-modules.ts')]);
    assert.ok(closure.has('server/app.ts'), 'the app itself is part of the start');
    assert.ok(beforeMigrating.has('server/db/migrations.ts'), 'the migrations are imported statically');
    for (const alongside of [
      'server/start-server-modules.ts',
      'server/app.ts',
      'server/repository/kysely-repository.ts',
      'server/create-app-context.ts',
      'server/http/connection-guard.ts',
      'server/webhooks/dispatcher.ts',
    ]) {
      assert.ok(!beforeMigrating.has(alongside), `${alongside} is imported statically by start-server.ts, not alongside the migrations`);
    }
    for (const lazy of [
      'server/sandbox/app.ts',
      'server/directlink/client.ts',
      'server/directlink/response.ts',
      'server/api-docs/openapi.ts',
    ]) {
      assert.ok(!closure.has(lazy), `${lazy} is imported statically by the start`);
      assert.ok(lazy in metafile.inputs, `${lazy} is still part of the build (imported on first use)`);
    }
  });
});

describe('the cold start of the built server', () => {
  it('evaluates none of the app as the bundle loads: it is evaluated while the database migrates', () => {
    ensureBuilt();
    // The app's modules are the first to require node:http (http/body-text.ts, the listener);
    // Node lists the built-ins a process loaded in process.moduleLoadList.
    const script = `
      await import(${JSON.stringify(path.join(ROOT, 'server/dist/server-bundle.js'))});
      console.log(JSON.stringify(process.moduleLoadList.includes('NativeModule http')));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '--eval', script], {
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
    });
    assert.equal(JSON.parse(output), false, 'node:http is loaded as the bundle loads: something evaluates the app before startServer runs');
  });

  it('does not load pino when it logs nothing, and answers /readyz', () => {
    ensureBuilt();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'oc-cold-start-'));
    // What the benchmark's cold start runs (bench/servers/signer.mjs): the bundle, quiet.
    const script = `
      import { createRequire } from 'node:module';
      const { startServer } = await import(${JSON.stringify(path.join(ROOT, 'server/dist/start-server.js'))});
      const running = await startServer({ env: { OGONE_ENVIRONMENT: 'sandbox', DATA_DIR: ${JSON.stringify(dataDir)} }, port: 0, host: '127.0.0.1', quiet: true });
      const required = Object.keys(createRequire(import.meta.url).cache);
      const loaded = {
        pino: required.some((file) => /[\\\\/]node_modules[\\\\/]pino[\\\\/]/.test(file)),
        betterSqlite3: required.some((file) => /[\\\\/]node_modules[\\\\/]better-sqlite3[\\\\/]/.test(file)),
        ready: (await fetch(running.url + '/readyz')).status,
      };
      await running.close();
      console.log(JSON.stringify(loaded));`;
    try {
      const output = execFileSync(process.execPath, ['--input-type=module', '--eval', script], {
        env: { PATH: process.env.PATH ?? '' },
        encoding: 'utf8',
      });
      assert.deepEqual(JSON.parse(output), { pino: false, betterSqlite3: true, ready: 200 });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
