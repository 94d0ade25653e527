import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectChannel } from '../../../server/feedback/channel.ts';

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
