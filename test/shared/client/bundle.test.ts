/**
 * The client is for any JavaScript runtime: bundled for a neutral platform it holds no zod (its
 * types come from the schemas, `import type` only), no Node built-in, and stays small.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';

test('the client bundles without zod or Node built-ins, in a few kilobytes', async () => {
  const result = await build({
    entryPoints: ['shared/client/index.ts'],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    minify: true,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.deepEqual(
    inputs.filter((file) => !file.startsWith('shared/client/')),
    [],
    'only the client itself',
  );
  const code = result.outputFiles[0]!.text;
  assert.doesNotMatch(code, /from ?["'](node:|zod)/);
  assert.ok(code.length < 8_000, `${code.length} bytes minified`);
});
