/**
 * `npm start` on a fresh clone has no `dist/ogone-checkout.js` yet: build it with Vite's API
 * (the same config as `npm run build`) into a temporary folder, then rename it into place, so a
 * second process starting at the same time never serves a half-written file.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { WIDGET_FILE } from '../routes/widget-bundle.ts';

export async function ensureWidgetBuilt(options: {
  root: string;
  distDir: string;
  log: (line: string) => void;
}): Promise<'present' | 'built'> {
  const target = path.join(options.distDir, WIDGET_FILE);
  if (existsSync(target)) return 'present';
  options.log(`Building the widget (${path.relative(options.root, target) || target} is missing)…`);
  await mkdir(options.distDir, { recursive: true });
  const outDir = await mkdtemp(path.join(options.distDir, '.build-'));
  try {
    const { build } = await import('vite');
    await build({
      root: options.root,
      configFile: path.join(options.root, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: false },
    });
    await rename(path.join(outDir, WIDGET_FILE), target);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
  return 'built';
}
