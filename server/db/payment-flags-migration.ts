/**
 * Migration 0024: two reasons a payment's row now keeps, each a nullable flag added at the end
 * (rows written before read as NULL, unset; a recorded 1 costs one header byte on SQLite and a
 * smallint on PostgreSQL, and nothing is written while a flag is not set).
 *
 * `awaits_query`: a feedback told of money the ledger could not count — a capture or refund STATUS
 * that settles none of our operations (the back office's, beside ours), a refund we never sent.
 * `sync_needed` alone had no reason attached: the answer of our next operation, or a late feedback
 * of our own, recomputed it from our operations and cleared it before the reconciler's round, and
 * the back office's amount was never counted (feedback/with-operations.ts, domain/ledger.ts
 * `settle`). Only a query's answer clears it (feedback/apply-answer.ts).
 *
 * `alias_confirmed`: a feedback of a payment still pending (91, capture processed offline) named
 * the alias it asked for. The card is saved once the payment is paid (authorised, captured) — often
 * learnt by a query, whose answer carries no ALIAS — and never for a payment refused after it (93),
 * which an earlier release saved at the 91 (feedback/decide.ts).
 */
import type { Kysely, Migration } from 'kysely';

const FLAGS = ['awaits_query', 'alias_confirmed'] as const;

export const paymentFlags: Migration = {
  async up(db: Kysely<any>) {
    for (const flag of FLAGS) await db.schema.alterTable('transactions').addColumn(flag, 'smallint').execute();
  },
  async down(db: Kysely<any>) {
    for (const flag of FLAGS) await db.schema.alterTable('transactions').dropColumn(flag).execute();
  },
};
