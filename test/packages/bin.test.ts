/**
 * The two CLI entries: the installed package's `server/bin/ogone-checkout.js` always runs the
 * compiled bundle, and runs it with the same Node flags as the repository's `bin/ogone-checkout.js`
 * (the flags docs/deploy's unit and the benchmark read from the latter's first line).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

test('the installed CLI runs the bundle, never TypeScript, with the repository entry’s node flags', () => {
  const installed = read('server/bin/ogone-checkout.js');
  const repository = read('bin/ogone-checkout.js');
  assert.equal(installed.split('\n', 1)[0], repository.split('\n', 1)[0]);
  assert.match(installed, /import\('\.\.\/dist\/commands\.js'\)/);
  assert.doesNotMatch(installed, /tsx|\.ts['"]/);
  const manifest = JSON.parse(read('server/package.json')) as { bin: Record<string, string>; files: string[] };
  assert.deepEqual(manifest.bin, { 'ogone-checkout': 'bin/ogone-checkout.js' });
  assert.ok(manifest.files.includes('bin') && manifest.files.includes('dist'));
});
