/**
 * Migration 0019: Idempotency-Key reservations scoped to the merchant, not to one of its API keys
 * (http/idempotency.ts). Before, a row's scope began with the key's label — 16 hex characters and
 * a colon, `3f2a…9c:POST /api/aliases/al_…/charges` — and a retry arriving after the upgrade with
 * the key of an answer stored before it ran again instead of replaying: a saved-card charge with
 * the merchant's reference answered 409 duplicate_reference, a checkout session was created twice.
 *
 * Rows in the old form lose their label. Where two would become one (the same key sent with two
 * API keys, or already stored in the new form), the one kept is the new form's, else the earliest:
 * the answer the first request got. An instance of the previous release still running during a
 * rolling upgrade writes the old form; those rows, a day's keys at most, are not replayed by the
 * new release (the README says to upgrade all instances together).
 */
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/** The label's 16 hex characters and the colon: the new scope starts at the 18th character. */
const LABEL_LENGTH = 17;

export const idempotencyScope: Migration = {
  async up(db: Kysely<any>) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    const labelled = (column: string) =>
      postgres ? sql`${sql.ref(column)} ~ '^[0-9a-f]{16}:'` : sql`${sql.ref(column)} glob ${sql.lit('[0-9a-f]'.repeat(16) + ':*')}`;
    const stripped = (column: string) => sql`substr(${sql.ref(column)}, ${sql.lit(LABEL_LENGTH + 1)})`;
    await sql`
      delete from idempotency_keys
      where ${labelled('idempotency_keys.scope')} and exists (
        select 1 from idempotency_keys other
        where other.key = idempotency_keys.key and (
          other.scope = ${stripped('idempotency_keys.scope')}
          or (${labelled('other.scope')} and ${stripped('other.scope')} = ${stripped('idempotency_keys.scope')}
              and (other.created_at, other.scope) < (idempotency_keys.created_at, idempotency_keys.scope))
        )
      )`.execute(db);
    await sql`update idempotency_keys set scope = ${stripped('scope')} where ${labelled('scope')}`.execute(db);
  },
  async down() {
    // The labels cannot be told back; rows in the new form are replayed by no older release.
  },
};
