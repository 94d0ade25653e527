/**
 * The request id: the client's `X-Request-Id` when it is short and plain (letters, digits, `_`,
 * `-`, `=`, at most 255 characters), else a random UUID — what Hono's `requestId` does — kept on
 * the context for the request log and sent back on the answer. On Node it is read from the
 * IncomingMessage and written with the answer's head (node-response.ts), so no undici `Headers` is
 * built for it on either side (issue 17).
 */
import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { nodeIncoming } from './body-text.ts';
import { nodeOutgoing } from './node-response.ts';

const HEADER = 'X-Request-Id';
const MAX_LENGTH = 255;
const UNSAFE = /[^\w\-=]/;

export type RequestIdVariables = { requestId: string };

function accepted(value: string | undefined): value is string {
  return value !== undefined && value !== '' && value.length <= MAX_LENGTH && !UNSAFE.test(value);
}

/**
 * Picks the request's id and keeps it on the context; returns it. On Node the caller puts it on
 * the answer (request-envelope.ts, with the security headers, node-response.ts); elsewhere it is
 * prepared with c.header here.
 */
export function assignRequestId(c: Context, incoming = nodeIncoming(c), outgoing = nodeOutgoing(c)): string {
  if (incoming && outgoing) {
    const sent = incoming.headers['x-request-id'];
    const id = typeof sent === 'string' && accepted(sent) ? sent : randomUUID();
    c.set('requestId', id);
    return id;
  }
  const sent = c.req.header(HEADER);
  const id = accepted(sent) ? sent : randomUUID();
  c.set('requestId', id);
  c.header(HEADER, id);
  return id;
}

/** The request id alone, as a middleware (the app runs it inside request-envelope.ts). */
export function requestId(): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  return (c, next) => {
    const outgoing = nodeOutgoing(c);
    const id = assignRequestId(c, nodeIncoming(c), outgoing);
    if (outgoing && nodeIncoming(c)) outgoing.setHeader(HEADER, id);
    return next();
  };
}
