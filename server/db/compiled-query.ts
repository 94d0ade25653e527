/**
 * Queries of a fixed shape built and compiled by Kysely once, then run with new values (issue 17).
 * Kysely builds a tree of frozen nodes and compiles it to SQL on every call: for the short queries
 * of a sign (read the session, insert the payment) that costs about as much as running them, and
 * the SQL text is the same every time — only the bound parameters change. A template is compiled
 * with a marker value in each place a value goes (a "slot"); `bind` gives the compiled query with
 * the values in those places. The SQL is exactly what Kysely generates for that shape, so both
 * dialects, their quoting and placeholders, stay Kysely's; and the very same string object each
 * time makes the SQLite statement cache's lookup (db/statement-cache.ts) a cached-hash one.
 */
import type { Compilable, CompiledQuery } from 'kysely';

/** A marker no real value equals: a NUL cannot be stored in a PostgreSQL text column. */
const SLOT_PREFIX = '\u0000compiled-query-slot:';

export interface QueryTemplate<R> {
  /** The SQL, the same string object for every binding. */
  readonly sql: string;
  /** The compiled query with `values[i]` in slot `i`. */
  bind(values: readonly unknown[]): CompiledQuery<R>;
}

/**
 * Compiles `build(slot)` once. `slot(i)` stands for the value given at index `i` of `bind`'s
 * values; each slot must be used exactly once, as a plain value (not inside raw SQL). Typed
 * `never`, so it fits wherever Kysely expects a value of a column's type.
 */
export function compileTemplate<R>(slotCount: number, build: (slot: (index: number) => never) => Compilable<R>): QueryTemplate<R> {
  const compiled = build((index) => `${SLOT_PREFIX}${index}` as never).compile();
  // For each parameter, the slot it comes from, or -1 for a constant Kysely bound itself.
  const sources: number[] = [];
  const constants: unknown[] = [];
  const seen = new Set<number>();
  for (const parameter of compiled.parameters) {
    const index = typeof parameter === 'string' && parameter.startsWith(SLOT_PREFIX) ? Number(parameter.slice(SLOT_PREFIX.length)) : -1;
    if (index >= 0) {
      if (seen.has(index)) throw new Error(`compileTemplate: slot ${index} is bound twice`);
      seen.add(index);
    }
    sources.push(index);
    constants.push(index >= 0 ? undefined : parameter);
  }
  if (seen.size !== slotCount) throw new Error(`compileTemplate: ${slotCount} slots expected, ${seen.size} found in the compiled query`);
  if (compiled.sql.includes(SLOT_PREFIX)) throw new Error('compileTemplate: a slot was inlined into the SQL text');
  const { sql, query, queryId } = compiled;
  return {
    sql,
    bind(values) {
      if (values.length !== slotCount) throw new Error(`compileTemplate: ${slotCount} values expected, got ${values.length}`);
      const parameters = new Array<unknown>(sources.length);
      for (let i = 0; i < sources.length; i++) {
        const source = sources[i]!;
        parameters[i] = source >= 0 ? values[source] : constants[i];
      }
      // The query id is only a key for plugins' per-query state; the database handle has no plugins.
      return { sql, query, queryId, parameters };
    },
  };
}
