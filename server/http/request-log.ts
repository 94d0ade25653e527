/**
 * One log line per request: id, client address (through trusted proxies only, client-address.ts),
 * method, path (never the query string: feedback carries card data and signatures), status and
 * duration.
 */
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logger.ts';
import { clientAddress } from './client-address.ts';

export function requestLog(logger: Logger): MiddlewareHandler<{ Variables: { requestId: string } }> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const line = {
      requestId: c.get('requestId'),
      client: clientAddress(c),
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    };
    if (status >= 500) logger.error(line, 'request failed');
    else logger.info(line, 'request');
  };
}
