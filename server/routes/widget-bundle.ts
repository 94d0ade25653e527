/**
 * The widget bundle built by `vite build` (dist/ogone-checkout.js):
 * - `/ogone-checkout.js`: short cache (5 minutes) with an ETag, for pages that always want the latest;
 * - `/ogone-checkout.<hash>.js`: content-addressed, cached for a year, `immutable`;
 * - `/ogone-checkout.manifest.json`: the versioned file name and its SRI integrity.
 * gzip and brotli are compressed once per build (not per request); a missing build is a 503.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { parseAccept } from 'hono/utils/accept';
import { Hono, type Context } from 'hono';
import { problemBody } from '../http/problem.ts';

export const WIDGET_FILE = 'ogone-checkout.js';

interface Bundle {
  mtimeMs: number;
  size: number;
  hash: string;
  etag: string;
  integrity: string;
  identity: Buffer;
  gzip: Buffer;
  brotli: Buffer;
}

export interface WidgetBundleOptions {
  /** Folder holding ogone-checkout.js (default: `dist` of the package). */
  distDir: string;
}

export function widgetBundleRoutes(options: WidgetBundleOptions) {
  const file = path.join(options.distDir, WIDGET_FILE);
  let cached: Bundle | undefined;

  /** Loads the build, reloading when the file changes (a rebuild while the server runs). */
  async function load(): Promise<Bundle | undefined> {
    let info;
    try {
      info = await stat(file);
    } catch {
      return undefined;
    }
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
    const identity = await readFile(file);
    const hash = createHash('sha256').update(identity).digest('hex').slice(0, 16);
    cached = {
      mtimeMs: info.mtimeMs,
      size: info.size,
      hash,
      etag: `"${hash}"`,
      integrity: `sha384-${createHash('sha384').update(identity).digest('base64')}`,
      identity,
      gzip: gzipSync(identity, { level: 9 }),
      brotli: brotliCompressSync(identity, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
    };
    return cached;
  }

  function missing(c: Context) {
    return c.json(
      problemBody({
        code: 'widget_not_built',
        message: `the widget is not built: ${WIDGET_FILE} is missing from ${options.distDir} (run npm run build)`,
      }),
      503,
    );
  }

  function send(c: Context, bundle: Bundle, cacheControl: string) {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', cacheControl);
    c.header('ETag', bundle.etag);
    c.header('Vary', 'Accept-Encoding');
    // Loaded by shops on other origins, as a classic or a module script.
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    const match = c.req.header('if-none-match');
    if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bundle.etag)) return c.body(null, 304);
    const encoding = chosenEncoding(c.req.header('accept-encoding'));
    let body: Buffer = bundle.identity;
    if (encoding === 'br') {
      c.header('Content-Encoding', 'br');
      body = bundle.brotli;
    } else if (encoding === 'gzip') {
      c.header('Content-Encoding', 'gzip');
      body = bundle.gzip;
    }
    c.header('Content-Length', String(body.length));
    if (c.req.method === 'HEAD') return c.body(null, 200);
    return c.body(new Uint8Array(body), 200);
  }

  const app = new Hono();

  app.get('/ogone-checkout.manifest.json', async (c) => {
    const bundle = await load();
    if (!bundle) return missing(c);
    c.header('Cache-Control', 'no-cache');
    // Read by shops' pages and build tools on other origins, as the bundle is.
    c.header('Access-Control-Allow-Origin', '*');
    return c.json({
      file: `/ogone-checkout.${bundle.hash}.js`,
      integrity: bundle.integrity,
      size: bundle.size,
      gzipSize: bundle.gzip.length,
      brotliSize: bundle.brotli.length,
    });
  });

  app.get('/:file{ogone-checkout(\\.[0-9a-f]{16})?\\.js}', async (c) => {
    const bundle = await load();
    if (!bundle) return missing(c);
    const requested = /^ogone-checkout\.([0-9a-f]{16})\.js$/.exec(c.req.param('file'))?.[1];
    if (requested === undefined) return send(c, bundle, 'public, max-age=300');
    if (requested !== bundle.hash) {
      // An old version: send the current one under its own immutable URL.
      return c.redirect(`/ogone-checkout.${bundle.hash}.js`, 302);
    }
    return send(c, bundle, 'public, max-age=31536000, immutable');
  });

  return app;
}

/**
 * The encoding sent for an Accept-Encoding header (Hono's parser, q-values included): brotli,
 * the smaller, unless gzip is preferred; never one the client refuses (`br;q=0`: review r1100).
 */
export function chosenEncoding(header: string | undefined): 'br' | 'gzip' | 'identity' {
  const q = (name: string) =>
    Math.max(
      0,
      ...parseAccept(header ?? '')
        .filter((accept) => accept.type.toLowerCase() === name)
        .map((accept) => accept.q),
    );
  const br = q('br');
  const gzip = q('gzip');
  if (br > 0 && br >= gzip) return 'br';
  return gzip > 0 ? 'gzip' : 'identity';
}
