/**
 * Saved cards in the merchant API: `GET /api/customers/:id/aliases` (paginated), `DELETE /api/aliases/:id`
 * (deletes it at the platform too, then emits `alias.deleted`), `POST /api/aliases/:id/charges`
 * (merchant-initiated charge).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { chargeAlias, createChargeSchema } from '../../aliases/charge.ts';
import { forgetAlias } from '../../aliases/deletion.ts';
import { readJson, readQuery } from '../../http/problem.ts';
import { livemodeOf } from '../../payments/livemode.ts';
import { aliasView } from '../../payments/views.ts';
import { pageQuery } from './pagination.ts';
import { savedCardNotFound } from '../../aliases/card-not-found.ts';
import { noQueryParameters } from '../../http/no-query.ts';
import { resumesInterruptedRequest } from '../../http/idempotency.ts';

/** `limit` (1–100, default 20) and `cursor`, as every list; `nextCursor` is null on the last page. */
export const aliasListQuery = z.object(pageQuery);

export function customerRoutes(ctx: AppContext) {
  const app = new Hono();
  const live = livemodeOf(ctx.config);
  // Paginated (issue 17): each saved card adds an alias, so a loyal customer's list has no bound.
  app.get('/:id/aliases', async (c) => {
    const query = readQuery(c, aliasListQuery);
    const result = await ctx.repository.listAliasesPage(c.req.param('id'), {
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return c.json({ data: result.items.map((alias) => live(aliasView(alias), alias)), nextCursor: result.nextCursor });
  });
  return app;
}

export function aliasRoutes(ctx: AppContext) {
  const app = new Hono();
  const live = livemodeOf(ctx.config);
  app.get('/:id', noQueryParameters, async (c) => {
    const alias = await ctx.repository.getAlias(c.req.param('id'));
    if (!alias || alias.deletedAt) throw savedCardNotFound();
    // A card being forgotten is still shown to the merchant, saying so (docs/ogone-protocol.md §10).
    return c.json(
      live({ ...aliasView(alias), ...(alias.deletionStatus === 'pending' ? { deletionStatus: 'deletion_pending' as const } : {}) }, alias),
    );
  });

  // Deleted at the platform too (docs/ogone-protocol.md §10): 200 once confirmed, 202 while pending.
  app.delete('/:id', noQueryParameters, async (c) => {
    const result = await forgetAlias(ctx, c.req.param('id'), { resumed: resumesInterruptedRequest(c) });
    return c.json(live(result.body, result), result.status);
  });

  app.post('/:id/charges', noQueryParameters, async (c) => {
    const input = await readJson(c, createChargeSchema);
    const idempotencyKey = c.req.header('idempotency-key');
    const result = await chargeAlias(ctx, c.req.param('id'), input, idempotencyKey ? { idempotencyKey } : {});
    // livemode on every merchant API object (issue 13): the charge's payment too.
    return c.json(live(result.body, result), result.status);
  });
  return app;
}
