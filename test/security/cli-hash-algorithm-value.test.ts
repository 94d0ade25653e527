/**
 * A secret put in OGONE_HASH_ALGORITHM by mistake (a shifted .env line) is not printed by
 * `doctor`, `sign` and `verify` (it was). `serve` refuses the same setting without repeating the value
 * (test/security/secrets-in-logs.test.ts, "configuration errors name the setting, never its
 * value", case { OGONE_HASH_ALGORITHM: SCALE_ACCOUNT.OGONE_SHA_OUT }); the CLI commands printed it
 * lower-cased (doctor's finding, sign/verify's usage error) and upper-cased (doctor's back-office
 * checklist "Hash algorithm: …"). Compared without case: a passphrase's letters in another case
 * are still the passphrase, short of a few guesses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../server/commands/index.ts';
import { MERCHANT_API_KEY, SCALE_ACCOUNT } from '../support/accounts.ts';

const SECRET = SCALE_ACCOUNT.OGONE_SHA_OUT;

async function run(args: string[], env: Record<string, string>): Promise<string> {
  const lines: string[] = [];
  await main(args, env, { stdout: (l) => lines.push(l), stderr: (l) => lines.push(l) });
  return lines.join('\n');
}

/** Whether `text` holds `secret` in any case, ignoring the punctuation doctor's checklist rewrites. */
function shows(text: string, secret: string): boolean {
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  return squash(text).includes(squash(secret));
}

const ENV = {
  ...SCALE_ACCOUNT,
  OGONE_ENVIRONMENT: 'test',
  PUBLIC_URL: 'https://pay.example.com',
  MERCHANT_API_KEYS: MERCHANT_API_KEY,
  DATA_DIR: '/tmp/ogone-review-none',
  OGONE_HASH_ALGORITHM: SECRET,
};

test('doctor --offline does not print a secret found in OGONE_HASH_ALGORITHM', async () => {
  const text = await run(['doctor', '--offline'], ENV);
  assert.match(text, /OGONE_HASH_ALGORITHM/);
  assert.equal(
    shows(text, SECRET),
    false,
    `doctor prints the value:\n${text
      .split('\n')
      .filter((l) => shows(l, SECRET))
      .join('\n')}`,
  );
});

test('sign does not print a secret found in OGONE_HASH_ALGORITHM', async () => {
  const text = await run(['sign', 'AMOUNT=100'], { OGONE_SHA_IN: SCALE_ACCOUNT.OGONE_SHA_IN, OGONE_HASH_ALGORITHM: SECRET });
  assert.match(text, /OGONE_HASH_ALGORITHM/);
  assert.equal(shows(text, SECRET), false, `sign prints the value: ${text}`);
});

test('verify does not print a secret found in OGONE_HASH_ALGORITHM', async () => {
  const text = await run(['verify', 'orderID=1&STATUS=9'], { OGONE_SHA_OUT: SCALE_ACCOUNT.OGONE_SHA_OUT, OGONE_HASH_ALGORITHM: SECRET });
  assert.match(text, /OGONE_HASH_ALGORITHM/);
  assert.equal(shows(text, SECRET), false, `verify prints the value: ${text}`);
});
