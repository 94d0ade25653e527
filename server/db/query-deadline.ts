/**
 * A PostgreSQL statement that runs or waits longer than DATABASE_QUERY_TIMEOUT_SECONDS fails its
 * request (503) instead of holding it for good: a row lock held by a stuck transaction, or a
 * database host gone silent without closing anything (a network partition, a frozen VM, a disk
 * that hangs). The pool's connect timeout covers only requests waiting for a connection
 * (docs/deploy.md §9).
 *
 * Three layers, two of them PostgreSQL's own:
 * - `statement_timeout` on every connection: PostgreSQL itself cancels the statement (SQLSTATE
 *   57014) and rolls back what it would have written — the outcome is known: nothing happened.
 *   Closing the socket alone does not stop a statement waiting on a lock, which then committed
 *   after its request had answered 503 (review r1263: a saved-card claim landed on a session whose
 *   payment was never sent).
 * - a timer per query, SILENT_MARGIN_MS later, for a server that cannot cancel anything because it
 *   does not answer at all: it closes the connection, so the query fails with pg's "Connection
 *   terminated" (503 too) and the pool discards the client. pg's own `query_timeout` would leave
 *   the statement on the connection for the next request. A statement already sent to a server
 *   that is only unreachable may still run there: the outcome of any connection lost mid-request,
 *   which is why a retry goes through its Idempotency-Key (README, "Operations: what is guaranteed").
 *
 * - `idle_in_transaction_session_timeout`, the same time: a transaction idle between two of its
 *   statements that long (its process frozen, its host gone) is ended by PostgreSQL, its locks
 *   released and nothing of it committed — its holder's request fails, and the payment's other
 *   writers (Ogone's feedback, the reconciler) are no longer held by it.
 *
 * Armed by start-server.ts once the migrations are done: a migration may legitimately run longer.
 */
import type PgModule from 'pg';

const ARMED = Symbol('ogone-checkout.query-deadline');

/** How much longer than the server's own timeout the client waits before it closes the connection. */
export const SILENT_MARGIN_MS = 5_000;

type QueryArguments = unknown[];

/** What the deadline needs of a pg client: its query method and the socket under it (pg's own). */
interface DeadlinedClient {
  query: (...args: QueryArguments) => unknown;
  connection?: { stream?: { destroy(error?: Error): void } };
  [ARMED]?: true;
}

export interface QueryDeadlineOptions {
  /** Milliseconds a statement may run or wait (PostgreSQL's statement_timeout). */
  timeoutMs: number;
  /** Told once a connection is closed because its server gave no answer (the log's warning). */
  onTimeout?: (timeoutMs: number) => void;
}

/** Every statement of every client `pool` hands out from now on is held to `timeoutMs`. */
export function armQueryDeadline(pool: PgModule.Pool, options: QueryDeadlineOptions): void {
  // 'acquire' fires on every check-out, before the client reaches its user: clients connected
  // before arming are held to it too, and the user's first query waits for the SET below.
  pool.on('acquire', (client) => deadline(client as unknown as DeadlinedClient, options));
}

function deadline(client: DeadlinedClient, { timeoutMs, onTimeout }: QueryDeadlineOptions): void {
  if (client[ARMED]) return;
  client[ARMED] = true;
  const query = client.query;
  // The user's queries are sent once the SET is answered, not queued behind it on the client: pg
  // warns of a query made while the client is executing one ("Calling client.query() when the
  // client is already executing a query"), which pg@9 refuses. A failure of the SET is the
  // connection's, which the next query reports.
  let settingUp: Promise<void> | undefined;
  const answered = () => {
    settingUp = undefined;
  };
  // idle_in_transaction_session_timeout too: a holder that stops between two statements of its
  // transaction (its host lost, its VM paused, the process frozen) kept its rows locked for as long
  // as its connection looked alive — hours — and every other instance's write of that payment,
  // Ogone's feedback included, failed meanwhile (review r1332). PostgreSQL now ends such a session
  // and rolls back what it had not committed, so the writes waiting on it go on.
  const ms = Math.trunc(timeoutMs);
  settingUp = (
    query.call(client, `SET statement_timeout = ${ms}; SET idle_in_transaction_session_timeout = ${ms}`) as Promise<unknown>
  ).then(answered, answered);
  const closeAfter = timeoutMs + SILENT_MARGIN_MS;
  client.query = function queryWithDeadline(this: unknown, ...args: QueryArguments) {
    // Armed from the call, the wait for the SET included: a server gone silent never answers it.
    const timer = setTimeout(() => {
      onTimeout?.(closeAfter);
      client.connection?.stream?.destroy();
    }, closeAfter);
    // The query's socket keeps the process alive while it waits; the timer need not.
    timer.unref();
    const clear = () => clearTimeout(timer);
    // The callback form (pg-pool's pool.query, the prepared statements of db/compiled-query.ts)
    // and the promise form (Kysely's) alike; a submittable (a cursor) is left as pg runs it.
    const last = args.length - 1;
    const callback = typeof args[last] === 'function' ? (args[last] as (...results: unknown[]) => unknown) : undefined;
    if (callback)
      args[last] = (...results: unknown[]) => {
        clear();
        return callback(...results);
      };
    const send = () => {
      const result = query.apply(this, args);
      if (callback) return result;
      if (result !== null && typeof result === 'object' && typeof (result as Promise<unknown>).then === 'function')
        (result as Promise<unknown>).then(clear, clear);
      else clear();
      return result;
    };
    if (settingUp === undefined) return send();
    const sent = settingUp.then(send);
    // What pg would have answered: the promise form its promise, the callback form nothing (a
    // query pg refuses at once reaches the callback), a submittable itself.
    if (callback) {
      sent.catch((error: unknown) => (args[last] as (error: unknown) => unknown)(error));
      return undefined;
    }
    const submittable = args[0] !== null && typeof args[0] === 'object' && typeof (args[0] as { submit?: unknown }).submit === 'function';
    if (submittable) {
      sent.catch(clear);
      return args[0];
    }
    return sent;
  };
}
