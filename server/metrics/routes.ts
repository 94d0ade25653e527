/**
 * GET /metrics on the main port, behind a merchant API key: the main port usually faces the
 * internet, and the numbers tell an outsider how much a shop sells. The METRICS_PORT listener
 * (listener.ts) serves the same page without a key, on loopback by default.
 */
import { Hono } from 'hono';
import { apiKeyAuth } from '../http/api-key-auth.ts';
import type { Metrics } from './metrics.ts';

export const METRICS_PATH = '/metrics';

/** The exposition itself, never cached (a proxy must not answer a scrape with old numbers). */
export async function metricsResponse(metrics: Pick<Metrics, 'render'>): Promise<Response> {
  const { body, contentType } = await metrics.render();
  return new Response(body, { status: 200, headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}

export function metricsRoutes(metrics: Pick<Metrics, 'render'>, merchantApiKeys: readonly string[]): Hono {
  const routes = new Hono();
  routes.get(METRICS_PATH, apiKeyAuth({ keys: merchantApiKeys }), () => metricsResponse(metrics));
  return routes;
}
