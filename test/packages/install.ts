/**
 * The three packages as a user gets them: `npm pack` of each workspace, installed from the
 * tarballs into a temporary project with npm (test/packages/pack.test.ts and `npm run bench`'s
 * installed-package rows, bench/installed-packages.ts). The build comes first when missing.
 *
 * better-sqlite3 compiles its native addon on install (about 1.5 min here: no prebuilt binary is
 * reachable). The projects refuse its install script (npm's `allowScripts`) and receive the
 * addon this repository's own install compiled, for the same version and the same Node: the
 * package under test is ours, not better-sqlite3's build.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const WORKSPACES = ['shared', 'widget', 'server'] as const;
export type Workspace = (typeof WORKSPACES)[number];

export interface PackedFile {
  path: string;
  size: number;
}

export interface Tarball {
  workspace: Workspace;
  name: string;
  file: string;
  /** Bytes of the .tgz. */
  size: number;
  unpackedSize: number;
  files: PackedFile[];
}

const BUILT = ['shared/dist/index.js', 'widget/dist/index.js', 'widget/dist/ogone-checkout.js', 'server/dist/commands.js'];

/** `npm run build` when any package's output is missing. */
export function ensureBuilt(): void {
  if (BUILT.every((file) => existsSync(path.join(ROOT, file)))) return;
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-packages.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
}

/** Packs every workspace into `destination`. */
export function packAll(destination: string): Tarball[] {
  mkdirSync(destination, { recursive: true });
  const args = ['pack', ...WORKSPACES.flatMap((w) => ['--workspace', w]), '--pack-destination', destination, '--json', '--silent'];
  const out = execFileSync('npm', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const packed = JSON.parse(out) as Array<{ name: string; filename: string; size: number; unpackedSize: number; files: PackedFile[] }>;
  return packed.map((entry, index) => ({
    workspace: WORKSPACES[index]!,
    name: entry.name,
    file: path.join(destination, entry.filename),
    size: entry.size,
    unpackedSize: entry.unpackedSize,
    files: entry.files,
  }));
}

/**
 * A project holding `tarballs` (and `packages` from the registry, e.g. `@types/react`) installed by
 * npm, from the cache the repository's own install filled.
 */
export function installProject(dir: string, tarballs: Tarball[], packages: string[] = [], extra: Record<string, unknown> = {}): void {
  mkdirSync(dir, { recursive: true });
  const manifest = {
    name: 'consumer',
    version: '1.0.0',
    private: true,
    type: 'module',
    allowScripts: { 'better-sqlite3': false },
    ...extra,
  };
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const result = spawnSync(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs.map((tarball) => tarball.file), ...packages],
    { cwd: dir, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`npm install failed in ${dir}:\n${result.stderr}`);
  const addon = path.join(dir, 'node_modules/better-sqlite3');
  if (existsSync(addon)) {
    const ours = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/better-sqlite3/package.json'), 'utf8')) as { version: string };
    const theirs = JSON.parse(readFileSync(path.join(addon, 'package.json'), 'utf8')) as { version: string };
    if (ours.version !== theirs.version) throw new Error(`better-sqlite3 ${theirs.version} installed, ${ours.version} compiled here`);
    cpSync(
      path.join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
      path.join(addon, 'build/Release/better_sqlite3.node'),
    );
  }
}

/** Bytes of every file under `dir` (an installed package's size on disk, before block rounding). */
export function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}
