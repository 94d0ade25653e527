/**
 * Code and docs cite rules a reader can open: `docs/ogone-protocol.md §N` or a public guide —
 * never notes kept outside the repository. Reads every tracked file (git ls-files), as a clone
 * would have them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const DOC = 'docs/ogone-protocol.md';

// Spelled in pieces so this file does not cite them itself.
const OUTSIDE_NOTES = [
  ['protocol', 'notes.md'],
  ['directlink-and-alias', 'facts.md'],
  ['shared', 'reference'],
  ['shared', 'recipes'],
].map(([a, b]) => (a === 'shared' ? `${a}/${b}` : `${a}-${b}`));

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\0')
    .filter((path) => path !== '');
}

function readText(path: string): string | undefined {
  const full = join(root, path);
  let size: number;
  try {
    size = statSync(full).size;
  } catch {
    return undefined; // tracked but deleted in the working tree
  }
  if (size > 4 * 1024 * 1024) return undefined;
  const text = readFileSync(full, 'utf8');
  return text.includes('\0') ? undefined : text;
}

/** Every `docs/ogone-protocol.md §N` in a text, including lists such as `§10, §11` or `§8/§9`. */
export function citedSections(text: string): number[] {
  const sections: number[] = [];
  const citation = /docs\/ogone-protocol\.md((?:\s*(?:,|\/|–|-|and|or)?\s*§\d+)+)/g;
  for (const match of text.matchAll(citation)) {
    for (const section of match[1]!.matchAll(/§(\d+)/g)) sections.push(Number(section[1]));
  }
  return sections;
}

function docSections(): Set<number> {
  const doc = readFileSync(join(root, DOC), 'utf8');
  return new Set([...doc.matchAll(/^## §(\d+) /gm)].map((m) => Number(m[1])));
}

test('no tracked file outside docs/ cites notes a reader cannot open', () => {
  const offenders: string[] = [];
  for (const path of trackedFiles()) {
    if (path.startsWith('docs/')) continue;
    const text = readText(path);
    if (text === undefined) continue;
    text.split('\n').forEach((line, index) => {
      for (const note of OUTSIDE_NOTES) if (line.includes(note)) offenders.push(`${path}:${index + 1} cites ${note}`);
    });
  }
  assert.deepEqual(offenders, [], `cite docs/ogone-protocol.md §N or a public guide instead:\n${offenders.join('\n')}`);
});

test('every docs/ogone-protocol.md §N cited in the repository is a heading of the doc', () => {
  const headings = docSections();
  assert.ok(headings.size >= 14, `${DOC} has its numbered sections (found ${headings.size})`);
  const missing: string[] = [];
  let citations = 0;
  for (const path of trackedFiles()) {
    const text = readText(path);
    if (text === undefined) continue;
    for (const section of citedSections(text)) {
      citations += 1;
      if (!headings.has(section)) missing.push(`${path} cites §${section}`);
    }
  }
  assert.ok(citations > 10, `the code cites the doc (${citations} citations found)`);
  assert.deepEqual(missing, [], `no such heading in ${DOC}:\n${missing.join('\n')}`);
});

test('the citation reader finds lists of sections and nothing else', () => {
  // Built from DOC so this file does not cite the sections itself.
  assert.deepEqual(citedSections(`see ${DOC} §2, §3 and §14.`), [2, 3, 14]);
  assert.deepEqual(citedSections(`(${DOC} §8/§9; DirectLink guide §3.3)`), [8, 9]);
  assert.deepEqual(citedSections(`${DOC} §15`), [15]);
  assert.deepEqual(citedSections('e-Commerce Advanced guide §9.3.2'), []);
});
