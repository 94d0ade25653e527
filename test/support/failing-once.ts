/**
 * A repository whose named methods fail once, the next time they are called after being added to
 * `failing`, as a database answering "locked" would (SQLITE_BUSY): how a test makes a write the
 * server depends on fail — the answer an Idempotency-Key keeps, its release — without touching
 * the database. Every other call goes to `repository` itself.
 */
import type { Repository } from '../../server/repository/types.ts';

export function failingOnce<K extends keyof Repository>(repository: Repository, failing: Set<K>): Repository {
  return new Proxy(repository, {
    get(target, property, receiver) {
      if (failing.has(property as K)) {
        return async () => {
          failing.delete(property as K);
          throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
