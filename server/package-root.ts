/**
 * Where the server package's files are. `PACKAGE_ROOT` is the folder of the `ogone-checkout`
 * package (`server/` in this repository, `node_modules/ogone-checkout/` once installed), found
 * from this module's own location by walking up to the nearest `package.json`: the same answer
 * from the TypeScript sources (`server/…`, dev mode) and from the build (`server/dist/…`).
 *
 * Dev mode (this repository, sources through tsx) reads sources and the widget's own build; the
 * compiled server (the installed CLI, the bundle `npm run build` writes) reads only what the
 * build put into `dist/` — nothing is compiled at run time there.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start, '..');
    dir = parent;
  }
  return dir;
}

export const PACKAGE_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/** True when this module runs from its TypeScript source (dev mode), false from the build. */
export const RUNNING_FROM_SOURCE = import.meta.url.endsWith('.ts');

/** The build's output folder inside the package (scripts/build-packages.mjs writes it). */
export const BUILD_DIR = path.join(PACKAGE_ROOT, 'dist');

/**
 * A file the build copies into `dist/`: `source` (relative to the package) in dev mode, so an
 * edit shows without a rebuild; `built` (relative to `dist/`) when compiled.
 */
export function packageFile(source: string, built: string): string {
  return RUNNING_FROM_SOURCE ? path.join(PACKAGE_ROOT, source) : path.join(BUILD_DIR, built);
}

/**
 * The folder holding the widget's one-file bundle (ogone-checkout.js): the widget package's
 * `dist/` beside us in dev mode (`vite build` writes it), the copy in our own `dist/widget/`
 * when compiled.
 */
export const WIDGET_BUNDLE_DIR = RUNNING_FROM_SOURCE ? path.join(PACKAGE_ROOT, '..', 'widget', 'dist') : path.join(BUILD_DIR, 'widget');
