import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { detectChannel, rawHeaderReader } from '../../../server/feedback/channel.ts';

const channel = (headers: Record<string, string>) => detectChannel(new Headers(headers));

test('a navigating browser is a browser', () => {
  assert.equal(channel({ 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' }), 'browser');
  assert.equal(
    channel({ accept: 'text/html,application/xhtml+xml', 'user-agent': 'Mozilla/5.0 (Windows NT 10.0) Firefox/115.0' }),
    'browser',
  );
});

test("Ogone's request is the platform even though Indy says Mozilla and accepts text/html", () => {
  assert.equal(channel({ 'user-agent': 'Mozilla/3.0 (compatible; Indy Library)', accept: 'text/html, */*' }), 'server');
  assert.equal(channel({ 'user-agent': 'Mozilla/3.0 (compatible; Indy Library)' }), 'server');
});

test('a fetch from a page and a bare client are not navigations', () => {
  assert.equal(channel({ 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty', accept: 'text/html' }), 'server');
  assert.equal(channel({}), 'server');
});

test('the reader of Node’s raw headers answers as a Headers object made from them', () => {
  const names = ['sec-fetch-mode', 'Sec-Fetch-Dest', 'ACCEPT', 'user-agent', 'User-Agent', 'content-type', 'x-other'];
  const value = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '\t', ',', '/', ';', '=', 'é', '"') });
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 8 }), (pairs) => {
      // Node never hands over a value with a CR, LF or NUL; Headers refuses them.
      const headers = new Headers(pairs);
      const reader = rawHeaderReader(pairs.flat());
      for (const name of [...names, 'absent']) assert.equal(reader.get(name), headers.get(name), name);
    }),
  );
  assert.equal(detectChannel(rawHeaderReader(['Sec-Fetch-Mode', ' navigate ', 'User-Agent', 'curl'])), 'browser');
  assert.equal(detectChannel(rawHeaderReader(['User-Agent', 'Mozilla/3.0 (compatible; Indy Library)', 'Accept', 'text/html'])), 'server');
});
