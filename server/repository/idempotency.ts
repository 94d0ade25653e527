/** Idempotency keys (records/idempotency.ts): one row per (scope, key), reserved before the work. */
import type { IdempotencyReservation, IdempotencyStore } from './records/idempotency.ts';
import type { StoreContext } from './store-context.ts';
import { sql } from 'kysely';
import { pruneBefore } from './prune-before.ts';

/**
 * After this long a reservation whose request never answered is abandoned: longer than any
 * merchant API request runs (a DirectLink call times out well within it).
 */
export const ABANDONED_RESERVATION_MS = 10 * 60_000;

/**
 * How long a key answers its first request's answer, as Stripe's do: a day covers any retry of a
 * request, and the answer stored with it (a session's customer, a payment's card holder) is not
 * kept past it — the retention pass deletes older keys (retention/purger.ts), and a key older
 * than this is a new request even before that pass ran.
 */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3600_000;

/**
 * status_code of a key whose request was answered with a 5xx (or could not keep its answer): not
 * kept, so the request may be retried — but the key stays bound to its body. Deleted, a retry
 * with another body ran as a new request: a saved-card charge whose answer was lost (the card
 * charged), retried under the same key without its `reference`, was sent as a second order.
 */
export const RELEASED = -1;

/**
 * The scope of the rows binding a key to the order of a saved-card charge (bindChargeKey): never
 * a request's (`<METHOD> <path>`, http/idempotency.ts), so the middleware never reads them. The
 * row's request_hash holds the ORDERID; it is pruned with the keys, after their day.
 */
const CHARGE_KEY_SCOPE = 'charge-order';
/** status_code of a charge key's binding: an answer, never read as one (the scope is no request's). */
const CHARGE_KEY_BOUND = 200;

/** `now`, or a millisecond after `previous` when the clock does not read past it. */
function laterThan(now: string, previous: string | Date): string {
  const floor = new Date(previous).getTime() + 1;
  return Date.parse(now) >= floor ? now : new Date(floor).toISOString();
}

/**
 * A kept answer names its platform for the replay's check (http/idempotency.ts): an object answer
 * by its own `livemode`, an error answer — whose body names none — by a `livemode` kept inside its
 * `error`, taken out again when replayed (review r1565). Inside the answer, never around it: the
 * release before, serving this database after a rollback, replays it as it is (review r1595: a
 * wrapper was replayed in place of the session).
 */
function withPlatform(response: unknown, livemode: boolean | undefined): unknown {
  if (livemode === undefined || !isRecord(response) || !isRecord(response.error) || 'livemode' in response) return response;
  return { ...response, error: { ...response.error, livemode } };
}

function keptAnswer(json: string): { response: unknown; livemode?: boolean } {
  const response: unknown = JSON.parse(json);
  if (!isRecord(response) || !isRecord(response.error) || typeof response.error.livemode !== 'boolean') return { response };
  const { livemode, ...error } = response.error;
  return { response: { ...response, error }, livemode: livemode as boolean };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function idempotencyStore({ db, clock, postgres }: StoreContext): IdempotencyStore {
  async function reserveIdempotencyKey(scope: string, key: string, requestHash: string): Promise<IdempotencyReservation> {
    const reservedAt = clock.now().toISOString();
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({ scope, key, request_hash: requestHash, status_code: 0, response_json: 'null', created_at: reservedAt })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .returning('key')
      .execute();
    if (inserted.length > 0) return { kind: 'reserved', reservedAt };
    const row = await db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
    if (!row) return reserveIdempotencyKey(scope, key, requestHash); // released in between
    if (row.created_at < new Date(clock.now().getTime() - IDEMPOTENCY_KEY_TTL_MS).toISOString()) {
      // Expired: forgotten (the row it read, not a newer one), and this request reserves it anew.
      await db
        .deleteFrom('idempotency_keys')
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('created_at', '=', row.created_at)
        .execute();
      return reserveIdempotencyKey(scope, key, requestHash);
    }
    // A reservation older than any request runs was abandoned: its process died between the
    // reservation and the answer. A released one (RELEASED) was answered with a 5xx. Either way
    // the same request — the same body, never another (the middleware's 422) — takes it over: one
    // of several at once, the update being conditional on what it read, so the key does not
    // answer 409 for ever.
    const abandonedBefore = new Date(clock.now().getTime() - ABANDONED_RESERVATION_MS).toISOString();
    const status = Number(row.status_code);
    if (row.request_hash === requestHash && (status === RELEASED || (status === 0 && row.created_at < abandonedBefore))) {
      // Stamped later than the reservation it replaces, whatever this instance's clock reads (an
      // instance behind, a clock stepped back): a late release naming that reservation's stamp
      // must never match this one (review r1261).
      const takenAt = laterThan(reservedAt, row.created_at);
      const taken = await db
        .updateTable('idempotency_keys')
        .set({ status_code: 0, created_at: takenAt })
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('status_code', '=', status)
        .where('created_at', '=', row.created_at)
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) === 1) return { kind: 'reserved', reservedAt: takenAt, resumed: true };
      // Another request took it over in between: what it holds now (in progress, or answered).
      return reserveIdempotencyKey(scope, key, requestHash);
    }
    return {
      kind: 'existing',
      record: { requestHash: row.request_hash, statusCode: Number(row.status_code), ...keptAnswer(row.response_json) },
    };
  }

  return {
    reserveIdempotencyKey,

    async completeIdempotencyKey(scope, key, reservedAt, statusCode, response, livemode) {
      // Only the reservation this request made: a request frozen past the takeover, resuming,
      // overwrote the retry's answer, and the key then named two objects (review r1538).
      const kept = await db
        .updateTable('idempotency_keys')
        .set({
          status_code: statusCode,
          response_json: JSON.stringify(withPlatform(response, livemode)),
        })
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('status_code', '=', 0)
        .where('created_at', '=', reservedAt)
        .executeTakeFirst();
      return Number(kept.numUpdatedRows) === 1;
    },

    async bindChargeKey(key, orderId) {
      const now = clock.now();
      // A binding past the key's day is the key's no more: the key is free, as the middleware's
      // row of it is (reserveIdempotencyKey), and binds to this order.
      const lapsed = sql<boolean>`idempotency_keys.created_at < ${new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS).toISOString()}`;
      // An upsert, not an insert and a read: the bound order comes back from the writer, which on
      // SQLite sees a binding still in its group commit that a read would not (review r1630).
      const bound = await db
        .insertInto('idempotency_keys')
        .values({
          scope: CHARGE_KEY_SCOPE,
          key,
          request_hash: orderId,
          status_code: CHARGE_KEY_BOUND,
          response_json: 'null',
          created_at: now.toISOString(),
        })
        .onConflict((oc) =>
          oc.columns(['scope', 'key']).doUpdateSet({
            request_hash: sql<string>`case when ${lapsed} then excluded.request_hash else idempotency_keys.request_hash end`,
            created_at: sql<string>`case when ${lapsed} then excluded.created_at else idempotency_keys.created_at end`,
          }),
        )
        .returning('request_hash')
        .executeTakeFirstOrThrow();
      return bound.request_hash;
    },

    pruneIdempotencyKeys: (before, signal) => pruneBefore(db, postgres, 'idempotency_keys', before, signal),

    async forgetIdempotencyKey(scope, key, reservedAt) {
      await db
        .deleteFrom('idempotency_keys')
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('status_code', '=', 0)
        .where('created_at', '=', reservedAt)
        .execute();
    },

    async releaseIdempotencyKey(scope, key, reservedAt) {
      await db
        .updateTable('idempotency_keys')
        .set({ status_code: RELEASED })
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('status_code', '=', 0)
        .where('created_at', '=', reservedAt)
        .execute();
    },
  };
}
