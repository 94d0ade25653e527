/** DirectLink pages under `/ncol/test/`, `_utf8` and plain names (POST, form-encoded). */
import { Hono } from 'hono';
import { charsetOfPage } from '../params.ts';
import type { SandboxRuntime } from '../runtime.ts';
import { maintenance } from './maintenance.ts';
import { newOrder } from './order.ts';
import { query } from './query.ts';

export function directLinkRoutes(runtime: SandboxRuntime): Hono {
  const app = new Hono();
  for (const page of ['orderdirect_utf8.asp', 'orderdirect.asp']) {
    app.post(`/ncol/test/${page}`, (c) => newOrder(c, runtime, charsetOfPage(page)));
  }
  for (const page of ['maintenancedirect_utf8.asp', 'maintenancedirect.asp']) {
    app.post(`/ncol/test/${page}`, (c) => maintenance(c, runtime, charsetOfPage(page)));
  }
  for (const page of ['querydirect_utf8.asp', 'querydirect.asp']) {
    app.post(`/ncol/test/${page}`, (c) => query(c, runtime, charsetOfPage(page)));
  }
  return app;
}
