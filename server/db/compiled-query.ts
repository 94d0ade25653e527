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
import type PgModule from 'pg';

/** A marker no real value equals: a NUL cannot be stored in a PostgreSQL text column. */
const SLOT_PREFIX = '\u0000compiled-query-slot:';

export interface QueryTemplate<R> {
  /** The SQL, the same string object for every binding. */
  readonly sql: string;
  /** The compiled query with `values[i]` in slot `i`. */
  bind(values: readonly unknown[]): CompiledQuery<R>;
}

/** A compiled query and, for each of its parameters, the slot it comes from (-1: a constant Kysely bound itself). */
interface SlotPlan<R> {
  compiled: CompiledQuery<R>;
  sources: number[];
  /** How many times each slot is a parameter. */
  uses: number[];
}

/**
 * Compiles `build(slot)` once with a marker in each slot and maps every parameter back to its
 * slot. Refuses a slot written into the SQL text (it could not take another value); the callers
 * decide what else they refuse. `name` prefixes the error.
 */
export function planSlots<R>(name: string, slotCount: number, build: (slot: (index: number) => never) => Compilable<R>): SlotPlan<R> {
  const compiled = build((index) => `${SLOT_PREFIX}${index}` as never).compile();
  if (compiled.sql.includes(SLOT_PREFIX)) throw new Error(`${name}: a slot was written into the SQL text instead of a parameter`);
  const uses = new Array<number>(slotCount).fill(0);
  const sources = compiled.parameters.map((parameter) => {
    const index = typeof parameter === 'string' && parameter.startsWith(SLOT_PREFIX) ? Number(parameter.slice(SLOT_PREFIX.length)) : -1;
    if (index >= 0) uses[index] = (uses[index] ?? 0) + 1;
    return index;
  });
  return { compiled, sources, uses };
}

/** The parameters of `plan` with `valueOf(slot)` in each slot's places, its constants kept. */
export function slotParameters(plan: SlotPlan<unknown>, valueOf: (slot: number) => unknown): unknown[] {
  const { sources, compiled } = plan;
  const parameters = new Array<unknown>(sources.length);
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i]!;
    parameters[i] = source >= 0 ? valueOf(source) : compiled.parameters[i];
  }
  return parameters;
}

/**
 * Compiles `build(slot)` once. `slot(i)` stands for the value given at index `i` of `bind`'s
 * values; each slot must be used exactly once, as a plain value (not inside raw SQL). Typed
 * `never`, so it fits wherever Kysely expects a value of a column's type.
 */
export function compileTemplate<R>(slotCount: number, build: (slot: (index: number) => never) => Compilable<R>): QueryTemplate<R> {
  const plan = planSlots('compileTemplate', slotCount, build);
  const twice = plan.uses.findIndex((count) => count > 1);
  if (twice >= 0) throw new Error(`compileTemplate: slot ${twice} is bound twice`);
  const found = plan.uses.filter((count) => count === 1).length;
  if (found !== slotCount) throw new Error(`compileTemplate: ${slotCount} slots expected, ${found} found in the compiled query`);
  const { sql, query, queryId } = plan.compiled;
  return {
    sql,
    bind(values) {
      if (values.length !== slotCount) throw new Error(`compileTemplate: ${slotCount} values expected, got ${values.length}`);
      // The query id is only a key for plugins' per-query state; the database handle has no plugins.
      return { sql, query, queryId, parameters: slotParameters(plan, (slot) => values[slot]) };
    },
  };
}

/**
 * PostgreSQL names kept per SQL text: at most this many distinct statements are prepared on each
 * pooled connection; a text beyond them runs unnamed, parsed and planned each time as before.
 */
const MAX_NAMED = 256;
/**
 * The largest batch (rows of an INSERT, ids of a read) worth a prepared statement. Each count is
 * a SQL text of its own, and PostgreSQL keeps a prepared statement and its plan in the
 * connection's memory for the connection's life (pg_backend_memory_contexts): the payment
 * INSERTs of 1–16 rows — the turns of up to 16 requests at once — took a connection from 2.1 to
 * 3.2 MB; naming every count up to MAX_NAMED, at about 4.4 KB a row, would let a burst leave
 * ~140 MB on each pooled connection. A larger, rarer batch runs unnamed: parsed and planned each time.
 */
export const MAX_PREPARED_ROWS = 16;

export interface RunPreparedOptions {
  /** The rows (or ids) a batched statement carries: above MAX_PREPARED_ROWS it runs unnamed. Default 1. */
  rows?: number;
}
const statementNames = new Map<string, string>();
let namesGiven = 0;
/** SQLSTATE feature_not_supported, which PostgreSQL raises for a prepared plan whose result type changed. */
const CACHED_PLAN_CHANGED = '0A000';

/** The prepared-statement name of `sql`, or undefined once MAX_NAMED texts have one. */
function statementName(sql: string): string | undefined {
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_NAMED) {
    name = `oc_hot_${namesGiven++}`;
    statementNames.set(sql, name);
  }
  return name;
}

/**
 * Runs a compiled query of a template on PostgreSQL as a named prepared statement (issue 17): each
 * pooled connection sends the SQL text and PostgreSQL parses and plans it the first time only;
 * afterwards a run is the bound values and an execute. For the hot statements of a sign (the
 * session read, the payment insert), whose text is the same on every run. The same pool Kysely
 * runs on, so the same connections and type parsers.
 */
export async function runPrepared<R>(pool: PgModule.Pool, query: CompiledQuery<R>, options: RunPreparedOptions = {}): Promise<R[]> {
  const values = query.parameters as unknown[];
  const run = (name: string | undefined) =>
    pool.query(name === undefined ? { text: query.sql, values } : { name, text: query.sql, values });
  const name = (options.rows ?? 1) > MAX_PREPARED_ROWS ? undefined : statementName(query.sql);
  try {
    return (await run(name)).rows as R[];
  } catch (error) {
    // "cached plan must not change result type": a `select *` prepared before another instance's
    // migration added a column (a rolling upgrade). The old name fails on every connection that
    // prepared it, for as long as it lives: the text gets a new name, parsed afresh, once.
    if (name === undefined || (error as { code?: string }).code !== CACHED_PLAN_CHANGED) throw error;
    if (statementNames.get(query.sql) === name) statementNames.delete(query.sql);
    return (await run(statementName(query.sql))).rows as R[];
  }
}
