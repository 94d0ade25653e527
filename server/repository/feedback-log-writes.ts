/**
 * The feedback log's part of a payment's mutation (mutate-transaction.ts): the writes that log a
 * feedback, count a repeat or an exact copy through the other caller, and the lookup of when a
 * copy was first received, which bounds the operations a copy may settle (docs/ogone-protocol.md
 * §5 "What the log keeps" and "Idempotency").
 */
import { sql, type Compilable, type QueryCreator } from 'kysely';
import type { Database } from '../db/schema.ts';
import { feedbackCopyKey } from '../feedback/log.ts';
import { loggedFeedbackParams } from './feedback-params.ts';
import { unpackFeedbackParams } from './feedback-params-packing.ts';
import type { WriteBuilder } from './mutate-transaction-shapes.ts';

/** Runs one compiled query inside the mutation's database transaction. */
export type RunQuery = <R>(query: Compilable<R>) => Promise<R[]>;

/**
 * Rows of one STATUS a copy's first receipt is looked for among, oldest first. A payment has a
 * few; only padded replays logged by a release before empty values were left out made more. Past
 * them, the oldest row's time stands in: taken for a copy, a feedback answers fewer operations,
 * never more (the others are left to the reconciler's query).
 */
const COPY_SCAN_ROWS = 100;

/**
 * When a copy of the feedback was first received for the payment, by either caller; null if
 * never. Compared on the rows' parameters, not their fingerprints: a row logged before empty
 * values were left out has a fingerprint over its first copy's empty values (review r860).
 */
export async function firstReceipt(
  qc: QueryCreator<Database>,
  run: RunQuery,
  reference: string,
  copy: { key: string; status: number },
): Promise<string | null> {
  const rows = await run(
    qc
      .selectFrom('feedback_log')
      .select(['received_at', 'params_json', 'params_packed'])
      .where('reference', '=', reference)
      .where('status', '=', copy.status)
      .orderBy('received_at')
      .limit(COPY_SCAN_ROWS),
  );
  for (const row of rows) {
    let stored: Record<string, string>;
    try {
      stored = unpackFeedbackParams(row.params_json, row.params_packed);
    } catch {
      // Packed by a later release (a dictionary unknown here, after a rollback): taken for a copy.
      return row.received_at;
    }
    if (feedbackCopyKey(loggedFeedbackParams(stored, reference, copy.status)) === copy.key) return row.received_at;
  }
  return rows.length === COPY_SCAN_ROWS ? rows[0]!.received_at : null;
}

export const feedbackLogWrite: WriteBuilder = (q, v) =>
  q
    .insertInto('feedback_log')
    .values({
      id: v.id,
      reference: v.reference,
      received_at: v.now,
      channel: v.channel,
      status: v.status,
      outcome: v.outcome,
      params_json: v.paramsJson,
      params_packed: v.paramsPacked,
      params_hash: v.paramsHash,
      repeat_count: 0,
      // Null until a repeat: rows.ts and the retention purge (personal-data.ts) read received_at
      // then, and a row never repeated (most of them) keeps 24 bytes less (issue 17).
      last_received_at: null,
    })
    .onConflict((oc) =>
      oc.columns(['reference', 'channel', 'params_hash']).doUpdateSet((eb) => ({
        repeat_count: eb(eb.ref('feedback_log.repeat_count'), '+', 1),
        // The repeat's own time: the row it would have been (`excluded`) has received_at = now.
        last_received_at: eb.ref('excluded.received_at'),
      })),
    );

/**
 * An exact copy of an applied feedback through the return URL's other caller (the shopper's
 * browser bringing back what Ogone's server sent, or the reverse): counted on the applied row —
 * how many, and when the first came (docs/ogone-protocol.md §5) — instead of a row of its own.
 * Runs under the payment's row lock, like every feedback of the payment, so copies arriving
 * together are each counted once.
 */
export const feedbackCopyWrite: WriteBuilder = (q, v) =>
  q
    .updateTable('feedback_log')
    .set((eb) => ({
      copy_count: eb(eb.ref('copy_count'), '+', 1),
      copy_received_at: eb.fn.coalesce('copy_received_at', eb.val(v.now)),
    }))
    .where('reference', '=', v.reference)
    .where('channel', '=', v.otherChannel)
    .where('params_hash', '=', v.paramsHash)
    .where('outcome', '=', 'applied');

/**
 * The feedback log row of a feedback that may be such a copy: logged (or counted as a repeat of
 * its own channel's row) only when no applied row of the other caller has the same parameters —
 * the condition feedbackCopyWrite updates on. PostgreSQL runs both in one statement, whose CTEs
 * read one snapshot: exactly one of them writes. SQLite runs this one only when the copy's update
 * changed nothing (`skipWhenPreviousChanged`); the condition holds there too.
 */
export const feedbackLogUnlessCopyWrite =
  (postgres: boolean): WriteBuilder =>
  (q, v) =>
    q
      .insertInto('feedback_log')
      .columns([
        'id',
        'reference',
        'received_at',
        'channel',
        'status',
        'outcome',
        'params_json',
        'params_packed',
        'params_hash',
        'repeat_count',
        'last_received_at',
      ])
      .expression(
        q
          .selectNoFrom((eb) => [
            eb.val(v.id).as('id'),
            eb.val(v.reference).as('reference'),
            eb.val(v.now).as('received_at'),
            eb.val(v.channel).as('channel'),
            // A bare parameter in a select list is text on PostgreSQL: status is an integer column.
            eb.cast(eb.val(v.status), 'integer').as('status'),
            eb.val(v.outcome).as('outcome'),
            eb.val(v.paramsJson).as('params_json'),
            // Bytes in a select list: bytea on PostgreSQL, as the column (a bare parameter is text there).
            (postgres ? eb.cast(eb.val(v.paramsPacked), 'bytea') : eb.val(v.paramsPacked)).as('params_packed'),
            eb.val(v.paramsHash).as('params_hash'),
            sql.lit(0).as('repeat_count'),
            sql`null`.as('last_received_at'),
          ])
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('feedback_log as applied')
                  .select(sql.lit(1).as('one'))
                  .where('applied.reference', '=', v.reference)
                  .where('applied.channel', '=', v.otherChannel)
                  .where('applied.params_hash', '=', v.paramsHash)
                  .where('applied.outcome', '=', 'applied'),
              ),
            ),
          ),
      )
      .onConflict((oc) =>
        oc.columns(['reference', 'channel', 'params_hash']).doUpdateSet((eb) => ({
          repeat_count: eb(eb.ref('feedback_log.repeat_count'), '+', 1),
          last_received_at: eb.ref('excluded.received_at'),
        })),
      );
