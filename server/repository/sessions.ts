/** Checkout sessions and buttons (records/sessions.ts). */
import { compileTemplate } from '../db/compiled-query.ts';
import { decodeCursor } from './cursor.ts';
import { page } from './page.ts';
import type { SessionStore } from './records/sessions.ts';
import { buttonToRow, rowToButton, rowToSession, sessionToRow } from './rows.ts';
import type { StoreContext } from './store-context.ts';

export function sessionStore({ db }: StoreContext): SessionStore {
  // Every sign and feedback reads its session: compiled once (db/compiled-query.ts, issue 17).
  const selectSession = compileTemplate(1, (slot) => db.selectFrom('checkout_sessions').selectAll().where('id', '=', slot(0)));

  return {
    async createSession(session) {
      await db.insertInto('checkout_sessions').values(sessionToRow(session)).execute();
    },

    async getSession(id) {
      const row = (await db.executeQuery(selectSession.bind([id]))).rows[0];
      return row ? rowToSession(row) : undefined;
    },

    async claimSession(id, reference, now, until) {
      // One statement: PostgreSQL re-checks the WHERE on the row a concurrent claim just wrote
      // (READ COMMITTED, row lock), SQLite runs one writer at a time — never two claims.
      const claimed = await db
        .updateTable('checkout_sessions')
        .set({ claim_reference: reference, claim_until: until })
        .where('id', '=', id)
        .where('status', '=', 'open')
        .where((eb) => eb.or([eb('claim_until', 'is', null), eb('claim_until', '<=', now)]))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) > 0) return 'claimed';
      const row = await db.selectFrom('checkout_sessions').select(['status']).where('id', '=', id).executeTakeFirst();
      if (!row) return 'missing';
      return row.status === 'paid' ? 'paid' : 'busy';
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
      if (cursor) query = query.where('id', '<', decodeCursor(cursor, 1)[0]!);
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
