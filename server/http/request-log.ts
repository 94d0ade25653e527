/**
 * One log line per request: id, client address (through trusted proxies only, client-address.ts),
 * method, path (never the query string: feedback carries card data and signatures), status and
 * duration — one object, built only when its level is written. A route whose path is a bearer
 * (the 3-D Secure challenge's token) sets `loggedPath` to what the line says instead.
 */
import type { Context } from 'hono';
import type { Logger } from '../logger.ts';
import { clientAddress } from './client-address.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** What the request's log line says for its path, where the path itself is a bearer. */
    loggedPath: string;
  }
}

/** Writes the request's line; `ms` is how long it took. request-envelope.ts calls it. */
export function logRequest(logger: Logger, c: Context, ms: number): void {
  const status = c.res.status;
  const level = status >= 500 ? 'error' : 'info';
  if (!logger.isLevelEnabled(level)) return;
  const line = {
    requestId: c.get('requestId') as string | undefined,
    client: clientAddress(c),
    method: c.req.method,
    path: (c.get('loggedPath') as string | undefined) ?? c.req.path,
    status,
    ms: Math.round(ms * 10) / 10,
  };
  if (level === 'error') logger.error(line, 'request failed');
  else logger.info(line, 'request');
}
