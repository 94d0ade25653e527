/**
 * Found by review r1538 (2026-12-07), now fixed.
 *
 * What is wrong: server/repository/idempotency.ts `completeIdempotencyKey` (called by
 * server/http/idempotency.ts `answerOnce`) writes the answer under (scope, key) alone, whatever
 * reservation now holds the key. A request whose instance froze after reserving its key (the
 * case README's DATABASE_QUERY_TIMEOUT_SECONDS names: "an instance frozen or lost in the middle")
 * is taken over after ABANDONED_RESERVATION_MS by the merchant's retry, which creates its own
 * checkout session and keeps it as the key's answer. When the frozen instance resumes, it creates
 * its session and its completion overwrites the takeover's kept answer. The release path was made
 * reservation-bound for exactly this takeover (reviews r1261, r1262: "each release names its own
 * reservation, never a later one that took the key over"); the completion path was not.
 *
 * Why it matters: one Idempotency-Key now names two checkout sessions. The merchant's retry was
 * answered session B and the shop stored it; every later retry of the same key (another tab of
 * the shop, a page reload that re-sends the cart's key) is replayed session A. The shopper can be
 * sent to both and pay both: the platform's duplicate handling (docs/ogone-protocol.md §8) only
 * looks inside one session, so the second payment is neither flagged nor given back. README
 * "Idempotency-Key": the same key and body replay the first answer; here they replay two objects.
 *
 * How: the first request's session INSERT is held (a frozen instance) while the clocks pass
 * ABANDONED_RESERVATION_MS; the retry on the second app (same PostgreSQL database) takes the key
 * over and answers; then the frozen request resumes and finishes.
 *
 * Expected: once the retry answered session B under the key, a later request with the same key
 * and body is answered session B — never the resumed request's session.
 *
 * The fix: repository/idempotency.ts completeIdempotencyKey keeps an answer only for the
 * reservation that made it (still unanswered, its created_at), as the release does.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

/** Past ABANDONED_RESERVATION_MS (ten minutes). */
const PAST_ABANDONED_MS = 11 * 60_000;

/** Holds `t`'s next session INSERT until `resume()`; `reached` once it is held. */
function freezeNextSessionInsert(t: TestApp): { reached: Promise<void>; resume: () => void } {
  const repository = t.repository as unknown as { createSession: (...args: unknown[]) => Promise<unknown> };
  const original = repository.createSession.bind(t.repository);
  let resume!: () => void;
  let reachedNow!: () => void;
  const reached = new Promise<void>((resolve) => (reachedNow = resolve));
  const resumed = new Promise<void>((resolve) => (resume = resolve));
  repository.createSession = async (...args: unknown[]) => {
    repository.createSession = original;
    reachedNow();
    await resumed;
    return original(...args);
  };
  return { reached, resume };
}

// Two instances on one PostgreSQL database: one frozen, the other answering the merchant's retry.
describe('an Idempotency-Key taken over from a frozen request (two instances, PostgreSQL)', () => {
  let database: TestDatabase;
  let frozen: TestApp;
  let other: TestApp;
  before(async () => {
    database = await createTestDatabase('postgres');
    frozen = await createTestApp(database);
    other = await createTestApp(database);
  });
  after(async () => {
    await frozen?.close();
    await other?.close();
    await database?.drop();
  });

  it('the key keeps answering the session its takeover answered, after the frozen request resumes', async () => {
    for (let round = 0; round < 3; round++) {
      const key = `cart-${round}`;
      const body = { amount: 4990, currency: 'EUR', reference: `cart-${round}` };
      const create = (t: TestApp) => t.api('/api/checkout-sessions', { method: 'POST', json: body, headers: { 'idempotency-key': key } });

      const freeze = freezeNextSessionInsert(frozen);
      const first = create(frozen);
      await freeze.reached;

      frozen.clock.advance(PAST_ABANDONED_MS);
      other.clock.advance(PAST_ABANDONED_MS);
      const retry = await create(other);
      assert.equal(retry.status, 201, 'the retry takes the abandoned key over');
      const retried = ((await retry.json()) as { id: string }).id;

      freeze.resume();
      const late = await first;
      assert.equal(late.status, 201);
      const resumedSession = ((await late.json()) as { id: string }).id;
      assert.notEqual(resumedSession, retried, 'the resumed request made a session of its own');

      const again = await create(other);
      const replayed = ((await again.json()) as { id: string }).id;
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.equal(
        replayed,
        retried,
        `round ${round}: the key answered ${retried} to the retry, then replays ${replayed} (the frozen request's session): one key, two checkout sessions`,
      );
    }
  });
});
