/**
 * Saved cards in the merchant API: `GET /api/customers/:id/aliases`, `DELETE /api/aliases/:id`
 * (emits `alias.deleted`), `POST /api/aliases/:id/charges` (merchant-initiated charge).
 */
import { Hono } from 'hono';
import type { AppContext } from '../../app-context.ts';
import { chargeAlias, createChargeSchema } from '../../aliases/charge.ts';
import { Problem, readJson } from '../../http/problem.ts';
import { aliasView } from '../../payments/views.ts';

export function customerRoutes(ctx: AppContext) {
  const app = new Hono();
  app.get('/:id/aliases', async (c) => {
    const aliases = await ctx.repository.listAliases(c.req.param('id'));
    return c.json({ data: aliases.map(aliasView) });
  });
  return app;
}

export function aliasRoutes(ctx: AppContext) {
  const app = new Hono();
  app.get('/:id', async (c) => {
    const alias = await ctx.repository.getAlias(c.req.param('id'));
    if (!alias || alias.deletedAt) throw new Problem(404, 'not_found', 'no saved card with this id', 'id');
    return c.json(aliasView(alias));
  });

  app.delete('/:id', async (c) => {
    const alias = await ctx.repository.getAlias(c.req.param('id'));
    const at = ctx.clock.now().toISOString();
    if (!alias || !(await ctx.repository.deleteAlias(alias.id, at))) throw new Problem(404, 'not_found', 'no saved card with this id', 'id');
    await ctx.repository.insertEvents([{ type: 'alias.deleted', reference: alias.reference, data: { ...aliasView(alias), deletedAt: at } }]);
    ctx.webhooks.nudge();
    ctx.logger.info({ aliasId: alias.id, customerId: alias.customerId }, 'saved card deleted');
    return c.json({ ...aliasView(alias), deleted: true, deletedAt: at });
  });

  app.post('/:id/charges', async (c) => {
    const input = await readJson(c, createChargeSchema);
    const result = await chargeAlias(ctx, c.req.param('id'), input);
    return c.json(result.body, result.status);
  });
  return app;
}
