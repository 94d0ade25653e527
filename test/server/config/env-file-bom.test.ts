/**
 * Guards against what a review found: an env file saved with a UTF-8 byte-order mark (Windows editors) loses its first
 * setting without a word: node:util parseEnv keeps the BOM in the first key ("\uFEFFOGONE_ENVIRONMENT"),
 * which no code reads. With OGONE_ENVIRONMENT=production on the first line (as in
 * docs/deploy/ogone-checkout.env.example), serve and doctor both run with the default, `test`.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEnvironment } from '../../../server/commands/environment.ts';
import { main } from '../../../server/commands/index.ts';
import type { DoctorReport } from '../../../server/commands/doctor.ts';

let dir = '';
let file = '';
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oc-review-bom-'));
  file = path.join(dir, 'ogone-checkout.env');
  const lines = [
    'OGONE_ENVIRONMENT=production',
    'OGONE_PSPID=MyShop',
    'OGONE_USER_ID=apiuser',
    'OGONE_PASSWORD=api-password-never-shown',
    'OGONE_SHA_IN=In-passphrase-1875!?',
    'OGONE_SHA_OUT=Out-passphrase-1875!?',
    `MERCHANT_API_KEYS=${'k'.repeat(32)}`,
    'PUBLIC_URL=https://pay.example.com',
    `DATA_DIR=${path.join(dir, 'data')}`,
  ];
  await writeFile(file, '\uFEFF' + lines.join('\n') + '\n');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('an env file starting with a UTF-8 BOM', () => {
  it('its first setting is read (or the file is refused), not silently dropped', () => {
    let settings;
    try {
      settings = loadEnvironment({}, file);
    } catch {
      return; // refused: fine
    }
    assert.equal(settings.OGONE_ENVIRONMENT, 'production', `keys read: ${JSON.stringify(Object.keys(settings).slice(0, 2))}`);
  });

  it('doctor --env-file checks the production configuration the file describes', async () => {
    const out: string[] = [];
    const code = await main(
      ['doctor', '--offline', '--json', '--env-file', file],
      {},
      { stdout: (l) => out.push(l), stderr: (l) => out.push(l) },
    );
    if (code === 2) return; // refused as a usage error: fine
    const report = JSON.parse(out.join('\n')) as DoctorReport;
    assert.equal(report.environment, 'production', `doctor checked environment "${report.environment}" (exit ${code}, ok=${report.ok})`);
  });
});

describe('an env file value holding # outside quotes', () => {
  // systemd's EnvironmentFile= (the deployment's reader for serve) keeps `#` inside a value; node's
  // parseEnv cut it there, so doctor --env-file checked another passphrase than serve ran with.
  const passphrase = 'Shop-In#passphrase-1875';
  const write = async (value: string) => {
    const hashFile = path.join(dir, 'hash.env');
    await writeFile(hashFile, ['# comments on their own line are fine', `OGONE_SHA_IN=${value}`, 'OGONE_PSPID=MyShop'].join('\n') + '\n');
    return hashFile;
  };

  it('is refused, naming the variable and never its value', async () => {
    const hashFile = await write(passphrase);
    assert.throws(
      () => loadEnvironment({}, hashFile),
      (error: Error) => /OGONE_SHA_IN: .*double quotes/.test(error.message) && !error.message.includes('passphrase-1875'),
    );
  });

  it('in double quotes, is read whole, as systemd reads it', async () => {
    assert.equal(loadEnvironment({}, await write(`"${passphrase}"`)).OGONE_SHA_IN, passphrase);
  });
});
