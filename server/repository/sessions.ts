/** Checkout sessions and buttons (records/sessions.ts). */
import { sql, type CompiledQuery, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
import { compileTemplate, runPrepared, type QueryTemplate } from '../db/compiled-query.ts';
import { isDatabaseUnavailable } from '../db/errors.ts';
import { turnBatch } from '../db/turn-batch.ts';
import type { CheckoutSessionTable, Database } from '../db/schema.ts';
import { idCursor } from './cursor.ts';
import { page } from './page.ts';
import type { SessionStore } from './records/sessions.ts';
import { buttonToRow, rowToButton, rowToSession, sessionToRow } from './rows.ts';
import type { StoreContext } from './store-context.ts';

type SessionRow = Selectable<CheckoutSessionTable> & { payment_being_decided?: number | string | null };

/**
 * The session's payments the platform is still deciding (records/sessions.ts paymentBeingDecided):
 * pending with a STATUS other than 46. Correlated with the statement's `checkout_sessions` row.
 */
function paymentsBeingDecided(eb: ExpressionBuilder<Database, 'checkout_sessions'>) {
  return eb
    .selectFrom('transactions')
    .whereRef('transactions.session_id', '=', 'checkout_sessions.id')
    .where('transactions.state', '=', sql.lit('pending'))
    .where('transactions.last_status', 'is not', null)
    .where('transactions.last_status', '<>', sql.lit(46));
}

/**
 * A session's columns and, in the same statement, the STATUS of a payment of it the platform is
 * still deciding: an index seek on transactions_session inside the read every sign makes anyway —
 * a query of its own cost a sign about a quarter of its throughput (issue 17).
 */
function sessionColumns(db: Kysely<Database>) {
  return db
    .selectFrom('checkout_sessions')
    .selectAll('checkout_sessions')
    .select((eb) =>
      paymentsBeingDecided(eb)
        .select('transactions.last_status')
        // A literal: the read's placeholders stay its ids (db/compiled-query.ts, pg-prepared.test.ts).
        .limit(sql.lit(1))
        .as('payment_being_decided'),
    );
}

/** Reads (so distinct sessions at most) one batched SELECT serves. */
const MAX_READ_BATCH = 100;
/**
 * PostgreSQL: how long a batch of reads may keep gathering the turns that follow its first
 * (db/turn-batch.ts) — a round trip saved is a socket write and a statement less. SQLite reads in
 * process, for microseconds: its reads go at the end of their turn, as its writes' group commit
 * expects them to (a turn without writes ends a batch, db/group-commit.ts).
 */
const POSTGRES_GATHER_MS = 1;
/** Multi-id reads kept compiled, by id count. */
const KEPT_READ_SIZES = 64;

interface Reader {
  id: string;
  resolve(row: SessionRow | undefined): void;
  reject(error: unknown): void;
}

/**
 * The session reads of one event-loop turn are one SELECT (issue 17), each id asked once — on
 * PostgreSQL those of the few turns that follow too, while each brings reads (db/turn-batch.ts). Every
 * sign and feedback reads its session. On PostgreSQL a statement is a round trip whose sending
 * (the socket write) cost as much as the rest of the read; on SQLite each statement outside a
 * transaction opens and closes a read transaction of its own on the reader connection. The
 * requests that reach their read in the same turn now share one statement. Every reader gets the
 * row as the database had it when the statement ran, after the reader asked: never older than its
 * own read would have seen, and committed (group-commit.ts reads on a connection that sees only
 * committed data). A failing statement (say an id PostgreSQL refuses) is retried id by id, so
 * only its own readers fail, unless the database is unavailable.
 */
function sessionReadBatch(
  db: Kysely<Database>,
  selectOne: QueryTemplate<SessionRow>,
  gatherMs: number,
  /** Runs a read of `count` ids. */
  run: (query: CompiledQuery<SessionRow>, count: number) => Promise<SessionRow[]>,
): (id: string) => Promise<SessionRow | undefined> {
  const templates = new Map<number, QueryTemplate<SessionRow>>();

  const select = (ids: string[]) => {
    if (ids.length === 1) return selectOne.bind(ids);
    let template = templates.get(ids.length);
    if (template === undefined) {
      template = compileTemplate(ids.length, (slot) =>
        sessionColumns(db).where(
          'checkout_sessions.id',
          'in',
          ids.map((_, i) => slot(i)),
        ),
      );
      if (ids.length <= KEPT_READ_SIZES) templates.set(ids.length, template);
    }
    return template.bind(ids);
  };

  const settle = (readers: Reader[], row: SessionRow | undefined) => {
    for (const reader of readers) reader.resolve(row);
  };

  const readAlone = async (id: string, readers: Reader[]) => {
    try {
      settle(readers, (await run(selectOne.bind([id]), 1))[0]);
    } catch (error) {
      for (const reader of readers) reader.reject(error);
    }
  };

  const flush = async (members: Reader[]) => {
    const batch = new Map<string, Reader[]>();
    for (const member of members) {
      const readers = batch.get(member.id);
      if (readers === undefined) batch.set(member.id, [member]);
      else readers.push(member);
    }
    const ids = [...batch.keys()];
    let rows: SessionRow[];
    try {
      rows = await run(select(ids), ids.length);
    } catch (error) {
      if (ids.length === 1 || isDatabaseUnavailable(error)) {
        for (const reader of members) reader.reject(error);
        return;
      }
      await Promise.all(ids.map((id) => readAlone(id, batch.get(id)!)));
      return;
    }
    const byId = new Map<string, SessionRow>();
    for (const row of rows) byId.set(row.id, row);
    for (const [id, readers] of batch) settle(readers, byId.get(id));
  };

  const add = turnBatch<Reader>((members) => void flush(members), { max: MAX_READ_BATCH, gatherMs });
  return (id) => new Promise<SessionRow | undefined>((resolve, reject) => add({ id, resolve, reject }));
}

export function sessionStore({ db, postgres, pgPool, livemode }: StoreContext): SessionStore {
  // Every sign and feedback reads its session: compiled once (db/compiled-query.ts, issue 17), on
  // PostgreSQL a prepared statement of each connection, parsed and planned once.
  const selectSession = compileTemplate(1, (slot) => sessionColumns(db).where('checkout_sessions.id', '=', slot(0)));
  const run = pgPool
    ? (query: CompiledQuery<SessionRow>, count: number) => runPrepared(pgPool, query, { rows: count })
    : async (query: CompiledQuery<SessionRow>) => (await db.executeQuery(query)).rows;
  const readSession = sessionReadBatch(db, selectSession, postgres ? POSTGRES_GATHER_MS : 0, run);

  return {
    async createSession(session) {
      await db.insertInto('checkout_sessions').values(sessionToRow(session, livemode)).execute();
    },

    async getSession(id) {
      // Each caller its own record (rowToSession makes a new one), even from a shared row.
      const row = await readSession(id);
      if (!row) return undefined;
      const session = rowToSession(row);
      const deciding = row.payment_being_decided;
      if (deciding !== null && deciding !== undefined) session.paymentBeingDecided = Number(deciding);
      return session;
    },

    async claimSession(id, reference, now, until) {
      // One statement: PostgreSQL re-checks the WHERE on the row a concurrent claim just wrote
      // (READ COMMITTED, row lock), SQLite runs one writer at a time — never two claims. Nor a
      // claim beside a payment being decided: the request read the session before the card, a
      // query of an expired claim and this UPDATE, and a 92 recorded meanwhile may yet be
      // accepted — the saved card was charged too (review r1375).
      const claimed = await db
        .updateTable('checkout_sessions')
        .set({ claim_reference: reference, claim_until: until })
        .where('id', '=', id)
        .where('status', '=', 'open')
        .where((eb) => eb.or([eb('claim_until', 'is', null), eb('claim_until', '<=', now)]))
        .where((eb) => eb.not(eb.exists(paymentsBeingDecided(eb).select(sql.lit(1).as('one')))))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) > 0) return 'claimed';
      const row = await sessionColumns(db).where('checkout_sessions.id', '=', id).executeTakeFirst();
      if (!row) return 'missing';
      if (row.status === 'paid') return 'paid';
      const deciding = row.payment_being_decided;
      return deciding !== null && deciding !== undefined ? { deciding: Number(deciding) } : 'busy';
    },

    async movePaidReference(id, from, to) {
      const moved = await db
        .updateTable('checkout_sessions')
        .set({ paid_reference: to })
        .where('id', '=', id)
        .where('status', '=', 'paid')
        .where('paid_reference', '=', from)
        .executeTakeFirst();
      return Number(moved.numUpdatedRows) > 0;
    },

    async renewSessionClaim(id, reference, now, until) {
      const renewed = await db
        .updateTable('checkout_sessions')
        .set({ claim_until: until })
        .where('id', '=', id)
        .where('status', '=', 'open')
        .where('claim_reference', '=', reference)
        .where('claim_until', '>', now)
        .executeTakeFirst();
      return Number(renewed.numUpdatedRows) > 0;
    },

    async releaseSessionClaim(id, reference) {
      await db
        .updateTable('checkout_sessions')
        .set({ claim_reference: null, claim_until: null })
        .where('id', '=', id)
        .where('claim_reference', '=', reference)
        .execute();
    },

    async createButton(button) {
      await db.insertInto('buttons').values(buttonToRow(button)).execute();
    },

    async getButton(id) {
      const row = await db.selectFrom('buttons').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToButton(row) : undefined;
    },

    async listButtons({ cursor, limit }) {
      let query = db
        .selectFrom('buttons')
        .selectAll()
        .where('deleted_at', 'is', null)
        .orderBy('id', 'desc')
        .limit(limit + 1);
      if (cursor) query = query.where('id', '<', idCursor(cursor, 'btn'));
      const rows = (await query.execute()).map(rowToButton);
      return page(rows, limit, (last) => [last.id]);
    },

    async deleteButton(id, at) {
      const result = await db
        .updateTable('buttons')
        .set({ deleted_at: at })
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
