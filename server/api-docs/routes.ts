/**
 * `GET /api/openapi.json`, served without an API key: the document describes the shape of the
 * API — paths, fields, the bearer scheme — and nothing of a merchant (no keys, no data, no
 * configuration), the same as the README; code generators and API consoles fetch it before they
 * hold a key. Built once, on the first request; its builder (every schema's description) is
 * imported then too, not on the server's cold start (issue 17).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { PACKAGE_ROOT } from '../package-root.ts';
import type { OpenApiDocument } from './openapi.ts';

export const OPENAPI_PATH = '/api/openapi.json';

/** The server package's version, the document's `info.version`. */
export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export function openApiRoutes(): Hono {
  const app = new Hono();
  let document: Promise<OpenApiDocument> | undefined;
  app.get(OPENAPI_PATH, async (c) => {
    document ??= import('./openapi.ts')
      .then(({ openApiDocument }) => openApiDocument(packageVersion()))
      .catch((error: unknown) => {
        document = undefined; // the next request tries again
        throw error;
      });
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(await document);
  });
  return app;
}
