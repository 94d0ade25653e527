/**
 * Guards against what a review found: PUBLIC_URL is only checked to be an absolute http(s) URL, then used as a string prefix
 * (`${publicUrl}/payment/ogone/return`, the status page, the challenge page...). A query, a
 * fragment or credentials in it are accepted by serve and passed by doctor, and every URL built
 * from it is wrong: the return URL sent to Ogone lands on the root page with a query / fragment.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collectConfigErrors, parseServerConfig } from '../../../server/config/env.ts';
import { FEEDBACK_PATH } from '../../../server/payments/hosted-page.ts';
import { main } from '../../../server/commands/index.ts';
import { accountEnv } from './account-env.ts';

const env = (publicUrl: string): Record<string, string> => accountEnv({ PUBLIC_URL: publicUrl });

const CASES = ['https://pay.example.com/?utm_source=x', 'https://pay.example.com/#top', 'https://pay.example.com?a=1'];

describe('PUBLIC_URL with a query or a fragment', () => {
  for (const publicUrl of CASES) {
    it(`${publicUrl}: refused naming PUBLIC_URL, or the return URL built from it is ${FEEDBACK_PATH}`, () => {
      const errors = collectConfigErrors(env(publicUrl));
      if (errors.some((error) => error.variable === 'PUBLIC_URL')) return; // refused: fine
      const config = parseServerConfig(env(publicUrl));
      const returnUrl = new URL(`${config.publicUrl}${FEEDBACK_PATH}`);
      assert.deepEqual(
        { pathname: returnUrl.pathname, search: returnUrl.search, hash: returnUrl.hash },
        { pathname: FEEDBACK_PATH, search: '', hash: '' },
        `serve accepted PUBLIC_URL=${publicUrl}; the return URL sent to Ogone is ${config.publicUrl}${FEEDBACK_PATH}`,
      );
    });
  }

  it('doctor --offline does not pass PUBLIC_URL=https://pay.example.com/?utm_source=x', async () => {
    const lines: string[] = [];
    const code = await main(['doctor', '--offline'], env(CASES[0]!), { stdout: (l) => lines.push(l), stderr: (l) => lines.push(l) });
    const returnLine = lines
      .join('\n')
      .split('\n')
      .find((l) => l.includes('post-payment page (accepted'));
    assert.notEqual(code, 0, `doctor exited 0 and tells the merchant to enter: ${returnLine?.trim()}`);
  });
});

describe('PUBLIC_URL with credentials', () => {
  it('https://admin:hunter2@pay.example.com is refused, or the password is not kept in the URL sent to Ogone and logged', () => {
    const publicUrl = 'https://admin:hunter2@pay.example.com';
    const errors = collectConfigErrors(env(publicUrl));
    if (errors.some((error) => error.variable === 'PUBLIC_URL')) return;
    const config = parseServerConfig(env(publicUrl));
    assert.doesNotMatch(config.publicUrl ?? '', /hunter2/, `publicUrl (start log, return URLs): ${config.publicUrl}`);
  });
});
