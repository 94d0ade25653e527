/**
 * Telling "the database is unavailable" (connection refused or lost, server shutting down, too
 * many connections, SQLite busy past its timeout) from other failures: those requests answer
 * 503 with Retry-After — Ogone retries its feedback later, the widget and the merchant may too —
 * rather than a 500 that looks like a bug. Nothing is half-written either way: every change is
 * one database transaction.
 */

/** Socket-level codes of a database that cannot be reached. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

/**
 * SQLSTATEs meaning "try again later" (PostgreSQL appendix A): connection exceptions, shutdowns,
 * limits, and 57014, a statement cancelled past DATABASE_QUERY_TIMEOUT_SECONDS (db/query-deadline.ts)
 * — rolled back, so nothing of the request was written.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '3D000', '57014']);

/** Messages pg uses without a code when the connection drops or the pool cannot connect in time. */
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /client has encountered a connection error/i,
  /timeout exceeded when trying to connect/i,
  /cannot use a pool after calling end/i,
];

const SQLITE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_CANTOPEN', 'SQLITE_IOERR']);

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 4 || error === null || typeof error !== 'object') return false;
  // A client that left mid-request carries Node's ECONNRESET too; it is not the database's (http/client-closed.ts).
  if ((error as { name?: unknown }).name === 'ClientClosedRequestError') return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08')) return true;
    if (SQLITE_CODES.has(code) || code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_IOERR')) return true;
  }
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true; // AggregateError
  return isDatabaseUnavailable(cause, depth + 1);
}

/** SQLite's extended codes (better-sqlite3) of a row refused for a key already taken. */
const SQLITE_KEY_CODES = new Set(['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE']);

/**
 * Whether an INSERT failed because its primary or unique key is taken: PostgreSQL's unique_violation
 * (SQLSTATE 23505, appendix A), SQLite's constraint codes. Told from the error itself, not by
 * reading the row back: on SQLite the row that took the key may sit in a group-commit batch not
 * committed yet (db/group-commit.ts), which the read-only connection does not see (review r1630).
 */
export function isUniqueViolation(error: unknown, depth = 0): boolean {
  if (depth > 4 || error === null || typeof error !== 'object') return false;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (code === '23505' || (typeof code === 'string' && SQLITE_KEY_CODES.has(code))) return true;
  return isUniqueViolation(cause, depth + 1);
}
