/**
 * Issue 17 on PostgreSQL: the session reads of one event-loop turn are one SELECT, each id asked
 * once — and every caller still gets its own record of its own session, a missing one undefined,
 * and an id PostgreSQL refuses fails only its own read.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useTestRepository } from '../../support/test-repository.ts';
import { statementsSent } from '../../support/pg-statements.ts';
import { sessionRecord } from '../../support/records.ts';

for (const kind of DATABASE_KINDS) {
  describe(`session reads on ${kind}`, () => {
    const store = useTestRepository(kind);

    it('reads made together: each caller its own record of its own session', async () => {
      const sessions = Array.from({ length: 5 }, (_, i) => sessionRecord({ amount: 100 + i, ...(i % 2 ? { customer: null } : {}) }));
      for (const session of sessions) await store.repository.createSession(session);
      const ids = [...sessions.map((s) => s.id), 'cs_missing'];
      const asked = Array.from({ length: 24 }, (_, i) => ids[i % ids.length]!);
      const { result, texts } = await statementsSent(() => Promise.all(asked.map((id) => store.repository.getSession(id))));
      for (const [i, record] of result.entries()) {
        const expected = sessions.find((s) => s.id === asked[i]);
        assert.deepEqual(record, expected && { ...expected, livemode: false }, asked[i]);
      }
      assert.notEqual(result[0], result[ids.length], 'two reads of one session are two records');
      assert.notEqual(result[0]?.customer, result[ids.length]?.customer);
      if (kind === 'postgres') {
        const selects = texts.filter((text) => /^select .* from "checkout_sessions"/.test(text));
        assert.equal(selects.length, 1, texts.join('\n'));
      }
    });

    it('reads asked in consecutive turns, one a turn: one SELECT on PostgreSQL, each its own session', async () => {
      const sessions = Array.from({ length: 4 }, (_, i) => sessionRecord({ amount: 200 + i }));
      for (const session of sessions) await store.repository.createSession(session);
      const { result, texts } = await statementsSent(async () => {
        const reads: Array<Promise<unknown>> = [];
        for (const session of sessions) {
          reads.push(store.repository.getSession(session.id));
          await new Promise((resolve) => setImmediate(resolve));
        }
        return Promise.all(reads);
      });
      assert.deepEqual(
        result,
        sessions.map((session) => ({ ...session, livemode: false })),
      );
      if (kind === 'postgres') {
        const selects = texts.filter((text) => /^select .* from "checkout_sessions"/.test(text));
        // One, unless the machine stalled this process past the gathering's 1 ms between two turns
        // (a host running two suites at once sent three). Fewer SELECTs than reads: they gathered.
        assert.ok(selects.length < sessions.length, texts.join('\n'));
      }
    });

    it('an id the database refuses fails its own read only', async () => {
      const session = sessionRecord();
      await store.repository.createSession(session);
      const reads = await Promise.allSettled([
        store.repository.getSession(session.id),
        store.repository.getSession('cs_\u0000bad'),
        store.repository.getSession('cs_missing'),
      ]);
      assert.equal(reads[0].status, 'fulfilled');
      assert.deepEqual((reads[0] as PromiseFulfilledResult<unknown>).value, { ...session, livemode: false });
      assert.deepEqual(reads[2], { status: 'fulfilled', value: undefined });
      // SQLite stores and compares a NUL like any character: nothing to refuse there.
      if (kind === 'postgres') assert.equal(reads[1].status, 'rejected');
    });
  });
}
