/**
 * OGONE_BASE_URL may name "a proxy" (settings.ts), and WEBHOOK_URL takes credentials in its URL
 * (sent as a header, never printed), so an operator writes `https://user:password@proxy…` here too.
 * Unlike PUBLIC_URL ("must carry no user name or password"), OGONE_BASE_URL is accepted as is:
 * - serve starts, and every hosted-page form handed to shoppers' browsers carries the proxy's
 *   password in its action URL;
 * - every DirectLink call fails inside fetch ("Request cannot be constructed from a URL that
 *   includes credentials: <the URL, password included>") and that message is printed by doctor and
 *   logged by the client, the password in clear (errors.ts scrubs only the account's secrets).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { collectConfigErrors } from '../../../server/config/env.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { accountEnv, runCli } from './account-env.ts';

const PROXY_PASSWORD = 'Proxy-Pa55word-never-shown';
const ACCOUNT = {
  pspid: 'MyShop',
  userId: 'apiuser',
  password: 'api-password-never-shown',
  shaIn: 'In-passphrase-1875!?',
  shaOut: 'Out-passphrase-1875!?',
  hashAlgorithm: 'sha512',
} as const;

let ogone: RunningSandbox;
let dataDir = '';
before(async () => {
  ogone = await startSandbox({ ...ACCOUNT });
  dataDir = await mkdtemp(path.join(tmpdir(), 'oc-base-url-'));
});
after(async () => {
  await ogone.close();
  await rm(dataDir, { recursive: true, force: true });
});

const withCredentials = () => {
  const url = new URL(ogone.url);
  url.username = 'proxyuser';
  url.password = PROXY_PASSWORD;
  return url.toString().replace(/\/$/, '');
};

describe('OGONE_BASE_URL with a user name and password', () => {
  it('is refused like PUBLIC_URL, naming OGONE_BASE_URL (serve would otherwise start with it)', () => {
    const errors = collectConfigErrors(accountEnv({ DATA_DIR: dataDir, OGONE_BASE_URL: withCredentials() }));
    assert.ok(
      errors.some((error) => error.variable === 'OGONE_BASE_URL'),
      `no error names OGONE_BASE_URL: serve starts and puts the proxy password into every hosted-page form (${errors.map((e) => e.message).join('; ') || 'no errors'})`,
    );
  });

  it('doctor never prints the password', async () => {
    const { code, out } = await runCli(
      ['doctor'],
      accountEnv({ DATA_DIR: dataDir, OGONE_BASE_URL: withCredentials(), OGONE_ENVIRONMENT: 'test', PUBLIC_URL: 'http://127.0.0.1:9' }),
    );
    assert.notEqual(code, 0);
    assert.ok(
      !out.includes(PROXY_PASSWORD),
      `doctor printed the proxy password:\n${out
        .split('\n')
        .filter((l) => l.includes(PROXY_PASSWORD))
        .join('\n')}`,
    );
  });
});
