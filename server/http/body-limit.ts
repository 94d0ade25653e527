/**
 * Hono's bodyLimit, without turning every request into a full WHATWG Request first: it starts
 * with `c.req.raw.body`, which on @hono/node-server builds the Request and its body stream (see
 * body-text.ts). A GET or HEAD has no body; a body announced by Content-Length (and not chunked)
 * is judged by that header — what Hono's middleware does too, and Node's HTTP parser never
 * delivers more bytes than announced. Everything else goes through Hono's bodyLimit unchanged.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';
import { nodeIncoming } from './body-text.ts';

export interface BodyLimitOptions {
  /** Largest accepted body, in bytes. */
  maxSize: number;
  /** The answer to a larger body. */
  onError: (c: Context) => Response | Promise<Response>;
}

export function bodyLimit(options: BodyLimitOptions): MiddlewareHandler {
  const fallback = honoBodyLimit(options);
  return async (c, next) => {
    const incoming = nodeIncoming(c);
    if (incoming) {
      const method = incoming.method;
      if (method === 'GET' || method === 'HEAD') return next();
      const length = incoming.headers['content-length'];
      if (length !== undefined && incoming.headers['transfer-encoding'] === undefined) {
        return parseInt(length || '0', 10) > options.maxSize ? options.onError(c) : next();
      }
    }
    return fallback(c, next);
  };
}
