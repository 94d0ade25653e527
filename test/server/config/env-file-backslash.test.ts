/**
 * The deployment's environment file has two readers (docs/deploy.md §2): systemd's
 * EnvironmentFile= gives it to serve, node:util parseEnv reads it for `doctor --env-file`,
 * `migrate`, `backup` (server/commands/environment.ts). The `#` case was fixed by refusing it; the
 * backslash is the same disagreement. systemd's parser (src/basic/env-file.c,
 * parse_env_file_internal):
 *   - unquoted, `\X` is X (VALUE_ESCAPE drops the backslash): `Shop\In-…` → `ShopIn-…`;
 *   - in double quotes, `\\` → `\`, `\"` → `"`, `\$` → `$`, `` \` `` → `` ` `` (SHELL_NEED_ESCAPE).
 * parseEnv keeps the unquoted backslash, keeps `\\` as two, and ends the value at `\"`.
 * So doctor --env-file (offline and its DirectLink probe) checks another passphrase than the one
 * systemd hands serve: doctor passes, and serve signs every payment with a passphrase the back
 * office does not have ("unknown order/1/s"), or rejects every feedback — or the reverse.
 * Expected: such a value is refused naming its variable (never its value), or read as systemd reads it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEnvironment } from '../../../server/commands/environment.ts';

let dir = '';
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oc-env-backslash-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(line: string): Promise<string> {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.env`);
  await writeFile(file, ['OGONE_PSPID=MyShop', line, 'OGONE_USER_ID=apiuser'].join('\n') + '\n');
  return file;
}

/** What systemd's EnvironmentFile= gives serve for each line (env-file.c, quoted above). */
const CASES: Array<[label: string, line: string, systemd: string]> = [
  ['unquoted backslash', String.raw`OGONE_SHA_IN=Shop\In-passphrase-1875`, 'ShopIn-passphrase-1875'],
  ['escaped backslash in double quotes', String.raw`OGONE_SHA_IN="Shop\\In-passphrase-1875"`, String.raw`Shop\In-passphrase-1875`],
  ['escaped quote in double quotes', String.raw`OGONE_SHA_IN="Shop\"In-passphrase-1875"`, 'Shop"In-passphrase-1875'],
];

describe('an env file value with a backslash', () => {
  for (const [label, line, systemd] of CASES) {
    it(`${label}: refused naming OGONE_SHA_IN, or read as systemd gives it to serve`, async () => {
      const file = await write(line);
      let read: string | undefined;
      try {
        read = loadEnvironment({}, file).OGONE_SHA_IN;
      } catch (error) {
        assert.match((error as Error).message, /OGONE_SHA_IN/);
        assert.ok(!(error as Error).message.includes('passphrase-1875'), 'the refusal never repeats the value');
        return;
      }
      assert.equal(read, systemd, `doctor/migrate/backup read ${JSON.stringify(read)}; systemd gives serve ${JSON.stringify(systemd)}`);
    });
  }
});
