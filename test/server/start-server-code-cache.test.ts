/**
 * The server bundle's loader (scripts/build-server.mjs copies scripts/server-bundle-loader.mjs to
 * server/dist/server-bundle.js): it compiles dist/server.cjs with the V8 code cache the build left
 * beside it, and must start the same without one, with one V8 rejects (other flags, another Node)
 * and with one made from other bytes of the same length — which V8 alone would accept, running
 * stale bytecode. Checked on a one-line stand-in for the bundle, in child processes.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

const LOADER = new URL('../../scripts/server-bundle-loader.mjs', import.meta.url);
/** Flags of the process that made the cache: V8 accepts it only under the same ones. */
const TRAINING_FLAGS = ['--max-semi-space-size=8'];

interface Start {
  used: boolean;
  answer: number;
  url: string;
}

describe('the server bundle loader and its code cache', () => {
  let dir: string;
  const bundle = () => path.join(dir, 'server.cjs');
  const writeBundle = (answer: number) =>
    // At the top level, whose bytecode is always in the cache: V8 would run the cached 42 for an
    // edited 43 (it checks the source's length, not its bytes).
    writeFileSync(bundle(), `exports.answer = ${answer};\nexports.url = __importMetaUrl;\n`);

  /** Loads the bundle in a new process; with `writeCache`, leaves the cache of that start behind. */
  function start(flags: string[], options: { writeCache?: boolean; env?: Record<string, string> } = {}): Start {
    const loader = pathToFileURL(path.join(dir, 'server-bundle.js')).href;
    const script = `
      import { writeFileSync } from 'node:fs';
      const { server, codeCacheUsed, codeCache } = await import(${JSON.stringify(loader)});
      const answer = server.answer;
      if (${options.writeCache === true}) writeFileSync(${JSON.stringify(`${bundle()}.cache`)}, codeCache());
      console.log(JSON.stringify({ used: codeCacheUsed, answer, url: server.url }));`;
    const output = execFileSync(process.execPath, [...flags, '--input-type=module', '--eval', script], {
      env: { PATH: process.env.PATH ?? '', ...options.env },
      encoding: 'utf8',
    });
    return JSON.parse(output) as Start;
  }

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'oc-code-cache-'));
    writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
    copyFileSync(LOADER, path.join(dir, 'server-bundle.js'));
    writeBundle(42);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('starts without a cache, and passes the bundle its own URL as import.meta.url', () => {
    assert.deepEqual(start(TRAINING_FLAGS), { used: false, answer: 42, url: pathToFileURL(bundle()).href });
  });

  it('runs from the cache a start left, under the same V8 flags', () => {
    assert.equal(start(TRAINING_FLAGS, { writeCache: true }).used, false);
    assert.deepEqual(start(TRAINING_FLAGS), { used: true, answer: 42, url: pathToFileURL(bundle()).href });
  });

  it('compiles from source when V8 rejects the cache (other flags)', () => {
    assert.deepEqual(start([]), { used: false, answer: 42, url: pathToFileURL(bundle()).href });
  });

  it('compiles from source when OGONE_CHECKOUT_CODE_CACHE=0', () => {
    assert.equal(start(TRAINING_FLAGS, { env: { OGONE_CHECKOUT_CODE_CACHE: '0' } }).used, false);
  });

  it('never runs a cache made from other bytes, even of the same length', () => {
    writeBundle(43);
    const edited = start(TRAINING_FLAGS);
    assert.equal(edited.answer, 43, 'the edited bundle runs, not the cached bytecode');
    assert.equal(edited.used, false);
  });
});
