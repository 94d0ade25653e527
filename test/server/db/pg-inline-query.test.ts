/**
 * Parameters inlined as literals (server/db/pg-inline-query.ts) must reach PostgreSQL as exactly the
 * values bound parameters would: each query is run both ways on a real database and the rows
 * compared — quotes, backslashes, `$1` inside text and identifiers, NULL, numbers, JSON, Unicode.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { sql } from 'kysely';
import { inlineParameters } from '../../../server/db/pg-inline-query.ts';
import { useUnmigratedDatabase } from '../../support/test-repository.ts';

const AWKWARD = [
  "O'Brien",
  "''",
  'back\\slash \\x00 \\',
  'a $1 inside text',
  '"double" quotes',
  'ünïcödé ✓ 支付',
  '',
  " E'\\\\' ",
  'line\nbreak\ttab',
];

describe('inlined parameters on postgres', () => {
  const opened = useUnmigratedDatabase('postgres');

  /** The same compiled query, bound and inlined: the rows must be equal. */
  async function both(query: { sql: string; parameters: readonly unknown[] }) {
    const { handle } = opened;
    const pool = handle.pgPool!;
    const bound = await pool.query(query.sql, query.parameters as unknown[]);
    const inlined = await pool.query(inlineParameters(query));
    return { bound: bound.rows, inlined: inlined.rows };
  }

  it('strings with quotes, backslashes and placeholders come back unchanged', async () => {
    const { handle } = opened;
    for (const text of AWKWARD) {
      const query =
        sql`select ${text}::text as "value", ${text} = ${text} as "same", length(${text}) as "n", '$2 stays' as "$1 alias"`.compile(
          handle.db,
        );
      const { bound, inlined } = await both(query);
      assert.deepEqual(inlined, bound, text);
      assert.equal((inlined[0] as { value: string }).value, text);
      assert.equal((inlined[0] as Record<string, string>)['$1 alias'], '$2 stays');
    }
  });

  it('null, numbers, booleans and JSON resolve to the same types as bound parameters', async () => {
    const { handle } = opened;
    const json = JSON.stringify({ quote: "it's", slash: '\\', nested: { n: 1 } });
    const query =
      sql`select ${null}::text as "nothing", ${1999} + 1 as "sum", ${12345678901234} as "big", ${true}::boolean as "yes", ${json}::jsonb ->> 'quote' as "quote", ${-5}::int as "negative"`.compile(
        handle.db,
      );
    const { bound, inlined } = await both(query);
    assert.deepEqual(inlined, bound);
    assert.deepEqual(inlined[0], { nothing: null, sum: 2000, big: '12345678901234', yes: true, quote: "it's", negative: -5 });
  });

  it('a text is quoted exactly as node-postgres escapeLiteral quotes it, and one SQL text takes new values each time', () => {
    const { escapeLiteral } = createRequire(import.meta.url)('pg/lib/utils') as { escapeLiteral(text: string): string };
    const text = `select $1 as "a", '$2 stays' as "$1 b", $2 as "c"`;
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("'", '\\', 'a', 'é', '$', '"', ' ') }), fc.string(), (first, second) => {
        fc.pre(!first.includes('\0') && !second.includes('\0'));
        assert.equal(
          inlineParameters({ sql: text, parameters: [first, second] }),
          `select ${escapeLiteral(first)} as "a", '$2 stays' as "$1 b", ${escapeLiteral(second)} as "c"`,
        );
      }),
    );
    assert.equal(inlineParameters({ sql: text, parameters: [null, 2] }), `select null as "a", '$2 stays' as "$1 b", '2' as "c"`);
  });

  it('a placeholder with no parameter is refused rather than guessed', () => {
    assert.throws(() => inlineParameters({ sql: 'select $2', parameters: [1] }), /no parameter \$2/);
    assert.throws(
      () => inlineParameters({ sql: 'select $1, $2', parameters: [1] }),
      /no parameter \$2/,
      'a text already cut, fewer parameters',
    );
    assert.throws(() => inlineParameters({ sql: "select 'open", parameters: [] }), /unterminated/);
    assert.throws(() => inlineParameters({ sql: 'select $1', parameters: ["x'\0; drop table t"] }), /NUL/);
  });
});
