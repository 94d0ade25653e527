/**
 * WEBHOOK_EVENT_TYPES is the one list of webhook event types: the README tells merchants exactly
 * these, and every event type the server writes is one of them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WEBHOOK_EVENT_TYPES } from '../../shared/webhook-events.ts';

const root = resolve(import.meta.dirname, '../..');
const known = new Set<string>(WEBHOOK_EVENT_TYPES);

function serverSources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return path === 'server/sandbox' || entry.name === 'node_modules' ? [] : serverSources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

test('the README lists exactly the webhook event types', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const sentence = /^Events ([\s\S]*?) are POSTed/m.exec(readme);
  assert.ok(sentence, 'README: the "Events … are POSTed" sentence');
  const listed = [...sentence[1]!.matchAll(/`([a-z_]+(?:\.[a-z_]+)?)`/g)].map((match) => match[1]!);
  assert.deepEqual([...listed].sort(), [...WEBHOOK_EVENT_TYPES].sort());
});

test('every event type the server writes is in the list', () => {
  const unknown: string[] = [];
  for (const path of serverSources('server')) {
    const text = readFileSync(join(root, path), 'utf8');
    for (const match of text.matchAll(/'(payment\.[a-z_]+)'|type: '(alias\.[a-z_]+)'/g)) {
      const type = match[1] ?? match[2]!;
      if (!known.has(type)) unknown.push(`${path}: ${type}`);
    }
  }
  assert.deepEqual(unknown, [], 'add new event types to shared/webhook-events.ts and the README');
});
