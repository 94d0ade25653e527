/**
 * A PostgreSQL query that gives no answer within DATABASE_QUERY_TIMEOUT_SECONDS closes its
 * connection. A database host that goes silent without closing anything (a network partition, a
 * frozen VM, a disk that hangs) otherwise holds every request on it for good: the pool's connect
 * timeout covers only requests waiting for a connection (docs/deploy.md §9).
 *
 * Why the connection is closed rather than the query abandoned: pg's own `query_timeout` rejects
 * the promise but leaves the statement on the connection, which the pool then hands to the next
 * request, stuck behind it. Closing it fails the query with pg's "Connection terminated", which
 * http/on-error.ts answers 503 with Retry-After, and the pool discards the client. PostgreSQL
 * rolls back a transaction whose connection closed; a COMMIT already sent may still land, which
 * is the outcome of any connection lost mid-commit, and why a retry goes through its
 * Idempotency-Key (README, "Operations: what is guaranteed").
 *
 * Armed by start-server.ts once the migrations are done: a migration may legitimately run longer.
 */
import type PgModule from 'pg';

const ARMED = Symbol('ogone-checkout.query-deadline');

/** What the deadline needs of a pg client: its query method and the socket under it (pg's own). */
interface DeadlinedClient {
  query: (...args: unknown[]) => unknown;
  connection?: { stream?: { destroy(error?: Error): void } };
  [ARMED]?: true;
}

export interface QueryDeadlineOptions {
  /** Milliseconds a query may wait for its answer. */
  timeoutMs: number;
  /** Told once a connection is closed for it (the log's warning). */
  onTimeout?: (timeoutMs: number) => void;
}

/** Every query of every client `pool` hands out from now on is held to `timeoutMs`. */
export function armQueryDeadline(pool: PgModule.Pool, options: QueryDeadlineOptions): void {
  // 'acquire' fires on every check-out, so clients connected before arming are held to it too.
  pool.on('acquire', (client) => deadline(client as unknown as DeadlinedClient, options));
}

function deadline(client: DeadlinedClient, { timeoutMs, onTimeout }: QueryDeadlineOptions): void {
  if (client[ARMED]) return;
  client[ARMED] = true;
  const query = client.query;
  client.query = function queryWithDeadline(this: unknown, ...args: unknown[]) {
    const result = query.apply(this, args);
    // Promise form only (Kysely's and the repository's); a callback or a submittable is left as pg runs it.
    if (result === null || typeof result !== 'object' || typeof (result as Promise<unknown>).then !== 'function') return result;
    const timer = setTimeout(() => {
      onTimeout?.(timeoutMs);
      client.connection?.stream?.destroy();
    }, timeoutMs);
    // The query's socket keeps the process alive while it waits; the timer need not.
    timer.unref();
    const clear = () => clearTimeout(timer);
    (result as Promise<unknown>).then(clear, clear);
    return result;
  };
}
