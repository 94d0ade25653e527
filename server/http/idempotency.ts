/**
 * `Idempotency-Key` for merchant API POSTs and DELETEs: the first request with a key runs, later ones with
 * the same key, body and query string get the stored answer (`Idempotent-Replayed: true`); the
 * same key with a different body or query string is refused; a concurrent duplicate gets 409. A
 * request refused before it ran (413, 415), or by its route for the key itself (422
 * `idempotency_key_reused`: it did nothing), leaves the key free. 5xx answers, and answers saying to
 * ask again later (Retry-After), are not kept, so the
 * client may retry the same request — also when the answer itself could not be stored — and the
 * key stays bound to its body (RELEASED); a reservation whose process died before answering is
 * taken over after ABANDONED_RESERVATION_MS (repository/idempotency.ts) — unless a shutdown
 * past its grace period let it go first (`heldIdempotencyKeys`). A release the database refused
 * (the outage that failed the request) is tried again in the background, so a retry once the
 * database is back runs rather than meeting 409 for those ten minutes; each release names its own
 * reservation, never a later one that took the key over.
 */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler, Next } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Repository } from '../repository/types.ts';
import { Problem } from './problem.ts';
import { CLOCK_SKEW_TOLERANCE_MS } from '../clock.ts';
import { ABANDONED_RESERVATION_MS } from '../repository/idempotency.ts';

export interface IdempotencyOptions {
  repository: Repository;
  /**
   * The server sends payments to Ogone's production platform. One database may serve the test
   * platform and then production (README "Going live"): a kept answer about an object of the
   * other platform (its `livemode`) is refused, not replayed — a key used on the test platform
   * replayed its test session to the same request made live, a session whose every attempt the
   * live server then refuses. (A scope of their own for live keys would have lost, at the
   * upgrade, every key a production server kept the minute before.)
   */
  livemode?: boolean;
  /** The keys of this process's requests still running, for a shutdown that cannot wait for them. */
  held?: HeldIdempotencyKeys;
}

/**
 * The keys reserved by this process's requests not yet settled (their answer kept, or the key
 * released). A shutdown past SHUTDOWN_GRACE_SECONDS stops such requests without their answer (a
 * DirectLink call still waiting on the platform): their reservations, left, would answer every
 * retry of the key 409 "in progress" for ABANDONED_RESERVATION_MS (ten minutes of a deploy).
 * start-server.ts lets them go once its database is closed — the stopped requests can write
 * nothing more — so the retry runs the request afresh, as after a 5xx.
 */
export interface HeldIdempotencyKeys {
  readonly size: number;
  hold(scope: string, key: string, reservedAt: string): void;
  /** Forgets the hold of the reservation made at `reservedAt`; a later one of the key stays held. */
  letGo(scope: string, key: string, reservedAt: string): void;
  /** Releases every key still held (each as a 5xx would); how many were. */
  releaseAll(repository: Pick<Repository, 'releaseIdempotencyKey'>): Promise<number>;
}

/**
 * How long a key stays this process's to release: a reservation older than
 * ABANDONED_RESERVATION_MS may have been taken over by another instance's request, still running,
 * which a release would expose to a third — less the clocks' allowed difference, as every lease.
 */
const HELD_AT_MOST_MS = ABANDONED_RESERVATION_MS - CLOCK_SKEW_TOLERANCE_MS;

export function heldIdempotencyKeys(now: () => number = () => performance.now()): HeldIdempotencyKeys {
  const held = new Map<string, { scope: string; key: string; reservedAt: string; since: number }>();
  const id = (scope: string, key: string) => `${scope}\n${key}`;
  return {
    get size() {
      return held.size;
    },
    hold: (scope, key, reservedAt) => void held.set(id(scope, key), { scope, key, reservedAt, since: now() }),
    letGo: (scope, key, reservedAt) => {
      // A late release of an earlier reservation must not drop the hold of the key's takeover by
      // a request of this process still running (review r1262).
      if (held.get(id(scope, key))?.reservedAt === reservedAt) held.delete(id(scope, key));
    },
    async releaseAll(repository) {
      const ours = [...held.values()].filter((entry) => now() - entry.since < HELD_AT_MOST_MS);
      held.clear();
      for (const { scope, key, reservedAt } of ours) await repository.releaseIdempotencyKey(scope, key, reservedAt);
      return ours.length;
    },
  };
}

/**
 * The requests that took their key over from the same request interrupted before its answer was
 * kept (killed, or answered 5xx). A DELETE among them may find its object deleted — by that first
 * request, whose answer was lost — and answers as it would have, not 404 (review r1330). The key
 * does not say which request deleted it (a first one killed before deleting, the object deleted
 * since by another): either way the object it named is deleted, and nothing is done again.
 */
const resumedRequests = new WeakSet<Request>();

/** The longest path kept as it is in a key's scope (every route's real path is far shorter). */
const SCOPE_PATH_MAX = 256;

/**
 * What a key is scoped to: the method and path, a long path by its SHA-256 instead. As it was, a
 * path of a few thousand characters (a wrong id, a bug in a client) made a scope PostgreSQL's
 * primary-key index refuses (entries of at most 2704 bytes): 500 instead of the route's 404, and
 * a typed client's retries logged three unhandled errors (review r1488).
 */
function requestScope(method: string, path: string): string {
  return path.length <= SCOPE_PATH_MAX ? `${method} ${path}` : `${method} sha256:${createHash('sha256').update(path).digest('hex')}`;
}

/**
 * What a key's retry must repeat besides its method and path: the body, and the query string —
 * which every merchant POST reads (an unknown parameter is refused 400 naming it). Left out, the
 * request corrected after that 400 was answered with it for a day, and one refused for a parameter
 * with an earlier 201 (review r1685). Without a query string the hash is the body's alone, as
 * before, so the keys kept by an earlier release still replay.
 */
function requestHash(body: string, search: string): string {
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  // With a query string, the hash of the body's hash and the query: what is hashed is then 64 hex
  // digits and a "?", never a JSON body, so no body alone hashes as another body with a query.
  return search === '' ? sha256(body) : sha256(`${sha256(body)}${search}`);
}

/** Paths whose kept answer replays on either platform (the `livemode_mismatch` check skips them). */
function replaysOnEitherPlatform(path: string): boolean {
  return path.startsWith('/api/buttons') || /^\/api\/events\/[^/]+\/redeliver$/.test(path);
}

/** Whether this request retries, under its Idempotency-Key, one interrupted before its answer was kept. */
export function resumesInterruptedRequest(c: Context): boolean {
  return resumedRequests.has(c.req.raw);
}

export function idempotency(options: IdempotencyOptions): MiddlewareHandler<{ Variables: { apiKeyLabel: string } }> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    // POSTs, and DELETEs: a retried deletion whose first answer was lost is told it was done,
    // not 404 for what it deleted itself (the typed client sends a key on both).
    if ((c.req.method !== 'POST' && c.req.method !== 'DELETE') || key === undefined) return next();
    if (key.length < 1 || key.length > 255) {
      throw new Problem(400, 'invalid_request', 'Idempotency-Key must be 1 to 255 characters', 'Idempotency-Key');
    }
    // The merchant's, whichever of its keys (MERCHANT_API_KEYS, rotated one at a time) sends it:
    // scoped per key, a retry sent with the new key ran beside the first request still running
    // with the old one — a saved-card charge's order sent twice at once (aliases/charge.ts).
    const scope = requestScope(c.req.method, c.req.path);
    const hash = requestHash(await c.req.text(), new URL(c.req.url).search);
    const reservation = await options.repository.reserveIdempotencyKey(scope, key, hash);
    if (reservation.kind === 'existing') {
      const { record } = reservation;
      if (record.requestHash !== hash) {
        throw new Problem(
          422,
          'idempotency_key_reused',
          'this Idempotency-Key was used with a different request body or query string',
          'Idempotency-Key',
        );
      }
      if (record.statusCode <= 0) {
        // Asked again shortly, the same request gets the first one's answer.
        c.header('Retry-After', '5');
        throw new Problem(409, 'idempotency_in_progress', 'a request with this Idempotency-Key is still being processed');
      }
      // A button is a setting, not money: its `livemode` is the server's (payments/livemode.ts),
      // the same button served and payable on either platform — its creation replays as it is.
      // An event's redelivery neither: either server delivers a test event (README "Going live"),
      // and its answer names the event's platform, not the server's that kept it — a production
      // server's own redelivery of a test event, retried there, met 409 (review r1688).
      if (options.livemode !== undefined && !replaysOnEitherPlatform(c.req.path) && otherPlatform(record, options.livemode)) {
        throw new Problem(
          409,
          'livemode_mismatch',
          `this Idempotency-Key was used for an object of ${options.livemode ? 'the test platform' : 'the production platform'}, and this server sends payments to ${options.livemode ? 'production' : 'the test platform'}: use a new key`,
          'Idempotency-Key',
        );
      }
      c.header('Idempotent-Replayed', 'true');
      return c.json(record.response as object, record.statusCode as ContentfulStatusCode);
    }
    // Held until its answer is kept or the key released: a key whose write failed (the database
    // closing under a shutdown) is still this process's to let go.
    const { reservedAt } = reservation;
    if (reservation.resumed) resumedRequests.add(c.req.raw);
    options.held?.hold(scope, key, reservedAt);
    await answerOnce(
      c,
      next,
      options.repository,
      { scope, key, reservedAt, livemode: options.livemode, resumed: reservation.resumed === true },
      () => options.held?.letGo(scope, key, reservedAt),
    );
  };
}

/** The statuses of a request refused for its form (Content-Type, size) before its route ran. */
const REFUSED_BEFORE_RUNNING: ReadonlySet<number> = new Set([413, 415]);

/**
 * Runs the request whose key was just reserved, then keeps its answer under the key or lets the
 * key go; `settled` once either is written.
 */
async function answerOnce(
  c: Context,
  next: Next,
  repository: Repository,
  {
    scope,
    key,
    reservedAt,
    livemode,
    resumed,
  }: { scope: string; key: string; reservedAt: string; livemode: boolean | undefined; resumed: boolean },
  settled: () => void,
): Promise<void> {
  const releaseNow = async () => {
    await repository.releaseIdempotencyKey(scope, key, reservedAt);
    settled();
  };
  const release = async () => {
    try {
      await releaseNow();
    } catch (error) {
      releaseLater(releaseNow);
      throw error;
    }
  };
  try {
    await next();
  } catch (error) {
    await release();
    throw error;
  }
  // A refusal of the request's form before anything ran — its media type or charset (415), its
  // size (413) — is not its outcome: kept, the same JSON sent again with the right
  // Content-Type was answered "not application/x-www-form-urlencoded" for a day (review r1686).
  // Nothing was done, so the key is forgotten, not bound to this body: as Stripe, which keeps no
  // answer of a request refused before it ran. Unless the key was taken over from a request that
  // may have done something (a 5xx): it stays bound to that body (released).
  const forget = async () => {
    if (resumed) {
      await release();
      return;
    }
    try {
      await repository.forgetIdempotencyKey(scope, key, reservedAt);
      settled();
    } catch {
      await release();
    }
  };
  if (REFUSED_BEFORE_RUNNING.has(c.res.status)) {
    await forget();
    return;
  }
  // An answer that says to ask again later (Retry-After: the same request under way elsewhere,
  // a 429) is not the request's outcome: kept, every retry of the key would replay it for a day,
  // long after what was under way settled.
  if (c.res.status >= 500 || c.res.headers.has('retry-after') || !(c.res.headers.get('content-type') ?? '').includes('json')) {
    await release();
    return;
  }
  const response: unknown = await c.res.clone().json();
  // The route's refusal of the key itself (422 idempotency_key_reused: the key names another
  // request's operation, or a charge's order) did nothing either. Kept, it became the key's answer:
  // past the key's day — its first answer deleted, the key reserved afresh — the request the key
  // was made for, retried, was refused "another body" for a day, where the route tells it its
  // operation or charge (found in review). Forgotten: the same refusal comes again from the route.
  if (c.res.status === 422 && isObject(response) && isObject(response.error) && response.error.code === 'idempotency_key_reused') {
    await forget();
    return;
  }
  try {
    // Not kept when a retry took the key over while this request was frozen: the key keeps the
    // retry's answer; this request's client gets its own (its object stands, unnamed by the key).
    await repository.completeIdempotencyKey(scope, key, reservedAt, c.res.status, response, livemode);
    settled();
  } catch (error) {
    // The answer could not be kept: the client gets a 5xx and may retry, as after any 5xx.
    await release().catch(() => {});
    throw error;
  }
}

/**
 * A kept answer about an object of the other platform: its own `livemode` says so, or its
 * payment's — a capture, refund or cancel answers the operation with its `transaction` beside it
 * (review r920: replayed as done by the live server, a test payment's capture read as made).
 */
/**
 * Whether the kept answer is about the other platform: its object's, else its transaction's, else
 * (an error, whose body names none) the one its server recorded with it.
 */
function otherPlatform({ response, livemode: kept }: { response: unknown; livemode?: boolean }, livemode: boolean): boolean {
  const recorded = livemodeOf(response) ?? livemodeOf(isObject(response) ? response.transaction : undefined) ?? kept;
  return recorded !== undefined && recorded !== livemode;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function livemodeOf(object: unknown): boolean | undefined {
  return isObject(object) && typeof object.livemode === 'boolean' ? object.livemode : undefined;
}

/** Waits between the background tries of a release the database refused. */
const RELEASE_RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * Tries `release` again until it succeeds, for as long as the reservation could not have been
 * taken over anyway (ABANDONED_RESERVATION_MS): a request failed by a database outage leaves its
 * key "in progress", which every retry would meet as 409 until then. Safe to run late: the
 * release names its reservation, which a takeover replaces. Timers never hold the process open.
 */
function releaseLater(release: () => Promise<void>): void {
  const startedAt = performance.now();
  const tryAfter = (attempt: number) => {
    const delay = RELEASE_RETRY_DELAYS_MS[Math.min(attempt, RELEASE_RETRY_DELAYS_MS.length - 1)]!;
    if (performance.now() - startedAt + delay > ABANDONED_RESERVATION_MS) return;
    setTimeout(() => void release().catch(() => tryAfter(attempt + 1)), delay).unref();
  };
  tryAfter(0);
}
