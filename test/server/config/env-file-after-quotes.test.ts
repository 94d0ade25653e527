/**
 * The deployment's environment file has two readers (docs/deploy.md §2): systemd's
 * EnvironmentFile= gives it to serve, node:util parseEnv reads it for `doctor --env-file`,
 * `migrate`, `backup`, `serve --env-file` (server/commands/environment.ts). Text after a closing
 * quote is read differently (review r950): systemd goes on reading and joins it to the value (a
 * `#` there is no comment; src/basic/env-file.c), parseEnv stops at the quote — doctor checked
 * another passphrase than the one systemd gives serve. Such a line is refused naming the
 * variable, never its value, as the `#` and backslash cases are; so is a value in backticks,
 * which only parseEnv takes for quotes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadEnvironment } from '../../../server/commands/environment.ts';
import { assertRefusedOrReadAsSystemd, envFiles } from './env-file-lines.ts';

const { write } = envFiles('oc-env-quotes-');

/** What systemd's EnvironmentFile= gives serve for each line (env-file.c, above). */
const CASES: Array<[label: string, line: string, systemd: string]> = [
  ['a comment after a double-quoted value', 'OGONE_SHA_IN="Shop-In-1875-abcd" # back office', 'Shop-In-1875-abcd# back office'],
  ['a comment after a single-quoted value', "OGONE_SHA_IN='Shop-In-1875-abcd' #x", 'Shop-In-1875-abcd#x'],
  ['text right after the closing quote', 'OGONE_SHA_IN="Shop-In-"1875-abcd', 'Shop-In-1875-abcd'],
  ['a value in backticks', 'OGONE_SHA_IN=`Shop-In-1875-abcd`', '`Shop-In-1875-abcd`'],
];

describe('an env file value with text after its closing quote, or in backticks', () => {
  for (const [label, line, systemd] of CASES) {
    it(`${label}: refused naming OGONE_SHA_IN, or read as systemd gives it to serve`, async () => {
      assertRefusedOrReadAsSystemd(await write(line), systemd, '1875-abcd');
    });
  }
});

describe('an env file value quoted alone, or with blanks after its closing quote', () => {
  for (const line of ['OGONE_SHA_IN="Shop-In#1875-abcd"', "OGONE_SHA_IN='Shop-In-1875-abcd'   ", 'OGONE_SHA_IN="Shop In 1875 abcd"\t']) {
    it(`is read: ${JSON.stringify(line)}`, async () => {
      const read = loadEnvironment({}, await write(line)).OGONE_SHA_IN;
      assert.equal(read, /^OGONE_SHA_IN=["'](.*)["']\s*$/.exec(line)![1]);
    });
  }
});
