/**
 * RETENTION_DAYS across the aggregates (records/personal-data.ts). Every row is changed by a
 * conditional UPDATE of its own (still unredacted, or still holding the text read), so several
 * instances purging at once change each row once and count it once.
 */
import { withoutCardHolder, withoutPersonalData } from '../feedback/log.ts';
import type { PersonalDataStore } from './records/personal-data.ts';
import type { StoreContext } from './store-context.ts';

export function personalDataStore({ db, clock }: StoreContext): PersonalDataStore {
  return {
    async purgePersonalData({ createdBefore, batch = 500 }) {
      const now = clock.now().toISOString();
      const purged = { sessions: 0, transactions: 0, feedback: 0, events: 0 };
      // Sessions: the customer object shrinks to its id (the merchant's own reference).
      for (;;) {
        const rows = await db
          .selectFrom('checkout_sessions')
          .select(['id', 'customer_id'])
          .where('created_at', '<', createdBefore)
          .where('redacted_at', 'is', null)
          .orderBy('created_at')
          .limit(batch)
          .execute();
        for (const row of rows) {
          const result = await db
            .updateTable('checkout_sessions')
            .set({ customer_json: row.customer_id === null ? null : JSON.stringify({ id: row.customer_id }), redacted_at: now })
            .where('id', '=', row.id)
            .where('redacted_at', 'is', null)
            .executeTakeFirst();
          purged.sessions += Number(result.numUpdatedRows);
        }
        if (rows.length < batch) break;
      }
      const cleared = await db
        .updateTable('transactions')
        .set({ card_holder: null })
        .where('created_at', '<', createdBefore)
        .where('card_holder', 'is not', null)
        .executeTakeFirst();
      purged.transactions = Number(cleared.numUpdatedRows);
      // The customer's e-mail copied onto payments for search (migration 0009) goes with the session's.
      await db
        .updateTable('transactions')
        .set({ customer_email: null })
        .where('created_at', '<', createdBefore)
        .where('customer_email', 'is not', null)
        .execute();
      // Feedback rows of those payments: CN, EMAIL and IP go; params_hash stays, so a replay of
      // an old feedback is still counted on its row.
      for (;;) {
        const rows = await db
          .selectFrom('feedback_log')
          .select(['id', 'params_json'])
          .where('redacted_at', 'is', null)
          .where('reference', 'in', (eb) => eb.selectFrom('transactions').select('reference').where('created_at', '<', createdBefore))
          .orderBy('id')
          .limit(batch)
          .execute();
        for (const row of rows) {
          const params = withoutPersonalData(JSON.parse(row.params_json) as Record<string, string>);
          const result = await db
            .updateTable('feedback_log')
            .set({ params_json: JSON.stringify(params), redacted_at: now })
            .where('id', '=', row.id)
            .where('redacted_at', 'is', null)
            .executeTakeFirst();
          purged.feedback += Number(result.numUpdatedRows);
        }
        if (rows.length < batch) break;
      }
      // Their webhook events (long delivered): the card holder's name goes from the payment
      // objects they carry. JSON.stringify writes `"cardHolder":"…"`, and null once purged.
      for (;;) {
        const rows = await db
          .selectFrom('webhook_events')
          .select(['id', 'data_json'])
          .where('data_json', 'like', '%"cardHolder":"%')
          .where('reference', 'in', (eb) => eb.selectFrom('transactions').select('reference').where('created_at', '<', createdBefore))
          .orderBy('id')
          .limit(batch)
          .execute();
        for (const row of rows) {
          const data = withoutCardHolder(JSON.parse(row.data_json) as unknown);
          const result = await db
            .updateTable('webhook_events')
            .set({ data_json: JSON.stringify(data) })
            .where('id', '=', row.id)
            .where('data_json', '=', row.data_json)
            .executeTakeFirst();
          purged.events += Number(result.numUpdatedRows);
        }
        if (rows.length < batch) break;
      }
      return purged;
    },
  };
}
