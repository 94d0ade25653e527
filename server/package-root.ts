/**
 * The package's root folder, found from this module's own location by walking up to the
 * `package.json`: the same answer whether the server runs from its TypeScript sources
 * (`server/…`) or from the bundle `npm run build` writes (`dist/server/…`).
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
