/**
 * Dependencies point one way (issue 18): a file imports only its own layer or the layers below it,
 * so a newcomer reads the server bottom-up and a change low down never needs one high up. The
 * table is the order; EXCEPTIONS are the imports that go up today, each with its reason. Type-only
 * imports count too — except the AppContext type, which every handler takes and only the
 * composition root builds. The sandbox plays Ogone and is written from the guides, so it imports
 * nothing of ours but shared/ and the logger's type (docs/facts.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');

/** Lowest first. A folder ends with `/`; a file is named whole. */
const LAYERS: ReadonlyArray<readonly [layer: string, modules: readonly string[]]> = [
  ['shared (server, widget, merchant)', ['shared/']],
  ['small helpers', ['server/clock.ts', 'server/ids.ts', 'server/logger.ts', 'server/package-root.ts']],
  ["the platform's protocol: signing, DirectLink", ['server/ogone/', 'server/directlink/']],
  ['settings and storage', ['server/config/', 'server/db/', 'server/repository/']],
  ['webhooks to the merchant', ['server/webhooks/']],
  ['domain: pure decisions and errors', ['server/domain/']],
  ['payments: sessions, attempts, hosted page, views', ['server/payments/']],
  ['feedback: verify, decide, apply', ['server/feedback/']],
  ['maintenance: operations, sync, duplicates', ['server/maintenance/']],
  ['saved cards', ['server/aliases/']],
  ['background work and checks', ['server/reconciler/', 'server/retention/', 'server/doctor/']],
  [
    'HTTP: middleware, routes, dashboard, metrics',
    ['server/http/', 'server/routes/', 'server/dashboard/', 'server/metrics/', 'server/api-docs/', 'server/shopper-pages/'],
  ],
  ['the sandbox (plays Ogone)', ['server/sandbox/']],
  [
    'composition root',
    [
      'server/app-context.ts',
      'server/create-app-context.ts',
      'server/app.ts',
      'server/start-server.ts',
      'server/start-server-modules.ts',
      'server/sandbox-access.ts',
    ],
  ],
  ['commands', ['server/commands/', 'server/demo/', 'server/cli/', 'server/index.ts', 'server/public-api.ts']],
];

/** Imports that go up a layer today: `from → to`, and why. */
const EXCEPTIONS: ReadonlyMap<string, string> = new Map([
  [
    'server/payments/hosted-page.ts → server/aliases/stored-credentials.ts',
    'the hosted page saving a card sends the same stored-credential fields as a saved-card order: one module for both',
  ],
  [
    'server/repository/mutate-transaction.ts → server/feedback/log.ts',
    'the store writes the feedback log, keeping what feedback/log.ts says a log keeps (pure rules, no I/O)',
  ],
  [
    'server/repository/feedback-log-writes.ts → server/feedback/log.ts',
    'the store finds a copy of a logged feedback by the copy key feedback/log.ts defines (pure rules, no I/O)',
  ],
  [
    'server/repository/personal-data.ts → server/feedback/log.ts',
    'the store erases personal data, with the list of personal feedback parameters feedback/log.ts keeps',
  ],
  [
    'server/repository/feedback-params-packing.ts → server/feedback/log.ts',
    'the store keeps the personal feedback parameters feedback/log.ts lists as JSON, where the retention pass erases them in SQL',
  ],
]);

/** What the sandbox may import of ours besides shared/ and itself: type-only. */
const SANDBOX_TYPE_IMPORTS: ReadonlySet<string> = new Set(['server/logger.ts']);

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    // dist/: each package's build output (npm run build), not sources; node_modules/: a
    // dependency npm installs beside the server (parse5, whose version the root's tools differ on).
    if (entry.isDirectory()) return entry.name === 'dist' || entry.name === 'node_modules' ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `import … from '…'`, `export … from '…'` (one or several lines) and `import('…')`, relative only. */
function importsOf(file: string): Import[] {
  const text = readFileSync(join(root, file), 'utf8');
  const found: Import[] = [];
  const add = (specifier: string, typeOnly: boolean) => {
    if (specifier.startsWith('.')) found.push({ from: file, to: posix.normalize(posix.join(dirname(file), specifier)), typeOnly });
  };
  for (const match of text.matchAll(/^\s*(?:import|export)\s+(type\s+)?[^;]*?\bfrom\s+'([^']+)'/gm)) add(match[2]!, match[1] !== undefined);
  for (const match of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) add(match[1]!, false);
  return found;
}

function layerOf(file: string): number {
  return LAYERS.findIndex(([, modules]) => modules.some((module) => (module.endsWith('/') ? file.startsWith(module) : file === module)));
}

const files = sources('server');
const imports = files.flatMap(importsOf);

test('every server file has a layer', () => {
  assert.deepEqual(
    files.filter((file) => layerOf(file) < 0),
    [],
  );
});

test('no file imports a layer above its own', () => {
  const upward = imports
    .filter((edge) => !(edge.typeOnly && edge.to === 'server/app-context.ts'))
    .filter((edge) => layerOf(edge.to) > layerOf(edge.from))
    .map((edge) => `${edge.from} → ${edge.to}`);
  assert.deepEqual(
    upward.filter((edge) => !EXCEPTIONS.has(edge)),
    [],
    `layers, lowest first: ${LAYERS.map(([name]) => name).join(' < ')}`,
  );
  // An exception no longer needed goes from the list, so the list stays the truth.
  assert.deepEqual(
    [...EXCEPTIONS.keys()].filter((edge) => !upward.includes(edge)),
    [],
  );
});

test('maintenance/ imports feedback/, never the other way round', () => {
  const back = imports.filter((edge) => edge.from.startsWith('server/feedback/') && edge.to.startsWith('server/maintenance/'));
  assert.deepEqual(back, []);
  assert.ok(imports.some((edge) => edge.from.startsWith('server/maintenance/') && edge.to.startsWith('server/feedback/')));
});

test('the sandbox imports nothing of ours but shared/ and the logger type', () => {
  const outside = imports.filter(
    (edge) =>
      edge.from.startsWith('server/sandbox/') &&
      !edge.to.startsWith('server/sandbox/') &&
      !edge.to.startsWith('shared/') &&
      !(edge.typeOnly && SANDBOX_TYPE_IMPORTS.has(edge.to)),
  );
  assert.deepEqual(outside, []);
});

test('the scan sees imports written over several lines, type-only ones and dynamic ones', () => {
  const of = (from: string) => imports.filter((edge) => edge.from === from);
  assert.ok(of('server/maintenance/index.ts').some((edge) => edge.to === 'server/feedback/index.ts' && !edge.typeOnly));
  assert.ok(of('server/maintenance/index.ts').some((edge) => edge.to === 'server/app-context.ts' && edge.typeOnly));
  assert.ok(of('server/commands/index.ts').some((edge) => edge.to === 'server/commands/serve.ts'));
});
