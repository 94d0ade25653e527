/** `/healthz` (the process answers) and `/readyz` (the database answers too). */
import { Hono } from 'hono';
import type { AppContext } from '../app-context.ts';

export function healthRoutes(ctx: AppContext) {
  const app = new Hono();
  app.get('/healthz', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ok' });
  });
  app.get('/readyz', async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      await ctx.repository.ping();
      return c.json({ status: 'ready', database: ctx.repository.dialect });
    } catch (error) {
      ctx.logger.error({ err: { message: (error as Error).message } }, 'readiness check: database unavailable');
      return c.json({ status: 'unavailable', database: ctx.repository.dialect, error: 'the database does not answer' }, 503);
    }
  });
  return app;
}
