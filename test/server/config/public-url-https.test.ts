/**
 * PUBLIC_URL over plain http with OGONE_ENVIRONMENT=production: the hosted page sends shoppers back,
 * and Ogone's feedback (what marks a payment paid, with the card's details) comes, over http to
 * another host. Found in review: only doctor said so, `serve` started (with a log warning). Now
 * refused at start as the example file's placeholders are, exit 2 naming PUBLIC_URL; an http
 * address on this machine's loopback (a local nginx in a test) and the test platform stay allowed,
 * as for OGONE_BASE_URL, and doctor reports it once, as its own finding.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collectConfigErrors } from '../../../server/config/env.ts';
import type { DoctorReport } from '../../../server/commands/doctor.ts';
import { accountEnv, runCli } from './account-env.ts';

const env = (publicUrl: string, environment = 'production') =>
  accountEnv({ OGONE_ENVIRONMENT: environment, PUBLIC_URL: publicUrl, DATA_DIR: '/tmp', LOG_LEVEL: 'error' });
const publicUrlErrors = (publicUrl: string, environment?: string) =>
  collectConfigErrors(env(publicUrl, environment)).filter((error) => error.variable === 'PUBLIC_URL');

describe('PUBLIC_URL in production', () => {
  it('is refused over http to another host, naming the setting and why', () => {
    const errors = publicUrlErrors('http://pay.example.com');
    assert.equal(errors.length, 1, 'serve would start sending shoppers and feedback over plain http');
    assert.match(errors[0]!.message, /must be https in production/);
    assert.equal(errors[0]!.exitCode, 2);
  });

  it('is accepted over https, over http on this machine’s loopback, and over http on the test platform', () => {
    assert.deepEqual(publicUrlErrors('https://pay.example.com'), []);
    assert.deepEqual(publicUrlErrors('http://127.0.0.1:8080'), []);
    assert.deepEqual(publicUrlErrors('http://localhost:8080'), []);
    assert.deepEqual(publicUrlErrors('http://[::1]:8080'), []);
    assert.deepEqual(publicUrlErrors('http://pay.example.com', 'test'), []);
  });

  it('makes serve exit 2, naming PUBLIC_URL', async () => {
    const run = await runCli(['serve'], env('http://pay.example.com'));
    assert.equal(run.code, 2, run.out);
    assert.match(run.out, /PUBLIC_URL: must be https in production/);
  });

  it('is reported by doctor once, as its https finding', async () => {
    const run = await runCli(['doctor', '--json', '--offline'], env('http://pay.example.com'));
    assert.equal(run.code, 1);
    const report = JSON.parse(run.out) as DoctorReport;
    const errors = report.findings.filter((f) => f.severity === 'error' && f.setting === 'PUBLIC_URL').map((f) => f.check);
    assert.deepEqual(errors, ['public-url-https']);
  });
});
