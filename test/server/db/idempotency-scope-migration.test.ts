/**
 * Migration 0019_idempotency_scope on keys an earlier release stored, on SQLite and PostgreSQL:
 * scopes lose the API key's label (`<16 hex>:POST /api/…` → `POST /api/…`), so a retry after the
 * upgrade replays the answer stored before it (http/idempotency.ts) instead of running again — a
 * saved-card charge with a reference answered 409 duplicate_reference, a session was made twice.
 * Where two rows would become one, the new form's, else the earliest, is kept.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MIGRATION_NAMES, migrateToLatest } from '../../../server/db/migrations.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useUnmigratedDatabase } from '../../support/test-repository.ts';

const BEFORE = MIGRATION_NAMES[MIGRATION_NAMES.indexOf('0019_idempotency_scope') - 1]!;
const A = 'a'.repeat(16);
const B = 'b'.repeat(16);
const CHARGE = 'POST /api/aliases/al_1/charges';

for (const kind of DATABASE_KINDS) {
  describe(`migration 0019 on ${kind}`, () => {
    const opened = useUnmigratedDatabase(kind);

    it('old scopes lose their label; of two that become one, the earliest is kept', async () => {
      const { handle } = opened;
      await migrateToLatest(handle.db, { upTo: BEFORE });
      const row = (scope: string, key: string, created: string, status: number) => ({
        scope,
        key,
        request_hash: 'h',
        status_code: status,
        response_json: JSON.stringify({ status }),
        created_at: `2026-12-01T10:00:0${created}.000Z`,
      });
      await handle.db
        .insertInto('idempotency_keys')
        .values([
          row(`${A}:${CHARGE}`, 'k-single', '1', 201),
          // The same key sent with two API keys: the first answer wins.
          row(`${B}:${CHARGE}`, 'k-twice', '2', 409),
          row(`${A}:${CHARGE}`, 'k-twice', '1', 201),
          // Already in the new form (written by the new release): kept as it is.
          row(CHARGE, 'k-new', '3', 202),
          row(`${A}:${CHARGE}`, 'k-new', '1', 500),
          // Another path keeps its own scope.
          row(`${A}:POST /api/checkout-sessions`, 'k-single', '4', 201),
        ])
        .execute();
      assert.deepEqual(await migrateToLatest(handle.db), MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf(BEFORE) + 1));
      const rows = await handle.db
        .selectFrom('idempotency_keys')
        .select(['scope', 'key', 'status_code'])
        .orderBy('key')
        .orderBy('scope')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.scope, r.key, Number(r.status_code)]),
        [
          [CHARGE, 'k-new', 202],
          [CHARGE, 'k-single', 201],
          ['POST /api/checkout-sessions', 'k-single', 201],
          [CHARGE, 'k-twice', 201],
        ],
      );
    });
  });
}
