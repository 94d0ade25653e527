/**
 * Found by review r1685 (2026-12-07), now fixed.
 * The fix: An Idempotency-Key's request hash covers the query string: a retry with another one is refused 422 idempotency_key_reused
 *
 * r1685 — an Idempotency-Key's request is fingerprinted by its method, path and body only: the
 * query string, which every merchant POST reads (an unknown query parameter is refused 400
 * naming it, README "Merchant API"), is left out (server/http/idempotency.ts hashes
 * `c.req.text()` and scopes by `c.req.path`).
 *
 * Why it matters: README "Merchant API" promises that the same key *and request* replay the first
 * answer and that a retry "must not turn into a different request". Here two different requests
 * share one answer:
 * - a merchant whose first `POST /api/checkout-sessions?foo=1` was refused 400 ("foo: unknown
 *   query parameter"), fixed the call and sent it again under the same key (the typed client and
 *   Stripe-style integrations keep the key across retries) gets that 400 replayed for a day —
 *   naming a parameter the request does not have — and no checkout session is ever made: the
 *   shopper cannot pay;
 * - the other way round, a request the server refuses (an unknown parameter) is answered with an
 *   earlier request's 201 as if it had been accepted.
 * Stripe compares the whole request under a key, and keeps no answer of a request refused by
 * validation before it ran.
 *
 * Expected: the second request is not answered with the first one's kept answer — it runs (201 /
 * 400 of its own) or is refused as another request under the key (422 `idempotency_key_reused`).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../../support/app.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';

const SESSION = { amount: 1999, currency: 'EUR', successUrl: 'https://shop.example/ok', failureUrl: 'https://shop.example/ko' };

for (const kind of DATABASE_KINDS) {
  describe(`Idempotency-Key and the query string on ${kind}`, () => {
    const t = useTestApp(kind);

    it('the corrected request (no unknown parameter) under the same key is not answered with the first 400', async () => {
      const key = 'r1685-fixed-query';
      const first = await t.api('/api/checkout-sessions?foo=1', { method: 'POST', json: SESSION, headers: { 'idempotency-key': key } });
      const firstBody = (await first.json()) as { error?: { field?: string } };
      assert.equal(first.status, 400);
      assert.equal(firstBody.error?.field, 'foo');

      const fixed = await t.api('/api/checkout-sessions', { method: 'POST', json: SESSION, headers: { 'idempotency-key': key } });
      const text = await fixed.text();
      assert.notEqual(
        fixed.headers.get('idempotent-replayed'),
        'true',
        `a request without "foo" got the kept answer of the request with it: ${fixed.status} ${text}`,
      );
      assert.ok(
        fixed.status === 201 || (fixed.status === 422 && text.includes('idempotency_key_reused')),
        `expected 201 (the session made) or 422 idempotency_key_reused; got ${fixed.status} ${text}`,
      );
    });

    it('the same request, query string included, replays its first answer', async () => {
      const key = 'r1685-same-query';
      const init = { method: 'POST', json: SESSION, headers: { 'idempotency-key': key } };
      const first = await t.api('/api/checkout-sessions?foo=1', init);
      const firstText = await first.text();
      assert.equal(first.status, 400, firstText);
      const again = await t.api('/api/checkout-sessions?foo=1', init);
      assert.equal(again.status, 400);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.equal(await again.text(), firstText);
    });

    it('a request with an unknown parameter under a used key is not answered with the earlier 201', async () => {
      const key = 'r1685-added-query';
      const first = await t.api('/api/checkout-sessions', { method: 'POST', json: SESSION, headers: { 'idempotency-key': key } });
      assert.equal(first.status, 201);

      const other = await t.api('/api/checkout-sessions?foo=1', { method: 'POST', json: SESSION, headers: { 'idempotency-key': key } });
      const text = await other.text();
      assert.ok(
        other.status === 400 || (other.status === 422 && text.includes('idempotency_key_reused')),
        `a request the server refuses (unknown query parameter foo) was answered ${other.status} (replayed: ${other.headers.get('idempotent-replayed')}): ${text.slice(0, 200)}`,
      );
    });
  });
}
