/**
 * doctor's DirectLink probe on an account whose back office hashes with SHA-256 while the
 * deployment leaves OGONE_HASH_ALGORITHM at its default (sha512): the SHA-IN passphrase is right,
 * the algorithm is wrong. The platform answers 50001184 and doctor blames OGONE_SHA_IN alone
 * ("OGONE_SHA_IN differs from the SHA-IN pass phrase"), so the operator changes a correct
 * passphrase and never looks at the setting that is wrong. A query changes nothing at Ogone:
 * asking again with the other algorithms tells the two apart.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DoctorReport } from '../../../server/commands/doctor.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { accountEnv, runCli } from '../config/account-env.ts';

const ACCOUNT = {
  pspid: 'MyShop',
  userId: 'apiuser',
  password: 'api-password-never-shown',
  shaIn: 'In-passphrase-1875!?',
  shaOut: 'Out-passphrase-1875!?',
  hashAlgorithm: 'sha256',
} as const;

let ogone: RunningSandbox;
let dataDir = '';
before(async () => {
  ogone = await startSandbox({ ...ACCOUNT });
  dataDir = await mkdtemp(path.join(tmpdir(), 'oc-doctor-algo-'));
});
after(async () => {
  await ogone.close();
  await rm(dataDir, { recursive: true, force: true });
});

it('a hash algorithm that differs from the back office is named, not the (right) SHA-IN passphrase', async () => {
  const env = accountEnv({ DATA_DIR: dataDir, OGONE_ENVIRONMENT: 'test', OGONE_BASE_URL: ogone.url, PUBLIC_URL: 'http://127.0.0.1:9' });
  // Control: with the back office's algorithm the account is confirmed.
  const right = JSON.parse((await runCli(['doctor', '--json'], { ...env, OGONE_HASH_ALGORITHM: 'sha256' })).out) as DoctorReport;
  const confirmed = right.findings.find((f) => f.check === 'api-user');
  assert.equal(confirmed?.severity, 'ok', `control: ${confirmed?.message}`);

  const report = JSON.parse((await runCli(['doctor', '--json'], { ...env, OGONE_HASH_ALGORITHM: 'sha512' })).out) as DoctorReport;
  const apiUser = report.findings.find((f) => f.check === 'api-user');
  assert.equal(apiUser?.severity, 'error');
  assert.equal(
    apiUser?.setting,
    'OGONE_HASH_ALGORITHM',
    `doctor names ${apiUser?.setting}: "${apiUser?.message}" — the passphrase is right, the algorithm is not`,
  );
});
