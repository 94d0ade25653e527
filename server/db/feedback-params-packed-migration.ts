/**
 * Migration 0028 (issue 17, "bytes per payment"): the feedback log packs the parameters it keeps
 * (repository/feedback-params-packing.ts) into a new column, `params_packed`, and keeps only the
 * shopper's CN, EMAIL and IP as JSON in `params_json`, where the retention pass removes them in
 * SQL as before. About 130 bytes less per feedback row. Rows already logged are left as they are
 * (read as before: rewriting every row would hold the first start for minutes on a large log).
 *
 * During a rolling restart on PostgreSQL an instance of the release before reads a new row's
 * `params_json` only: its dashboard shows the feedback's CN and IP without the rest until it is
 * restarted. That release decided nothing from a row's parameters (its fingerprint did; releases
 * since review r860 compare parameters, and read its rows as every row logged before), and
 * the rows it writes are read by this release as every row logged before.
 *
 * Down puts every packed row's parameters back into `params_json`, then drops the column.
 */
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';
import { unpackFeedbackParams } from '../repository/feedback-params-packing.ts';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

const BATCH = 1000;

export const feedbackParamsPacked: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('feedback_log')
      .addColumn('params_packed', isPostgres(db) ? 'bytea' : 'blob')
      .execute();
  },
  async down(db: Kysely<any>) {
    for (;;) {
      const rows = (await db
        .selectFrom('feedback_log')
        .select(['reference', 'channel', 'params_hash', 'params_json', 'params_packed'])
        .where('params_packed', 'is not', null)
        .limit(BATCH)
        .execute()) as Array<{ reference: string; channel: string; params_hash: string; params_json: string; params_packed: Uint8Array }>;
      for (const row of rows) {
        await db
          .updateTable('feedback_log')
          .set({ params_json: JSON.stringify(unpackFeedbackParams(row.params_json, row.params_packed)), params_packed: sql`null` })
          .where('reference', '=', row.reference)
          .where('channel', '=', row.channel)
          .where('params_hash', '=', row.params_hash)
          .execute();
      }
      if (rows.length < BATCH) break;
    }
    await db.schema.alterTable('feedback_log').dropColumn('params_packed').execute();
  },
};
