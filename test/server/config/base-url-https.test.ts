/**
 * OGONE_BASE_URL with OGONE_ENVIRONMENT=production over plain http to another host: every
 * DirectLink request carries the API user's password (PSWD) and the hosted page the shopper is
 * sent to takes the card, both readable on the way. Refused at start, naming OGONE_BASE_URL; an
 * http proxy on this machine's loopback (a TLS tunnel) and the test platform stay allowed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collectConfigErrors } from '../../../server/config/env.ts';
import { accountEnv } from './account-env.ts';

const production = (baseUrl: string, environment = 'production') =>
  collectConfigErrors(
    accountEnv({ OGONE_ENVIRONMENT: environment, OGONE_BASE_URL: baseUrl, PUBLIC_URL: 'https://pay.example.com', DATA_DIR: '/tmp' }),
  ).filter((error) => error.variable === 'OGONE_BASE_URL');

describe('OGONE_BASE_URL in production', () => {
  it('is refused over http to another host, naming the setting and why', () => {
    const errors = production('http://proxy.example.net:8080');
    assert.equal(errors.length, 1, 'serve would start sending the API password in clear');
    assert.match(errors[0]!.message, /https in production/);
  });

  it('is accepted over https, over http to a loopback proxy, and over http on the test platform', () => {
    assert.deepEqual(production('https://proxy.example.net'), []);
    assert.deepEqual(production('http://127.0.0.1:8443'), []);
    assert.deepEqual(production('http://localhost:8443'), []);
    assert.deepEqual(production('http://[::1]:8443'), []);
    assert.deepEqual(production('http://proxy.example.net:8080', 'test'), []);
  });
});
