/**
 * `mutateTransaction` (records/transactions.ts): the one way a payment changes. The row is locked,
 * the caller's pure `decide` looks at it, and everything the decision says — patch, saved card,
 * maintenance operations, feedback log, outbox events, session paid — is written in the same
 * database transaction, so a feedback, its effects and its webhooks are all there or none is.
 */
import {
  sql,
  type InsertQueryBuilder,
  type InsertResult,
  type QueryCreator,
  type Selectable,
  type UpdateQueryBuilder,
  type UpdateResult,
} from 'kysely';
import type { Database, MaintenanceOperationTable } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { feedbackFingerprint, keptFeedbackParams } from '../feedback/log.ts';
import { eventRows } from './outbox.ts';
import type { TransactionStore } from './records/transactions.ts';
import {
  operationPatchToRow,
  operationToRow,
  patchToRow,
  rowToAlias,
  rowToEvent,
  rowToOperation,
  rowToSession,
  rowToTransaction,
} from './rows.ts';
import type { StoreContext } from './store-context.ts';

/** A write of mutateTransaction's last step (run alone on SQLite, as a CTE on PostgreSQL). */
type WriteQuery = InsertQueryBuilder<Database, any, InsertResult> | UpdateQueryBuilder<Database, any, any, UpdateResult>;

export function mutateTransaction({ db, postgres, clock }: StoreContext): TransactionStore['mutateTransaction'] {
  return async (reference, decide) => {
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('transactions')
        .selectAll()
        .where('reference', '=', reference)
        .$if(postgres, (q) => q.forUpdate())
        .executeTakeFirst();
      if (!row) return undefined;
      const before = rowToTransaction(row);
      // Under the row lock (a statement of its own, so PostgreSQL reads after the lock was
      // granted): the session, the payment's newest event id (new events must sort after it)
      // and, on PostgreSQL, its maintenance operations as JSON — one round trip for the three.
      const {
        newest_event_id: newestEventId,
        operations_json: operationsJson,
        ...sessionRow
      } = await trx
        .selectFrom('checkout_sessions')
        .selectAll('checkout_sessions')
        .select((eb) =>
          eb
            .selectFrom('webhook_events')
            .select((e) => e.fn.max('id').as('id'))
            .where('reference', '=', reference)
            .as('newest_event_id'),
        )
        .select(
          postgres
            ? sql<
                Selectable<MaintenanceOperationTable>[] | null
              >`(select coalesce(json_agg(o order by o.id), '[]'::json) from maintenance_operations o where o.reference = ${reference})`.as(
                'operations_json',
              )
            : sql<null>`null`.as('operations_json'),
        )
        .where('id', '=', before.sessionId)
        .executeTakeFirstOrThrow();
      const operationRows =
        operationsJson ??
        (await trx.selectFrom('maintenance_operations').selectAll().where('reference', '=', reference).orderBy('id').execute());
      const decision = decide(before, rowToSession(sessionRow), operationRows.map(rowToOperation));
      const now = clock.now().toISOString();
      const patch = decision.patch ? patchToRow(decision.patch) : {};
      // A draft held back from the reconciler for a while (deferSync, docs/ogone-protocol.md §9) is due
      // again as soon as it leaves draft: a pending or uncertain payment is never held back.
      if (patch.state !== undefined && patch.state !== before.state && before.state === 'draft') patch.sync_lease_until = null;
      const drafts = [...(decision.events ?? [])];
      if (decision.alias) {
        const inserted = await trx
          .insertInto('aliases')
          .values({
            id: newId('alias'),
            customer_id: decision.alias.record.customerId,
            alias: decision.alias.record.alias,
            brand: decision.alias.record.brand,
            card_number: decision.alias.record.cardNumber,
            last4: decision.alias.record.last4,
            expiry: decision.alias.record.expiry,
            card_holder: decision.alias.record.cardHolder,
            reference: decision.alias.record.reference,
            created_at: now,
            deleted_at: null,
          })
          .onConflict((oc) => oc.column('alias').doNothing())
          .returningAll()
          .execute();
        const created = inserted[0];
        if (created && decision.alias.event) drafts.push(decision.alias.event(rowToAlias(created)));
        if (created && decision.alias.moreEvents) drafts.push(...decision.alias.moreEvents(rowToAlias(created)));
      }
      for (const operation of decision.operations?.insert ?? []) {
        await trx.insertInto('maintenance_operations').values(operationToRow(operation)).execute();
      }
      for (const { id, patch: change } of decision.operations?.update ?? []) {
        const row = operationPatchToRow(change);
        if (Object.keys(row).length > 0) {
          await trx
            .updateTable('maintenance_operations')
            .set({ ...row, updated_at: now })
            .where('id', '=', id)
            .where('reference', '=', reference)
            .execute();
        }
      }

      // The common writes of a decision. PostgreSQL gets them in one statement (data-modifying
      // CTEs, each run exactly once, in this same transaction): one round trip instead of four.
      const newEventRows = eventRows(drafts, newestEventId ?? null, clock);
      const writes: Array<[string, (qc: QueryCreator<Database>) => WriteQuery]> = [];
      if (decision.markSessionPaid) {
        writes.push([
          'session_paid',
          (qc) =>
            qc
              .updateTable('checkout_sessions')
              .set({ status: 'paid', paid_reference: reference })
              .where('id', '=', before.sessionId)
              .where('status', '=', 'open'),
        ]);
      }
      if (decision.feedback) {
        const feedback = decision.feedback;
        // Only SHA-OUT-listed parameters, capped; an exact repeat is counted on its first row
        // (docs/ogone-protocol.md §5), atomically whichever instance receives it.
        const kept = keptFeedbackParams(feedback.params);
        writes.push([
          'feedback_logged',
          (qc) =>
            qc
              .insertInto('feedback_log')
              .values({
                id: newId('fb'),
                reference,
                received_at: now,
                channel: feedback.channel,
                status: feedback.status,
                outcome: feedback.outcome,
                params_json: JSON.stringify(kept),
                params_hash: feedbackFingerprint(kept),
                repeat_count: 0,
                last_received_at: now,
              })
              .onConflict((oc) =>
                oc.columns(['reference', 'channel', 'params_hash']).doUpdateSet((eb) => ({
                  repeat_count: eb(eb.ref('feedback_log.repeat_count'), '+', 1),
                  last_received_at: eb.ref('excluded.last_received_at'),
                })),
              ),
        ]);
      }
      if (newEventRows.length > 0) writes.push(['events_added', (qc) => qc.insertInto('webhook_events').values(newEventRows)]);
      const update =
        Object.keys(patch).length === 0
          ? undefined
          : (qc: QueryCreator<Database>) =>
              qc
                .updateTable('transactions')
                .set({ ...patch, updated_at: now })
                .where('reference', '=', reference)
                .returningAll();

      let after = before;
      if (postgres) {
        let creator = trx as QueryCreator<Database>;
        for (const [name, write] of writes)
          creator = creator.with(name, (qc) => (write(qc as QueryCreator<Database>) as any).returning(sql<number>`1`.as('done'))) as never;
        if (update) after = rowToTransaction(await update(creator).executeTakeFirstOrThrow());
        else if (writes.length > 0) await creator.selectNoFrom(sql<number>`1`.as('done')).execute();
      } else {
        if (update) after = rowToTransaction(await update(trx).executeTakeFirstOrThrow());
        for (const [, write] of writes) await write(trx).execute();
      }
      return { before, after, result: decision.result, events: newEventRows.map(rowToEvent) };
    });
  };
}
