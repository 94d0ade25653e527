/**
 * Found by review r1488 (2026-12-07), now fixed.
 *
 * What is wrong: on PostgreSQL, a merchant API POST or DELETE sent with an Idempotency-Key whose
 * path is long (an id of a few thousand characters: a bug in the caller's code, a URL built from
 * the wrong variable, a scanner) fails with 500 `internal_error` instead of the 4xx the same
 * request gets without the key. server/http/idempotency.ts `idempotency` reserves the key under
 * the scope `${method} ${c.req.path}` — the whole path, unbounded — and the idempotency_keys table's
 * primary key (scope, key) is a btree index, whose entries PostgreSQL caps at 2704 bytes: the
 * INSERT fails ("index row size … exceeds btree version 4 maximum 2704 for index
 * idempotency_keys_pk"), before the route ever answers 404. SQLite has no such cap, so the same
 * request answers 404 there.
 *
 * Why it matters: README ("Merchant API") promises errors as a 4xx naming the field; the typed
 * client (and every client following Stripe's advice) sends an Idempotency-Key on every POST and
 * DELETE, and retries a 5xx — twice more, each logged as an "unhandled error" at level error,
 * which pages the operator for a request that was simply wrong.
 *
 * Expectation: with an Idempotency-Key, a POST or DELETE naming an object that does not exist by a
 * long id answers what it answers without the key (404 naming the id), never 500.
 *
 * The fix: http/idempotency.ts scopes a key to the method and a path longer than 256 characters by
 * its SHA-256 (requestScope), so the key's row fits PostgreSQL's index.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { useTestApp } from '../../support/app.ts';

describe('an Idempotency-Key on a request with a long path (postgres)', () => {
  const t = useTestApp('postgres');

  it('answers as the same request without a key: 404, not 500', async () => {
    // Random text (an index entry this long does not compress under the 2704-byte cap).
    const id = randomBytes(3000).toString('base64url').slice(0, 3000);
    const requests: Array<[string, string, unknown]> = [
      ['DELETE', `/api/buttons/btn_${id}`, undefined],
      ['POST', `/api/aliases/alias_${id}/charges`, { amount: 100, currency: 'EUR' }],
    ];
    const answers: Record<string, { withoutKey: number; withKey: number; code?: string }> = {};
    for (const [method, path, json] of requests) {
      const withoutKey = await t.api(path, { method, ...(json === undefined ? {} : { json }) });
      const withKey = await t.api(path, {
        method,
        ...(json === undefined ? {} : { json }),
        headers: { 'idempotency-key': `r1488-${method}` },
      });
      const body = (await withKey.json()) as { error?: { code?: string } };
      answers[`${method} ${path.slice(0, 18)}…`] = { withoutKey: withoutKey.status, withKey: withKey.status, code: body.error?.code };
    }
    assert.deepEqual(
      Object.values(answers).map(({ withoutKey, withKey }) => ({ withoutKey, withKey })),
      [
        { withoutKey: 404, withKey: 404 },
        { withoutKey: 404, withKey: 404 },
      ],
      `with an Idempotency-Key the same requests answered ${JSON.stringify(answers)}; unhandled errors logged: ` +
        JSON.stringify(
          t.logs
            .filter((line) => line.includes('unhandled error'))
            .map((line) => (JSON.parse(line) as { err?: { message?: string } }).err?.message),
        ),
    );
  });
});
