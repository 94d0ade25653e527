/**
 * Issue 17 on PostgreSQL: the session reads of one event-loop turn are one SELECT, each id asked
 * once — and every caller still gets its own record of its own session, a missing one undefined,
 * and an id PostgreSQL refuses fails only its own read.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { Repository } from '../../../server/repository/types.ts';
import { createTestDatabase, DATABASE_KINDS, openTestRepository, type TestDatabase } from '../../support/databases.ts';
import { sessionRecord } from '../../support/records.ts';

/** Every statement string node-postgres sends while `work` runs. */
async function sent<T>(work: () => Promise<T>): Promise<{ result: T; texts: string[] }> {
  const texts: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, config: unknown, ...rest: unknown[]) {
    texts.push(typeof config === 'string' ? config : String((config as { text?: string }).text));
    return (original as (...args: unknown[]) => unknown).call(this, config, ...rest);
  } as never;
  try {
    return { result: await work(), texts };
  } finally {
    pg.Client.prototype.query = original;
  }
}

for (const kind of DATABASE_KINDS) {
  describe(`session reads on ${kind}`, () => {
    let database: TestDatabase;
    let repository: Repository;

    before(async () => {
      database = await createTestDatabase(kind);
      ({ repository } = await openTestRepository(database));
    });
    after(async () => {
      await repository?.close();
      await database?.drop();
    });

    it('reads made together: each caller its own record of its own session', async () => {
      const sessions = Array.from({ length: 5 }, (_, i) => sessionRecord({ amount: 100 + i, ...(i % 2 ? { customer: null } : {}) }));
      for (const session of sessions) await repository.createSession(session);
      const ids = [...sessions.map((s) => s.id), 'cs_missing'];
      const asked = Array.from({ length: 24 }, (_, i) => ids[i % ids.length]!);
      const { result, texts } = await sent(() => Promise.all(asked.map((id) => repository.getSession(id))));
      for (const [i, record] of result.entries()) {
        const expected = sessions.find((s) => s.id === asked[i]);
        assert.deepEqual(record, expected, asked[i]);
      }
      assert.notEqual(result[0], result[ids.length], 'two reads of one session are two records');
      assert.notEqual(result[0]?.customer, result[ids.length]?.customer);
      if (kind === 'postgres') {
        const selects = texts.filter((text) => /^select .* from "checkout_sessions"/.test(text));
        assert.equal(selects.length, 1, texts.join('\n'));
      }
    });

    it('an id the database refuses fails its own read only', async () => {
      const session = sessionRecord();
      await repository.createSession(session);
      const reads = await Promise.allSettled([
        repository.getSession(session.id),
        repository.getSession('cs_\u0000bad'),
        repository.getSession('cs_missing'),
      ]);
      assert.equal(reads[0].status, 'fulfilled');
      assert.deepEqual((reads[0] as PromiseFulfilledResult<unknown>).value, session);
      assert.deepEqual(reads[2], { status: 'fulfilled', value: undefined });
      // SQLite stores and compares a NUL like any character: nothing to refuse there.
      if (kind === 'postgres') assert.equal(reads[1].status, 'rejected');
    });
  });
}
