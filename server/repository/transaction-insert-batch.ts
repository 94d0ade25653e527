/**
 * New payments (issue 17), one INSERT statement compiled once per shape (db/compiled-query.ts):
 * a sign inserts one row of always the same columns, so Kysely's building and compiling of that
 * statement is done once, not on every attempt.
 *
 * On PostgreSQL they are also batched per event-loop turn: the attempts signed in one turn are one
 * multi-row INSERT — one round trip and one commit (WAL flush) for all of them, as SQLite's group
 * commit does (db/group-commit.ts). Each caller is answered only after that statement returned, so
 * after its row is durable. A statement is atomic, so one bad row (a reference already taken)
 * would fail the others: then each row is inserted alone and only its own failure reaches its
 * caller.
 */
import type { Insertable, Kysely } from 'kysely';
import type PgModule from 'pg';
import { compileTemplate, runPrepared, type QueryTemplate } from '../db/compiled-query.ts';
import { isDatabaseUnavailable } from '../db/errors.ts';
import { turnBatch } from '../db/turn-batch.ts';
import type { Database, TransactionTable } from '../db/schema.ts';

type Row = Insertable<TransactionTable>;

/** Rows a statement carries at most: 29 columns each, well below PostgreSQL's 65,535 parameters. */
const MAX_BATCH = 500;
/** How long a batch may keep gathering the turns that follow its first (db/turn-batch.ts). */
const GATHER_MS = 1;
/** Multi-row statements kept compiled, by row count: the sizes a turn commonly has (one per connection). */
const KEPT_SIZES = 64;

/**
 * The INSERT of `count` rows of the given columns, compiled once per row count. A row whose
 * columns differ (another order, one more or fewer, or an `undefined` value, which Kysely leaves
 * out) goes through Kysely as before: `valuesOf` answers undefined for it.
 */
function insertStatements(db: Kysely<Database>) {
  let columns: readonly string[] | null = null;
  const templates = new Map<number, QueryTemplate<unknown>>();

  const template = (count: number): QueryTemplate<unknown> => {
    let found = templates.get(count);
    if (found === undefined) {
      const width = columns!.length;
      found = compileTemplate(count * width, (slot) =>
        db
          .insertInto('transactions')
          .values(
            Array.from({ length: count }, (_, r) => Object.fromEntries(columns!.map((column, c) => [column, slot(r * width + c)])) as Row),
          ),
      );
      if (count <= KEPT_SIZES) templates.set(count, found);
    }
    return found;
  };

  /**
   * The row's values in the columns' order, or undefined unless it has exactly the columns of the
   * compiled statements, all with a value. Object.keys and Object.values (one builtin call each)
   * rather than reading the row key by key: those keyed reads were most of an insert's own time.
   */
  const valuesOf = (row: Row): unknown[] | undefined => {
    const keys = Object.keys(row);
    if (columns === null) {
      // The first row fixes the shape: transactionToRow (rows.ts) always makes the same one.
      const values: unknown[] = Object.values(row);
      if (values.includes(undefined)) return undefined;
      columns = keys;
      return values;
    }
    if (keys.length !== columns.length) return undefined;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== columns[i]) return undefined;
    const values: unknown[] = Object.values(row);
    return values.includes(undefined) ? undefined : values;
  };

  /** The compiled INSERT of these rows, or undefined when one of them has another shape. */
  return (rows: readonly Row[]) => {
    if (rows.length === 1) {
      const values = valuesOf(rows[0]!);
      return values && template(1).bind(values);
    }
    const values: unknown[] = [];
    for (const row of rows) {
      const own = valuesOf(row);
      if (own === undefined) return undefined;
      for (const value of own) values.push(value);
    }
    return template(rows.length).bind(values);
  };
}

/** One INSERT per new payment (SQLite: its group commit batches the commits below Kysely). */
export function transactionInsert(db: Kysely<Database>): (row: Row) => Promise<void> {
  const compiled = insertStatements(db);
  return async (row) => {
    const query = compiled([row]);
    if (query) await db.executeQuery(query);
    else await db.insertInto('transactions').values(row).execute();
  };
}

interface Member {
  row: Row;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * PostgreSQL: the new payments of one event-loop turn (or of the few that follow, db/turn-batch.ts)
 * in one INSERT — with `pool`, a prepared statement per row count up to MAX_PREPARED_ROWS
 * (db/compiled-query.ts runPrepared).
 */
export function transactionInsertBatch(db: Kysely<Database>, pool?: PgModule.Pool): (row: Row) => Promise<void> {
  const compiled = insertStatements(db);

  const insertRows = async (rows: Row[]) => {
    const query = compiled(rows);
    if (query && pool) await runPrepared(pool, query, { rows: rows.length });
    else if (query) await db.executeQuery(query);
    else await db.insertInto('transactions').values(rows).execute();
  };

  const insertAlone = async (member: Member) => {
    try {
      await insertRows([member.row]);
      member.resolve();
    } catch (error) {
      member.reject(error);
    }
  };

  const flush = async (members: Member[]) => {
    if (members.length === 1) return insertAlone(members[0]!);
    try {
      await insertRows(members.map((member) => member.row));
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        for (const member of members) member.reject(error);
        return;
      }
      await Promise.all(members.map(insertAlone));
      return;
    }
    for (const member of members) member.resolve();
  };

  const add = turnBatch<Member>((members) => void flush(members), { max: MAX_BATCH, gatherMs: GATHER_MS });
  return (row) => new Promise<void>((resolve, reject) => add({ row, resolve, reject }));
}
