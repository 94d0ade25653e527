/**
 * The merchant API at its boundary: an idempotent replay is the same answer as the first one,
 * headers included; a JSON body declared in another charset is refused naming Content-Type, never
 * decoded as UTF-8 into U+FFFD and stored so.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../../support/app.ts';

describe('merchant API: replayed answers and body charsets', () => {
  const t = useTestApp('sqlite');

  it('a replayed Idempotency-Key answer carries Cache-Control: no-store like the first answer', async () => {
    const init = {
      method: 'POST',
      json: { amount: 1999, currency: 'EUR' },
      headers: { 'idempotency-key': 'review-replay-cache-1' },
    };
    const first = await t.api('/api/checkout-sessions', init);
    assert.equal(first.status, 201);
    assert.equal(first.headers.get('cache-control'), 'no-store');
    const replay = await t.api('/api/checkout-sessions', init);
    assert.equal(replay.status, 201);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await replay.json(), await first.json());
    assert.equal(replay.headers.get('cache-control'), 'no-store', 'the replay of a session (its id, amount) must not be cacheable either');
  });

  it('a body declared as ISO-8859-1 is refused naming Content-Type, never stored with U+FFFD', async () => {
    // "café" in ISO-8859-1: the é is the single byte 0xE9.
    const body = Buffer.from('{"amount":1999,"currency":"EUR","description":"caf\u00e9"}', 'latin1');
    const response = await t.api('/api/checkout-sessions', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json; charset=iso-8859-1' },
    });
    const answer = (await response.json()) as { error?: { field?: string } };
    assert.equal(response.status, 415, JSON.stringify(answer));
    assert.equal(answer.error?.field, 'Content-Type');
  });

  it('a body declared as UTF-8, in any spelling, or as US-ASCII, is read', async () => {
    for (const charset of ['utf-8', 'UTF-8', '"utf-8"', 'utf8', 'us-ascii']) {
      const response = await t.api('/api/checkout-sessions', {
        method: 'POST',
        body: Buffer.from('{"amount":1999,"currency":"EUR","description":"caf\u00e9"}', 'utf8'),
        headers: { 'content-type': `application/json; charset=${charset}` },
      });
      assert.equal(response.status, 201, charset);
      assert.equal(((await response.json()) as { description: string }).description, 'café');
    }
  });
});
