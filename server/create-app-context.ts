/**
 * Builds the AppContext (app-context.ts) with every default filled in. Apart from the types so
 * that the modules the factory wires (saved-card payments) can import the context's type without
 * an import cycle.
 */
import { aliasPaymentHandler } from './aliases/pay.ts';
import type { AppContext, AppContextDeps } from './app-context.ts';
import { systemClock } from './clock.ts';

/** The context, with every default filled in. Called once per server (start-server.ts). */
export function createAppContext(deps: AppContextDeps): AppContext {
  const ctx: AppContext = {
    config: deps.config,
    repository: deps.repository,
    logger: deps.logger,
    clock: deps.clock ?? systemClock,
    webhooks: deps.webhooks ?? { nudge() {} },
    platformBaseUrl: deps.platformBaseUrl,
    aliasPayments: deps.aliasPayments,
    directLink: deps.directLink,
    unknownOutcomeGraceMs: deps.unknownOutcomeGraceMs ?? 10 * 60_000,
    ...(deps.aliasDeletion ? { aliasDeletion: deps.aliasDeletion } : {}),
    ...(deps.reconciliation ? { reconciliation: deps.reconciliation } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  };
  // Saved cards are paid through DirectLink when a client is configured.
  if (!ctx.aliasPayments && ctx.directLink) ctx.aliasPayments = aliasPaymentHandler(ctx);
  return ctx;
}
