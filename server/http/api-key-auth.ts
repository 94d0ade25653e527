/**
 * Bearer API keys for the merchant API. Keys are compared as SHA-256 digests with
 * `timingSafeEqual`, so neither the content nor the length of a key leaks through timing.
 * A refusal is thrown as a 401 Problem and answered by the app's onError; the WWW-Authenticate
 * header set before the throw stays on that answer (RFC 6750 §3).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { Problem } from './problem.ts';

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
      throw new Problem(401, 'unauthorized', 'an API key is required: Authorization: Bearer <key>');
    }
    const presented = digest(match[1]!);
    let valid = false;
    for (const candidate of digests) valid = timingSafeEqual(candidate, presented) || valid; // no early exit
    if (!valid) {
      c.header('WWW-Authenticate', 'Bearer realm="ogone-checkout", error="invalid_token"');
      throw new Problem(401, 'unauthorized', 'the API key is not valid');
    }
    c.set('apiKeyLabel', keyLabel(match[1]!));
    await next();
  };
}
