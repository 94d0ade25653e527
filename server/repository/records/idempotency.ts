/** Idempotency keys of the merchant API: a retried request gets the first one's answer. */

export interface IdempotencyRecord {
  requestHash: string;
  /** 0 while the first request is still running; RELEASED (-1, repository/idempotency.ts) after a 5xx. */
  statusCode: number;
  response: unknown;
  /**
   * The platform of the server that kept the answer (true: production), when it said: an error's
   * body names none, and a key used on the test platform replayed its refusal live (review r1565).
   */
  livemode?: boolean;
}

/**
 * `reservedAt`: the reservation's own time, which a takeover replaces (repository/idempotency.ts),
 * so a release naming it lets go of this reservation and never of a later one of the same key.
 * `resumed`: taken over from the same request (same body) that died or answered 5xx before its
 * answer was kept — what it set out to do may be done already.
 */
export type IdempotencyReservation =
  { kind: 'reserved'; reservedAt: string; resumed?: boolean } | { kind: 'existing'; record: IdempotencyRecord };

export interface IdempotencyStore {
  reserveIdempotencyKey(scope: string, key: string, requestHash: string): Promise<IdempotencyReservation>;
  /**
   * Keeps the answer of the reservation made at `reservedAt`, still unanswered; false when it is no
   * longer that one's (taken over by a retry after ABANDONED_RESERVATION_MS): the key keeps its
   * taker's answer (review r1538).
   */
  completeIdempotencyKey(
    scope: string,
    key: string,
    reservedAt: string,
    statusCode: number,
    response: unknown,
    livemode?: boolean,
  ): Promise<boolean>;
  /**
   * After a 5xx: the same request (same body) may run again, another is still refused. Only the
   * reservation made at `reservedAt`, still unanswered: once taken over, the key is its taker's.
   */
  releaseIdempotencyKey(scope: string, key: string, reservedAt: string): Promise<void>;
  /**
   * After a refusal before the request ran (its media type, 415): nothing was done, so the key is
   * deleted, neither answer nor body kept — any request may use it (review r1686). Only the
   * reservation made at `reservedAt`, still unanswered.
   */
  forgetIdempotencyKey(scope: string, key: string, reservedAt: string): Promise<void>;
  /**
   * Binds an Idempotency-Key to the order of the merchant's saved-card charge it was sent with
   * (aliases/charge.ts), whichever card the request names; the order it is bound to — `orderId`,
   * or the one an earlier charge under the key bound it to within the key's day
   * (IDEMPOTENCY_KEY_TTL_MS). One statement, so of two requests at once only one binds the key.
   */
  bindChargeKey(key: string, orderId: string): Promise<string>;
  /**
   * Deletes the keys (answers and reservations) made before `before`; the number deleted. Stops
   * between batches once `signal` is aborted.
   */
  pruneIdempotencyKeys(before: string, signal?: AbortSignal): Promise<number>;
}
