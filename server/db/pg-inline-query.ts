/**
 * Several statements in one round trip to PostgreSQL: the simple-query protocol runs a string of
 * statements in order (each with a snapshot of its own under READ COMMITTED), but takes no bound
 * parameters. So a compiled Kysely query's `$n` placeholders are replaced here by the very text
 * node-postgres would have sent as the parameter (its own `prepareValue`), quoted with its own
 * `escapeLiteral`: an untyped literal, resolved by PostgreSQL exactly as an untyped parameter.
 */
import { createRequire } from 'node:module';
import type { CompiledQuery } from 'kysely';

interface PgUtils {
  prepareValue(value: unknown): string | Buffer | null;
  escapeLiteral(text: string): string;
}

/** Loaded on first use, like pg itself (db/connect.ts): SQLite servers never load it. */
let pgUtils: PgUtils | undefined;
function utils(): PgUtils {
  pgUtils ??= createRequire(import.meta.url)('pg/lib/utils') as PgUtils;
  return pgUtils;
}

function literal(value: unknown): string {
  const prepared = utils().prepareValue(value);
  if (prepared === null) return 'null';
  if (typeof prepared !== 'string') return `'\\x${prepared.toString('hex')}'`;
  // A query string ends at its first NUL on the wire; PostgreSQL refuses NUL in text anyway.
  if (prepared.includes('\0')) throw new Error('inlineParameters: a NUL character cannot be sent in a query string');
  return utils().escapeLiteral(prepared);
}

/** A quoted identifier or string (a doubled quote inside is an escaped one), or a `$n` placeholder. */
const TOKEN = /"(?:[^"]|"")*"|'(?:[^']|'')*'|\$(\d+)|["']/g;

/**
 * The query's SQL with each `$n` outside quotes replaced by its parameter as a literal. Kysely
 * quotes identifiers with `"`; string literals come only from our own `sql` fragments.
 */
export function inlineParameters(query: Pick<CompiledQuery, 'sql' | 'parameters'>): string {
  const { parameters } = query;
  return query.sql.replace(TOKEN, (token, placeholder: string | undefined) => {
    if (token === '"' || token === "'") throw new Error('inlineParameters: unterminated quote in SQL');
    if (placeholder === undefined) return token;
    const index = Number(placeholder) - 1;
    if (index < 0 || index >= parameters.length) throw new Error(`inlineParameters: no parameter $${index + 1}`);
    return literal(parameters[index]);
  });
}
