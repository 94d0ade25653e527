/**
 * A client that goes away before its request is complete (an aborted upload, a closed tab, a
 * slow sender cut by REQUEST_TIMEOUT_SECONDS) is the client's doing: it is logged as such, at
 * warn, and never taken for a database outage. Node reports it as an `aborted` error with code
 * ECONNRESET, the very code a lost database connection has, so it must be recognised first.
 */
import type { IncomingMessage } from 'node:http';

export class ClientClosedRequestError extends Error {
  constructor(cause?: unknown) {
    super('the client closed the connection before the request body was complete', cause === undefined ? undefined : { cause });
    this.name = 'ClientClosedRequestError';
  }
}

/** Whether this request failed because its client left (rather than because of us). */
export function clientClosedRequest(incoming: IncomingMessage | undefined, error: unknown): boolean {
  if (error instanceof ClientClosedRequestError) return true;
  if (!incoming) return false;
  // The body never arrived whole and the socket is gone: whatever failed, failed for that.
  return !incoming.complete && (incoming.destroyed || incoming.socket?.destroyed === true);
}
