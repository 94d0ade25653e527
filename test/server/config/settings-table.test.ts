/**
 * The settings table (server/config/settings.ts) is the one list of environment variables
 * (issue 18, "one source per fact"). These tests fail when the code reads a variable the table
 * does not list, when the README's configuration table drifts from it, or when `serve --help`
 * (renderSettingsUsage) leaves one out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SETTINGS, SETTING_GROUPS, renderSettingsUsage, setting } from '../../../server/config/settings.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const TABLE_NAMES = SETTINGS.map((entry) => entry.name as string);

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.parentPath.split(path.sep).includes('node_modules'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** `env.NAME`, `env['NAME']`, `env["NAME"]` and `process.env.NAME`, in code and comments alike. */
const READ = /\benv(?:\.([A-Z][A-Z0-9_]*)\b|\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\])/g;

/** Names a message blames: `new ConfigError('NAME', …)` and doctor's `setting: 'NAME'`. */
const BLAMED = /(?:new ConfigError\(\s*|\bsetting: )'([A-Z][A-Z0-9_]*)'/g;

/** The rows of the README's table under "## Configuration": first cell, default cell. */
async function readmeRows(): Promise<Array<{ cell: string; fallback: string }>> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Configuration\n');
  assert.ok(start >= 0, 'README.md has a "## Configuration" section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line.split(' | ');
      return { cell: cells[0]!.replace(/^\|\s*/, ''), fallback: cells[1]!.trim() };
    });
}

test('the table lists each variable once, whole-number defaults inside their range', () => {
  assert.equal(new Set(TABLE_NAMES).size, TABLE_NAMES.length, 'a variable appears twice');
  for (const entry of SETTINGS) {
    assert.match(entry.name, /^[A-Z][A-Z0-9_]*$/);
    assert.ok(entry.description.trim() !== '' && !entry.description.includes('\n'), `${entry.name}: one-line description`);
    assert.ok(entry.default.trim() !== '', `${entry.name}: a default as text`);
    assert.ok(entry.group in SETTING_GROUPS, `${entry.name}: a known group`);
    const range = 'whole' in entry ? entry.whole : undefined;
    if (range) {
      assert.equal(entry.default, String(range.fallback));
      assert.ok(range.fallback >= range.min && (range.max === undefined || range.fallback <= range.max), `${entry.name}: default in range`);
    }
  }
  for (const name of ['OGONE_PASSWORD', 'OGONE_SHA_IN', 'OGONE_SHA_OUT', 'MERCHANT_API_KEYS', 'WEBHOOK_SECRET'] as const) {
    assert.equal(setting(name).secret, true, `${name} is a secret`);
  }
});

test('every variable read (or named by a ConfigError or a doctor finding) under server/ is a row of the table', async () => {
  const missing = new Map<string, string>();
  let reads = 0;
  for (const file of await sourceFiles(path.join(ROOT, 'server'))) {
    const source = await readFile(file, 'utf8');
    for (const match of [...source.matchAll(READ), ...source.matchAll(BLAMED)]) {
      const name = match[1] ?? match[2]!;
      reads++;
      if (!TABLE_NAMES.includes(name)) missing.set(name, path.relative(ROOT, file));
    }
  }
  assert.ok(reads > 20, `the scan finds the reads (found ${reads})`);
  assert.deepEqual(
    [...missing].map(([name, file]) => `${name} (${file})`),
    [],
    'variables read but missing from server/config/settings.ts',
  );
});

test("the README's configuration table lists exactly the table's variables, with the same defaults", async () => {
  const rows = await readmeRows();
  const names = rows.map((row) => {
    assert.match(row.cell, /^`[A-Z][A-Z0-9_]*`$/, `one variable per README row: ${row.cell}`);
    return row.cell.slice(1, -1);
  });
  assert.deepEqual([...names].sort(), [...TABLE_NAMES].sort());
  for (const [index, row] of rows.entries()) {
    const name = names[index]!;
    assert.equal(row.fallback.replaceAll('`', ''), setting(name as (typeof SETTINGS)[number]['name']).default, `README default of ${name}`);
  }
});

test('renderSettingsUsage names every variable, its default and its group', () => {
  const usage = renderSettingsUsage();
  const lines = usage.split('\n');
  for (const entry of SETTINGS) {
    const line = lines.find((candidate) => candidate.trimStart().startsWith(`${entry.name} `));
    assert.ok(line, `usage lists ${entry.name}`);
    assert.ok(line.includes(entry.default), `usage gives the default of ${entry.name}`);
    assert.equal(line.includes('; secret)'), entry.secret, `usage marks ${entry.name} secret only when it is`);
  }
  for (const group of new Set(SETTINGS.map((entry) => entry.group))) {
    assert.ok(lines.includes(`${SETTING_GROUPS[group]}:`), `usage has the ${group} heading`);
  }
});
