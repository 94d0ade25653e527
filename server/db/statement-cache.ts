/**
 * better-sqlite3 compiles SQL into a statement on every `prepare`, and Kysely prepares each query
 * it runs: for the short queries of a payment that compilation costs as much as running them.
 * Kysely generates the same SQL text for the same query shape (values are bound parameters), so a
 * small LRU of prepared statements by SQL text removes that cost. Statements are used one at a
 * time: better-sqlite3 runs each to completion synchronously.
 */
import type BetterSqlite3 from 'better-sqlite3';

export interface StatementCacheOptions {
  /** Distinct SQL texts kept; the least recently used one is dropped beyond it. */
  size?: number;
}

export function statementCache(
  database: BetterSqlite3.Database,
  options: StatementCacheOptions = {},
): (sql: string) => BetterSqlite3.Statement {
  const size = options.size ?? 500;
  const cache = new Map<string, BetterSqlite3.Statement>();
  return (sql) => {
    const cached = cache.get(sql);
    if (cached) {
      // Re-insert to mark it most recently used (Map keeps insertion order).
      cache.delete(sql);
      cache.set(sql, cached);
      return cached;
    }
    const statement = database.prepare(sql);
    cache.set(sql, statement);
    if (cache.size > size) cache.delete(cache.keys().next().value as string);
    return statement;
  };
}
