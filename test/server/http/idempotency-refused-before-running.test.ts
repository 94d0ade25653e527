/**
 * Found by review r1686 (2026-12-07), now fixed.
 * The fix: A 415/413 (refused before the route ran) keeps nothing under its key: the key is forgotten, the corrected request runs
 *
 * r1686 — a request refused 415 for its Content-Type keeps that refusal under its Idempotency-Key,
 * and the same request sent again with the right Content-Type is answered with it.
 *
 * README "Merchant API": the API takes JSON, "a body sent as another media type is refused 415".
 * server/http/idempotency.ts fingerprints a key's request by its method, path and body text only
 * and keeps every non-5xx JSON answer, so the 415 (a refusal of the request's media type, before
 * anything ran) becomes the key's answer for a day.
 *
 * Why it matters: `curl -d '{…}'` sends `application/x-www-form-urlencoded` — the first thing a
 * merchant trying the API meets. Adding `-H 'Content-Type: application/json'` and retrying under
 * the same key (as the README's "a retry must not turn into a different request" invites) gets the
 * 415 "not application/x-www-form-urlencoded" replayed for a request that *is* JSON, and no
 * checkout session (or capture, refund, saved-card charge) is ever made under that key. Stripe keeps
 * no answer for a request refused before it ran.
 *
 * Expected: the second request, with `Content-Type: application/json`, is not the first one's
 * replayed 415: it runs (201) — or, at the least, is told the key belongs to another request (422
 * `idempotency_key_reused`) rather than that its JSON is not JSON.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../../support/app.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';

const SESSION = JSON.stringify({
  amount: 1999,
  currency: 'EUR',
  successUrl: 'https://shop.example/ok',
  failureUrl: 'https://shop.example/ko',
});

for (const kind of DATABASE_KINDS) {
  describe(`Idempotency-Key after a 415 on ${kind}`, () => {
    const t = useTestApp(kind);

    it('the same JSON body sent again with Content-Type: application/json runs, not the kept 415', async () => {
      const key = 'r1686-content-type';
      const first = await t.api('/api/checkout-sessions', {
        method: 'POST',
        body: SESSION,
        headers: { 'idempotency-key': key, 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(first.status, 415, await first.text());

      const fixed = await t.api('/api/checkout-sessions', {
        method: 'POST',
        body: SESSION,
        headers: { 'idempotency-key': key, 'content-type': 'application/json' },
      });
      const text = await fixed.text();
      assert.ok(
        fixed.status === 201 || (fixed.status === 422 && text.includes('idempotency_key_reused')),
        `a JSON request answered ${fixed.status} (Idempotent-Replayed: ${fixed.headers.get('idempotent-replayed')}): ${text}`,
      );
    });

    it('the key of a 415 is free: a request with another body runs under it, and then replays', async () => {
      const key = 'r1686-forgotten-key';
      const first = await t.api('/api/checkout-sessions', {
        method: 'POST',
        body: 'amount=1999&currency=EUR',
        headers: { 'idempotency-key': key, 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(first.status, 415, await first.text());

      const init = { method: 'POST', json: { amount: 1999, currency: 'EUR' }, headers: { 'idempotency-key': key } };
      const json = await t.api('/api/checkout-sessions', init);
      const made = (await json.json()) as { id: string };
      assert.equal(json.status, 201, JSON.stringify(made));
      assert.equal(json.headers.get('idempotent-replayed'), null);

      const again = await t.api('/api/checkout-sessions', init);
      assert.equal(again.status, 201);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.equal(((await again.json()) as { id: string }).id, made.id);
    });
  });
}
