/** Facts about the incoming request: its origin (for absolute URLs) and the client's IP. */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/**
 * The origin the client used, so the pages' absolute URLs work both standalone and mounted in
 * another server.
 */
export function originOf(c: Context): string {
  return new URL(c.req.url).origin;
}

/** The client's IP as the platform records it (IP feedback parameter); 127.0.0.1 without a socket. */
export function clientIp(c: Context): string {
  try {
    const address = getConnInfo(c).remote.address;
    if (address) return address.replace(/^::ffff:/, '');
  } catch {
    // app.request() in tests has no socket
  }
  return '127.0.0.1';
}
