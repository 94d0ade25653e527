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
import { describe, it } from 'node:test';
import { assertRefusedOrReadAsSystemd, envFiles } from './env-file-lines.ts';

const { write } = envFiles('oc-env-backslash-');

/** What systemd's EnvironmentFile= gives serve for each line (env-file.c, quoted above). */
const CASES: Array<[label: string, line: string, systemd: string]> = [
  ['unquoted backslash', String.raw`OGONE_SHA_IN=Shop\In-passphrase-1875`, 'ShopIn-passphrase-1875'],
  ['escaped backslash in double quotes', String.raw`OGONE_SHA_IN="Shop\\In-passphrase-1875"`, String.raw`Shop\In-passphrase-1875`],
  ['escaped quote in double quotes', String.raw`OGONE_SHA_IN="Shop\"In-passphrase-1875"`, 'Shop"In-passphrase-1875'],
];

describe('an env file value with a backslash', () => {
  for (const [label, line, systemd] of CASES) {
    it(`${label}: refused naming OGONE_SHA_IN, or read as systemd gives it to serve`, async () => {
      assertRefusedOrReadAsSystemd(await write(line), systemd, 'passphrase-1875');
    });
  }
});
