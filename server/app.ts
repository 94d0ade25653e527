/**
 * The signer server as a Hono app, built from its dependencies (no globals), so tests call
 * `app.request()` and real listeners alike. main.ts builds the dependencies from the
 * environment and listens.
 */
import path from 'node:path';
import { Hono } from 'hono';
import { PACKAGE_ROOT } from './package-root.ts';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { rateLimiter } from 'hono-rate-limiter';
import type { AliasPaymentHandler, AppContext, ResolvedConfig } from './app-context.ts';
import { systemClock, type Clock } from './clock.ts';
import { apiKeyAuth } from './http/api-key-auth.ts';
import { bodyLimit } from './http/body-limit.ts';
import { clientAddress, resolveClientAddress } from './http/client-address.ts';
import { cors } from './http/cors.ts';
import { idempotency } from './http/idempotency.ts';
import { problemBody } from './http/problem.ts';
import { onError } from './http/on-error.ts';
import { requestLog } from './http/request-log.ts';
import type { Logger } from './logger.ts';
import { NO_ADDRESSES } from './config/env.ts';
import type { Repository } from './repository/types.ts';
import { feedbackRoutes } from './routes/feedback.ts';
import { healthRoutes } from './routes/health.ts';
import { buttonRoutes } from './routes/merchant/buttons.ts';
import { eventRoutes } from './routes/merchant/events.ts';
import { sessionRoutes } from './routes/merchant/sessions.ts';
import { transactionRoutes } from './routes/merchant/transactions.ts';
import { publicCheckoutRoutes } from './routes/public/checkout.ts';
import { statusPageRoutes, STATUS_PAGE_PATH } from './routes/status-page.ts';
import { widgetBundleRoutes } from './routes/widget-bundle.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { FEEDBACK_PATH } from './payments/hosted-page.ts';
import { aliasPaymentHandler, CHALLENGE_PATH } from './aliases/pay.ts';
import type { DirectLinkClient } from './directlink/client.ts';
import { challengeRoutes } from './routes/challenge.ts';
import type { AliasDeletionSettings } from './aliases/deletion.ts';
import { aliasRoutes, customerRoutes } from './routes/merchant/aliases.ts';
import { transactionActionRoutes } from './routes/merchant/transaction-actions.ts';

export const DEFAULT_DIST_DIR = path.join(PACKAGE_ROOT, 'dist');

export interface AppDeps {
  config: ResolvedConfig;
  repository: Repository;
  logger: Logger;
  clock?: Clock;
  /** The webhook dispatcher (or anything with `nudge`); absent when no WEBHOOK_URL is set. */
  webhooks?: { nudge(): void };
  /** Base URL of the platform when it differs from the configuration (the mounted sandbox). */
  platformBaseUrl?: string;
  /** Where `ogone-checkout.js` is (default: the package's dist/). */
  widgetDistDir?: string;
  /** Public endpoints: requests per window per client address (default RATE_LIMIT_PER_MINUTE a minute). */
  rateLimit?: { windowMs: number; limit: number };
  /** `/payment/ogone/return`: requests per window per client address (default FEEDBACK_RATE_LIMIT_PER_MINUTE a minute). */
  feedbackRateLimit?: { windowMs: number; limit: number };
  /** Largest accepted request body (default 64 KiB). */
  bodyLimitBytes?: number;
  /** Saved-card payments (issue 6); by default DirectLink with `directLink`. */
  aliasPayments?: AliasPaymentHandler;
  /** DirectLink client: saved cards, capture / refund / cancel, sync. */
  directLink?: DirectLinkClient;
  /** See AppContext.unknownOutcomeGraceMs (default 10 minutes). */
  unknownOutcomeGraceMs?: number;
  /** Retry policy of alias deletions at the platform (default DEFAULT_ALIAS_DELETION). */
  aliasDeletion?: AliasDeletionSettings;
}

/** Origins allowed for the widget's calls: the configured list, else only our own. */
export function corsOrigins(config: ResolvedConfig): string[] {
  return config.allowedOrigins.length > 0 ? config.allowedOrigins : [new URL(config.publicUrl).origin];
}

/** The resolved dependencies every route factory receives (also used by the reconciler). */
export function createAppContext(deps: AppDeps): AppContext {
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
  };
  // Saved cards are paid through DirectLink when a client is configured.
  if (!ctx.aliasPayments && ctx.directLink) ctx.aliasPayments = aliasPaymentHandler(ctx);
  return ctx;
}

export function createApp(deps: AppDeps): Hono {
  const ctx = createAppContext(deps);
  const maxBody = deps.bodyLimitBytes ?? 64 * 1024;
  const limitBody = bodyLimit({
    maxSize: maxBody,
    onError: (c) => c.json(problemBody({ code: 'payload_too_large', message: `the request body is larger than ${maxBody} bytes` }), 413),
  });
  const origins = corsOrigins(deps.config);

  const app = new Hono();
  app.use(requestId({ headerName: 'X-Request-Id' }));
  app.use(resolveClientAddress(deps.config.http?.trustProxy));
  app.use(requestLog(deps.logger));
  app.use(
    secureHeaders({
      // Routes that set their own (the widget bundle) keep them.
      overwrite: false,
      contentSecurityPolicy: { defaultSrc: ["'none'"], baseUri: ["'none'"], frameAncestors: ["'none'"], formAction: ["'self'"] },
    }),
  );

  app.onError(onError(deps.logger));
  app.notFound((c) => c.json(problemBody({ code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` }), 404));

  app.route('/', healthRoutes(ctx));
  app.route('/', widgetBundleRoutes({ distDir: deps.widgetDistDir ?? DEFAULT_DIST_DIR }));
  // The merchant dashboard: a static page + module; its data comes from /api/ with the typed key.
  app.route('/', dashboardRoutes({ merchantName: deps.config.merchantName, logger: deps.logger }));

  // Merchant API: bearer key, JSON, Idempotency-Key on POSTs.
  const api = new Hono<{ Variables: { apiKeyLabel: string } }>();
  api.use(limitBody);
  api.use(apiKeyAuth({ keys: deps.config.merchantApiKeys }));
  api.use(idempotency({ repository: deps.repository }));
  api.use(async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  api.route('/checkout-sessions', sessionRoutes(ctx));
  api.route('/buttons', buttonRoutes(ctx));
  api.route('/transactions', transactionRoutes(ctx));
  api.route('/transactions', transactionActionRoutes(ctx));
  api.route('/aliases', aliasRoutes(ctx));
  api.route('/customers', customerRoutes(ctx));
  api.route('/events', eventRoutes(ctx));
  app.route('/api', api);

  // Public endpoints for the widget: CORS to the allowed origins only, rate-limited.
  const checkout = new Hono();
  checkout.use(
    cors({
      origin: (origin) => (origins.includes('*') ? '*' : origins.includes(origin) ? origin : null),
      allowMethods: ['GET', 'POST'],
      allowHeaders: ['Content-Type'],
      maxAge: 600,
    }),
  );
  checkout.use(
    rateLimiter({
      windowMs: deps.rateLimit?.windowMs ?? 60_000,
      limit: deps.rateLimit?.limit ?? deps.config.rateLimitPerMinute,
      standardHeaders: 'draft-6',
      keyGenerator: (c) => clientAddress(c),
      skip: (c) => c.req.method === 'OPTIONS',
      handler: (c) => c.json(problemBody({ code: 'rate_limited', message: 'too many requests; try again in a minute' }), 429),
    }),
  );
  checkout.use(limitBody);
  checkout.route('/', publicCheckoutRoutes(ctx));
  app.route('/checkout', checkout);

  // Feedback: a generous per-address limit Ogone's own requests never reach (a replayed URL
  // does); its servers can be exempted by address (FEEDBACK_RATE_LIMIT_EXEMPT).
  const feedback = new Hono();
  const exempt = deps.config.feedbackRateLimitExempt ?? NO_ADDRESSES;
  feedback.use(
    rateLimiter({
      windowMs: deps.feedbackRateLimit?.windowMs ?? 60_000,
      limit: deps.feedbackRateLimit?.limit ?? deps.config.feedbackRateLimitPerMinute ?? 600,
      standardHeaders: 'draft-6',
      keyGenerator: (c) => clientAddress(c),
      skip: (c) => exempt.includes(clientAddress(c)),
      handler: (c) => c.text('Too many requests; try again in a minute.', 429, { 'Retry-After': '60' }),
    }),
  );
  feedback.use(limitBody);
  feedback.route('/', feedbackRoutes(ctx));
  app.route(FEEDBACK_PATH, feedback);
  app.route(STATUS_PAGE_PATH, statusPageRoutes(ctx));
  app.route(CHALLENGE_PATH, challengeRoutes(ctx));

  return app;
}
