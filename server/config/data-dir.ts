/**
 * What DATA_DIR names on disk, for a refusal before anything is created: serve makes the directory
 * and its missing parents (`mkdir -p`), so what decides is the nearest part that exists — a
 * directory (writable, for doctor), or a file in the way (ENOTDIR once the database opens).
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** The refusal of a DATA_DIR that names a file (serve, doctor, migrate, backup, restore say the same). */
export const DATA_DIR_NOT_A_DIRECTORY = 'names a file, or a path through one: it must be a directory (created if missing)';

export type DataDirState = 'usable' | 'not-a-directory' | 'not-writable';

export function dataDirState(dataDir: string): DataDirState {
  let at = path.resolve(dataDir);
  for (;;) {
    let stats;
    try {
      stats = statSync(at);
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return 'not-writable';
      at = parent;
      continue;
    }
    if (!stats.isDirectory()) return 'not-a-directory';
    try {
      accessSync(at, constants.W_OK);
      return 'usable';
    } catch {
      return 'not-writable';
    }
  }
}
