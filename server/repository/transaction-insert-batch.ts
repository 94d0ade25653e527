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
/** A row as the loops below read it: column name → value. */
type Values = Readonly<Record<string, unknown>>;

/** Rows a statement carries at most: 29 columns each, well below PostgreSQL's 65,535 parameters. */
const MAX_BATCH = 500;
/** How long a batch may keep gathering the turns that follow its first (db/turn-batch.ts). */
const GATHER_MS = 1;
/** Multi-row statements kept compiled, by row count: the sizes a turn commonly has (one per connection). */
const KEPT_SIZES = 64;

/**
 * The INSERT of `count` rows of the given columns, compiled once per row count. A row whose
 * columns differ (another order, one more or fewer, or an `undefined` value, which Kysely leaves
 * out) goes through Kysely as before: `columnsOf` answers undefined for it.
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

  /** Whether the row has exactly the columns of the compiled statements, all with a value. */
  const fits = (row: Row): boolean => {
    if (columns === null) {
      // The first row fixes the shape: transactionToRow (rows.ts) always makes the same one.
      const keys = Object.keys(row);
      if (keys.some((key) => (row as Values)[key] === undefined)) return false;
      columns = keys;
      return true;
    }
    let count = 0;
    for (const key in row) {
      if (key !== columns[count] || (row as Values)[key] === undefined) return false;
      count++;
    }
    return count === columns.length;
  };

  /** The compiled INSERT of these rows, or undefined when one of them has another shape. */
  return (rows: readonly Row[]) => {
    for (const row of rows) if (!fits(row)) return undefined;
    const width = columns!.length;
    const values = new Array<unknown>(rows.length * width);
    let i = 0;
    for (const row of rows) for (const column of columns!) values[i++] = (row as Values)[column];
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
 * in one INSERT — with `pool`, a prepared statement per row count (db/compiled-query.ts runPrepared).
 */
export function transactionInsertBatch(db: Kysely<Database>, pool?: PgModule.Pool): (row: Row) => Promise<void> {
  const compiled = insertStatements(db);

  const insertRows = async (rows: Row[]) => {
    const query = compiled(rows);
    if (query && pool) await runPrepared(pool, query);
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
