/**
 * The one-file bundle a shop page loads (`<script type="module" src=".../ogone-checkout.js">`)
 * stays within 12 KB gzipped (issues 16, 19: the saved-card choice and setup sessions had to fit).
 * Built here with the project's own Vite config into a temporary folder, measured as the bench
 * does (gzip -9, bench/widget-size.ts).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUDGET = 12 * 1024;

test('the widget bundle is at most 12 KB gzipped', { timeout: 120_000 }, async () => {
  const outDir = await mkdtemp(path.join(tmpdir(), 'widget-size-'));
  try {
    await build({ root: ROOT, configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    const code = await readFile(path.join(outDir, 'ogone-checkout.js'));
    const gzipped = gzipSync(code, { level: 9 }).length;
    assert.ok(gzipped <= BUDGET, `${gzipped} B gzipped > ${BUDGET} B: trim before adding (widget/README.md, "Keep strings short")`);
    // Sanity: it is the whole widget (Lit, the element, seven locales), not an empty shell.
    assert.ok(gzipped > 8 * 1024, `${gzipped} B`);
    for (const text of ['card-forgotten', 'setup-completed', 'Choose a card', '保存卡片']) {
      assert.ok(code.includes(text), text);
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
});
