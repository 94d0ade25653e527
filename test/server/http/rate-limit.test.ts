/**
 * The feedback limit's remembered address test (server/http/rate-limit.ts): the answers of the
 * test it remembers, each address asked once while the map has room.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rememberedAddressTest } from '../../../server/http/rate-limit.ts';

describe('rememberedAddressTest', () => {
  it('answers as the test, asking it once per address, within its capacity', () => {
    const asked: string[] = [];
    const test = rememberedAddressTest((address) => {
      asked.push(address);
      return address.startsWith('127.');
    }, 2);
    assert.equal(test('127.0.0.1'), true);
    assert.equal(test('127.0.0.1'), true);
    assert.equal(test('203.0.113.7'), false);
    assert.equal(test('203.0.113.7'), false);
    assert.deepEqual(asked, ['127.0.0.1', '203.0.113.7']);
    // Full: a third address starts the map over, and every answer is still the test's.
    assert.equal(test('::1'), false);
    assert.equal(test('127.0.0.1'), true);
    assert.equal(test('127.0.0.1'), true);
    assert.deepEqual(asked, ['127.0.0.1', '203.0.113.7', '::1', '127.0.0.1']);
  });
});
