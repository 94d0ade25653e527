/**
 * Migration 0031 (review r1020, finding 3): a payment is found by its customer's e-mail in any case
 * again when the e-mail holds a non-ASCII character. Migration 0009 copied the e-mail of payments
 * made before it lower-cased by SQL's lower(), while new payments and the search's `q` are
 * lower-cased by JavaScript (repository/rows.ts `emailSearchKey`). SQLite's lower() folds ASCII
 * only ('Élodie.martin@…' was kept, matched by no `q`); PostgreSQL's follows the database's ctype
 * and differs from JavaScript's too ('İlkay' became 'ilkay', JavaScript's is 'i̇lkay', i + U+0307).
 *
 * Rewritten here: each payment whose session's e-mail holds a non-ASCII character (an ASCII e-mail
 * was lower-cased alike everywhere) gets `emailSearchKey` of that e-mail — the very function new
 * payments and the search use. The session's e-mail is read, not the payment's copy: PostgreSQL's
 * lower() may have turned it ASCII ('İ' → 'i'), and lost what JavaScript keeps. A payment whose copy
 * the retention pass cleared (null) stays so. Only the sessions whose e-mail holds a non-ASCII
 * character are selected, in SQL (SQLite: a GLOB character class; PostgreSQL: a regular
 * expression), in one pass over the table, a batch at a time, and each batch is one UPDATE of the
 * payments whose copy differs: a second run writes nothing. Like every migration it runs in one
 * transaction (SQLite: the start's; PostgreSQL: the Migrator's, under its advisory lock), so a
 * start killed midway leaves the payments as they were, and the next start runs it again.
 *
 * Down changes nothing: the rewritten keys are what this release's search, and 0009's, expect.
 */
import { PostgresAdapter, sql, type Kysely, type Migration, type RawBuilder } from 'kysely';
import { emailSearchKey } from '../repository/rows.ts';

const BATCH = 1000;

/** Any character outside ASCII (U+0001–U+007F), as a character class both databases read. */
const NON_ASCII_CLASS = '[^\u0001-\u007f]';

type Session = { id: string; email: unknown };

/**
 * The sessions whose e-mail holds a non-ASCII character, BATCH at a time, in one pass over the
 * table: SQLite walks its rowids (the table's own order), PostgreSQL reads a cursor of one
 * sequential scan (a walk by id would visit the heap at random, or scan it again per batch). The
 * raw JSON is tested first, so only the few sessions with a non-ASCII character anywhere are parsed
 * (JSON.stringify, which writes customer_json, never escapes one).
 */
async function* nonAsciiEmailSessions(db: Kysely<any>): AsyncGenerator<Session[]> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const email = sql`s.customer_json::json ->> 'email'`;
    // Inside the Migrator's transaction (a cursor lives as long as it).
    await sql`
      declare search_email_case no scroll cursor for
      select s.id, ${email} as email from checkout_sessions s
      where s.customer_json ~ ${NON_ASCII_CLASS} and ${email} ~ ${NON_ASCII_CLASS}`.execute(db);
    for (;;) {
      const { rows } = await sql<Session>`fetch ${sql.raw(String(BATCH))} from search_email_case`.execute(db);
      if (rows.length > 0) yield rows;
      if (rows.length < BATCH) break;
    }
    await sql`close search_email_case`.execute(db);
    return;
  }
  const email = sql`json_extract(s.customer_json, '$.email')`;
  const pattern = `*${NON_ASCII_CLASS}*`;
  for (let after = 0; ;) {
    const { rows } = await sql<Session & { at: number }>`
      select s.rowid as at, s.id, ${email} as email from checkout_sessions s
      where s.rowid > ${after} and s.customer_json glob ${pattern} and ${email} glob ${pattern}
      order by s.rowid limit ${BATCH}`.execute(db);
    if (rows.length > 0) yield rows;
    if (rows.length < BATCH) break;
    after = rows.at(-1)!.at;
  }
}

export const searchEmailCase: Migration = {
  async up(db: Kysely<any>) {
    for await (const sessions of nonAsciiEmailSessions(db)) {
      const keys: RawBuilder<unknown>[] = sessions.flatMap(({ id, email }) =>
        typeof email === 'string' ? [sql`(${id}, ${emailSearchKey(email)})`] : [],
      );
      if (keys.length === 0) continue;
      // The payments of those sessions, by transactions_session; VALUES' columns are column1 and
      // column2 on both databases.
      await sql`
        update transactions set customer_email = v.column2
        from (values ${sql.join(keys)}) as v
        where transactions.session_id = v.column1 and transactions.customer_email is not null and transactions.customer_email <> v.column2`.execute(
        db,
      );
    }
  },
  async down() {},
};
