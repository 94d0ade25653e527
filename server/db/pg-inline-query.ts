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
  // What escapeLiteral returns for a text without a quote or a backslash, without its loop that
  // adds the text one character at a time (an event's JSON is hundreds of them).
  if (!prepared.includes("'") && !prepared.includes('\\')) return `'${prepared}'`;
  return utils().escapeLiteral(prepared);
}

/** A quoted identifier or string (a doubled quote inside is an escaped one), or a `$n` placeholder. */
const TOKEN = /"(?:[^"]|"")*"|'(?:[^']|'')*'|\$(\d+)|["']/g;

/** A SQL text cut at its `$n` placeholders: `texts` around them, `indexes` the parameter of each. */
interface Split {
  texts: string[];
  indexes: number[];
}

/**
 * The texts already cut, by SQL text: the statements sent this way are a handful of shapes
 * compiled once (repository/mutate-transaction-shapes.ts), so a feedback's statement was scanned
 * for the same hundred quoted identifiers on every run (issue 17). Bounded: a text beyond
 * MAX_SPLITS is cut each time, as before.
 */
const MAX_SPLITS = 256;
const splits = new Map<string, Split>();

function split(text: string): Split {
  const known = splits.get(text);
  if (known) return known;
  const texts: string[] = [];
  const indexes: number[] = [];
  let from = 0;
  for (const match of text.matchAll(TOKEN)) {
    const [token, placeholder] = match;
    if (token === '"' || token === "'") throw new Error('inlineParameters: unterminated quote in SQL');
    if (placeholder === undefined) continue;
    texts.push(text.slice(from, match.index));
    indexes.push(Number(placeholder) - 1);
    from = match.index + token.length;
  }
  texts.push(text.slice(from));
  const cut = { texts, indexes };
  if (splits.size < MAX_SPLITS) splits.set(text, cut);
  return cut;
}

/**
 * The query's SQL with each `$n` outside quotes replaced by its parameter as a literal. Kysely
 * quotes identifiers with `"`; string literals come only from our own `sql` fragments.
 */
export function inlineParameters(query: Pick<CompiledQuery, 'sql' | 'parameters'>): string {
  const { parameters } = query;
  const { texts, indexes } = split(query.sql);
  let out = texts[0]!;
  for (let i = 0; i < indexes.length; i++) {
    const index = indexes[i]!;
    if (index < 0 || index >= parameters.length) throw new Error(`inlineParameters: no parameter $${index + 1}`);
    out += literal(parameters[index]) + texts[i + 1]!;
  }
  return out;
}
