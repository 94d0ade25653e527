/** Configuration from the environment: sandbox defaults, demo credentials, one clear error. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, parseServerConfig } from '../../../server/config/env.ts';
import { loadDemoCredentials } from '../../../server/config/demo-credentials.ts';
import { TEST_ENV } from '../../support/accounts.ts';

function refusal(env: Record<string, string>, demo?: Parameters<typeof parseServerConfig>[1]): ConfigError {
  try {
    parseServerConfig(env, demo);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error;
  }
  assert.fail('the configuration was accepted');
}

describe('server configuration', () => {
  it('reads a full production-like configuration', () => {
    const config = parseServerConfig({
      ...TEST_ENV,
      OGONE_ENVIRONMENT: 'production',
      PORT: '9000',
      DATABASE_URL: 'postgres://u@db/x',
      OGONE_OPERATION: 'RES',
    });
    assert.equal(config.sandbox, false);
    assert.equal(config.provider.environment, 'production');
    assert.equal(config.provider.hashAlgorithm, 'sha512');
    assert.equal(config.port, 9000);
    assert.equal(config.operation, 'RES');
    assert.deepEqual(config.merchantApiKeys.length, 2);
    assert.deepEqual(config.allowedOrigins, ['https://shop.example.com']);
    assert.equal(config.rateLimitPerMinute, 120, 'the default rate limit');
    assert.equal(parseServerConfig({ ...TEST_ENV, RATE_LIMIT_PER_MINUTE: '600' }).rateLimitPerMinute, 600);
    assert.equal(config.databasePoolSize, 10, 'the default pool');
    assert.equal(parseServerConfig({ ...TEST_ENV, DATABASE_POOL_SIZE: ' 16 ' }).databasePoolSize, 16);
    assert.equal(parseServerConfig(TEST_ENV).databaseQueryTimeoutSeconds, 30);
    assert.equal(parseServerConfig({ ...TEST_ENV, DATABASE_QUERY_TIMEOUT_SECONDS: '5' }).databaseQueryTimeoutSeconds, 5);
  });

  it('names the bad setting in one line', () => {
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ ...TEST_ENV, OGONE_SHA_IN: 'short' }, 'OGONE_SHA_IN', /16 to 32/],
      [{ ...TEST_ENV, OGONE_SHA_OUT: TEST_ENV.OGONE_SHA_IN }, 'OGONE_SHA_OUT', /differ/],
      [{ ...TEST_ENV, OGONE_HASH_ALGORITHM: 'md5' }, 'OGONE_HASH_ALGORITHM', /sha1, sha256 or sha512/],
      [{ ...TEST_ENV, OGONE_ENVIRONMENT: 'live' }, 'OGONE_ENVIRONMENT', /sandbox, test, production/],
      [{ ...TEST_ENV, PORT: 'eighty' }, 'PORT', /port number/],
      [{ ...TEST_ENV, PUBLIC_URL: 'pay.example.com' }, 'PUBLIC_URL', /absolute/],
      [{ ...TEST_ENV, DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', /postgres/],
      [{ ...TEST_ENV, MERCHANT_API_KEYS: 'short' }, 'MERCHANT_API_KEYS', /24 characters/],
      [{ ...TEST_ENV, MERCHANT_API_KEYS: '' }, 'MERCHANT_API_KEYS', /required/],
      [{ ...TEST_ENV, MERCHANT_API_KEYS: 'sk_test_0123456789 abcdefghijkl' }, 'MERCHANT_API_KEYS', /visible ASCII/],
      [{ ...TEST_ENV, MERCHANT_API_KEYS: 'sk_test_0123456789abcdéfghijkl' }, 'MERCHANT_API_KEYS', /visible ASCII/],
      [{ ...TEST_ENV, WEBHOOK_URL: 'https://hooks.example.com', WEBHOOK_SECRET: '' }, 'WEBHOOK_SECRET', /required/],
      [{ ...TEST_ENV, ALLOWED_ORIGINS: 'https://shop.example.com/path' }, 'ALLOWED_ORIGINS', /not an origin/],
      [{ ...TEST_ENV, OGONE_PSPID: '' }, 'OGONE_PSPID', /required/],
      [{ ...TEST_ENV, OGONE_PSPID: 'P'.repeat(31) }, 'OGONE_PSPID', /30/],
      [{ ...TEST_ENV, RATE_LIMIT_PER_MINUTE: '0' }, 'RATE_LIMIT_PER_MINUTE', /requests per minute/],
      [{ ...TEST_ENV, RATE_LIMIT_PER_MINUTE: '60/min' }, 'RATE_LIMIT_PER_MINUTE', /whole number/],
      [{ ...TEST_ENV, DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE', /connections from 1 to 1000/],
      [{ ...TEST_ENV, DATABASE_POOL_SIZE: '1001' }, 'DATABASE_POOL_SIZE', /connections from 1 to 1000/],
      [{ ...TEST_ENV, DATABASE_POOL_SIZE: '4.5' }, 'DATABASE_POOL_SIZE', /whole number/],
      [{ ...TEST_ENV, DATABASE_QUERY_TIMEOUT_SECONDS: '0' }, 'DATABASE_QUERY_TIMEOUT_SECONDS', /seconds from 1 to 3600/],
      [{ ...TEST_ENV, DATABASE_QUERY_TIMEOUT_SECONDS: '3601' }, 'DATABASE_QUERY_TIMEOUT_SECONDS', /seconds from 1 to 3600/],
    ];
    for (const [env, variable, message] of cases) {
      const error = refusal(env);
      assert.equal(error.variable, variable, error.message);
      assert.match(error.message, message);
      assert.ok(error.message.startsWith(`${variable}: `));
      assert.ok(!error.message.includes('\n'));
      for (const secret of [TEST_ENV.OGONE_SHA_IN, TEST_ENV.OGONE_SHA_OUT, TEST_ENV.OGONE_PASSWORD])
        assert.ok(!error.message.includes(secret));
    }
  });

  it('OGONE_ENVIRONMENT=sandbox without credentials means demo credentials; none without it is refused; a partial set is refused', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'oc-config-'));
    try {
      const first = await loadDemoCredentials(dir);
      assert.equal(first.created, true);
      assert.equal((await stat(first.file)).mode & 0o777, 0o600, 'only the owner reads the passphrases');
      const second = await loadDemoCredentials(dir);
      assert.equal(second.created, false);
      assert.deepEqual(second.credentials, first.credentials, 'a restart keeps the same credentials');
      assert.deepEqual(JSON.parse(await readFile(first.file, 'utf8')), first.credentials);
      const closed = refusal({ DATA_DIR: dir }, first.credentials);
      assert.equal(closed.variable, 'OGONE_ENVIRONMENT');
      assert.equal(closed.exitCode, 1);
      assert.match(closed.message, /OGONE_ENVIRONMENT=sandbox/);
      assert.equal(refusal({ DATA_DIR: dir, OGONE_ENVIRONMENT: 'production' }, first.credentials).variable, 'OGONE_ENVIRONMENT');
      const config = parseServerConfig({ DATA_DIR: dir, OGONE_ENVIRONMENT: 'sandbox' }, first.credentials);
      assert.equal(config.sandbox, true);
      assert.equal(config.demoCredentials, true);
      assert.equal(config.provider.environment, 'sandbox');
      assert.equal(config.provider.shaIn, first.credentials.shaIn);
      assert.deepEqual(config.merchantApiKeys, [first.credentials.merchantApiKey]);
      assert.equal(refusal({ OGONE_PSPID: 'X' }).variable, 'OGONE_USER_ID');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
