/** `npm start` on a fresh clone: the widget is built when dist/ogone-checkout.js is missing, and only then. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureWidgetBuilt } from '../../../server/demo/build-widget.ts';
import { ROOT } from '../../e2e/helpers/demo-process.ts';

describe('ensureWidgetBuilt', () => {
  it('builds the widget bundle with the project vite config into an empty dist, then leaves it alone', async () => {
    const distDir = await mkdtemp(path.join(tmpdir(), 'oc-dist-'));
    try {
      const lines: string[] = [];
      assert.equal(await ensureWidgetBuilt({ root: ROOT, distDir, log: (line) => lines.push(line) }), 'built');
      assert.match(lines.join('\n'), /Building the widget/);
      const code = await readFile(path.join(distDir, 'ogone-checkout.js'), 'utf8');
      assert.match(code, /ogone-checkout/);
      assert.match(code, /customElements/);
      assert.deepEqual(await readdir(distDir), ['ogone-checkout.js'], 'no temporary build folder left behind');
      assert.equal(await ensureWidgetBuilt({ root: ROOT, distDir, log: (line) => lines.push(line) }), 'present');
      assert.equal(lines.length, 1);
    } finally {
      await rm(distDir, { recursive: true, force: true });
    }
  });
});
