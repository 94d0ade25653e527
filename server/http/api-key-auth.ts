/**
 * Bearer API keys for the merchant API. Keys are compared as SHA-256 digests with
 * `timingSafeEqual`, so neither the content nor the length of a key leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { problemBody } from './problem.ts';

export interface ApiKeyAuthOptions {
  keys: readonly string[];
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** A short, non-reversible label of a key, for idempotency scopes (never the key itself). */
export function keyLabel(key: string): string {
  return digest(key).toString('hex').slice(0, 16);
}

export function apiKeyAuth(options: ApiKeyAuthOptions): MiddlewareHandler<{ Variables: { apiKeyLabel: string } }> {
  const digests = options.keys.map(digest);
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      c.header('WWW-Authenticate', 'Bearer realm="ogone-checkout"');
      return c.json(problemBody({ code: 'unauthorized', message: 'an API key is required: Authorization: Bearer <key>' }), 401);
    }
    const presented = digest(match[1]!);
    let valid = false;
    for (const candidate of digests) valid = timingSafeEqual(candidate, presented) || valid; // no early exit
    if (!valid) {
      c.header('WWW-Authenticate', 'Bearer realm="ogone-checkout", error="invalid_token"');
      return c.json(problemBody({ code: 'unauthorized', message: 'the API key is not valid' }), 401);
    }
    c.set('apiKeyLabel', keyLabel(match[1]!));
    await next();
  };
}
