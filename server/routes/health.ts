/** `/healthz` (the process answers) and `/readyz` (the database answers too). */
import { Hono } from 'hono';
import type { AppContext } from '../app-context.ts';

const HEALTHY = JSON.stringify({ status: 'ok' });
// Built once: with its Content-Length, @hono/node-server writes this record as it is (it adds
// the length to a record that lacks one, which would then be this shared one).
const HEALTHY_INIT = {
  headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Content-Length': String(Buffer.byteLength(HEALTHY)) },
};

/** How long /readyz waits for the database before answering 503 (docs/deploy.md §6). */
export const READINESS_TIMEOUT_MS = 5_000;

export function healthRoutes(ctx: AppContext) {
  const app = new Hono();
  // The same answer every time, as a plain Response: c.header + c.json would build an undici
  // Headers for two headers on the most frequent request of all (issue 17's floor).
  app.get('/healthz', () => new Response(HEALTHY, HEALTHY_INIT));
  app.get('/readyz', async (c) => {
    c.header('Cache-Control', 'no-store');
    let timer: NodeJS.Timeout | undefined;
    try {
      // A database that stops answering without closing its connections (a partition, a frozen
      // host) left /readyz unanswered for good, and a load balancer waiting on it (review r1200).
      await Promise.race([
        ctx.repository.ping(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`)), READINESS_TIMEOUT_MS);
        }),
      ]);
      return c.json({ status: 'ready', database: ctx.repository.dialect });
    } catch (error) {
      ctx.logger.error({ err: { message: (error as Error).message } }, 'readiness check: database unavailable');
      return c.json({ status: 'unavailable', database: ctx.repository.dialect, error: 'the database does not answer' }, 503);
    } finally {
      clearTimeout(timer);
    }
  });
  return app;
}
