/**
 * The merchant dashboard: `/dashboard` (the page), `/dashboard/dashboard.js` (its module) and
 * `/dashboard/dashboard.css`. The page holds no data and no secret: the merchant types an API
 * key, the module keeps it in sessionStorage and calls the merchant API (`/api/…`) with it, so
 * everything shown is behind the key. Strict CSP: our own script and style only.
 */
import { readFile } from 'node:fs/promises';
import { Hono, type Context } from 'hono';
import { Problem } from '../http/problem.ts';
import type { Logger } from '../logger.ts';
import { browserBundle, DASHBOARD_ENTRY } from './bundle.ts';
import { DASHBOARD_PATH, dashboardPage } from './page.ts';
import { packageFile } from '../package-root.ts';

export { DASHBOARD_PATH };

export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const STYLESHEET = packageFile('dashboard/dashboard.css', 'dashboard/dashboard.css');

export interface DashboardOptions {
  /** Merchant name in the title. */
  merchantName: string;
  logger?: Logger;
  /** The stylesheet's file; the package's own unless given (tests). */
  stylesheetFile?: string;
}

function noStore(c: Context) {
  c.header('Content-Security-Policy', DASHBOARD_CSP);
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
}

export function dashboardRoutes(options: DashboardOptions): Hono {
  const app = new Hono();
  const script = browserBundle(DASHBOARD_ENTRY);
  let css: Promise<string> | undefined;

  app.get(DASHBOARD_PATH, (c) => {
    noStore(c);
    return c.html(dashboardPage({ merchantName: options.merchantName }));
  });
  app.get(`${DASHBOARD_PATH}/`, (c) => c.redirect(DASHBOARD_PATH, 301));
  // A payment's page: the same shell, the module shows that payment (a link or a reload works).
  app.get(`${DASHBOARD_PATH}/transactions/:reference`, (c) => {
    noStore(c);
    return c.html(dashboardPage({ merchantName: options.merchantName }));
  });

  app.get(`${DASHBOARD_PATH}/dashboard.js`, async (c) => {
    try {
      const { code, etag } = await script();
      c.header('Cache-Control', 'no-cache');
      c.header('ETag', etag);
      if (c.req.header('if-none-match') === etag) return c.body(null, 304);
      return c.body(code, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
    } catch (error) {
      options.logger?.error({ err: { message: (error as Error).message } }, 'cannot bundle the dashboard module');
      throw new Problem(500, 'dashboard_unavailable', 'the dashboard module could not be built');
    }
  });

  app.get(`${DASHBOARD_PATH}/dashboard.css`, async (c) => {
    // Kept once read; a failed read is tried again on the next request, as the module's load is
    // (bundle.ts): kept, one EMFILE or EIO answered 500 for the stylesheet until a restart.
    css ??= readFile(options.stylesheetFile ?? STYLESHEET, 'utf8').catch((error: unknown) => {
      css = undefined;
      throw error;
    });
    c.header('Cache-Control', 'no-cache');
    return c.body(await css, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });

  return app;
}
