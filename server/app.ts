/**
 * The signer server as a Hono app, built from its context (no globals), so tests call
 * `app.request()` and real listeners alike. start-server.ts builds the context from the
 * environment, once, and listens.
 */
import { Hono } from 'hono';
import { WIDGET_BUNDLE_DIR } from './package-root.ts';
import { rateLimiter } from 'hono-rate-limiter';
import type { AppContext, ResolvedConfig } from './app-context.ts';
import { apiKeyAuth } from './http/api-key-auth.ts';
import { bodyLimit } from './http/body-limit.ts';
import { clientAddress, rateLimitKey } from './http/client-address.ts';
import { cors } from './http/cors.ts';
import { idempotency, type HeldIdempotencyKeys } from './http/idempotency.ts';
import { Problem } from './http/problem.ts';
import { perAddressLimit, rememberedAddressTest } from './http/rate-limit.ts';
import { nulGuard } from './http/nul-guard.ts';
import { onError } from './http/on-error.ts';
import { requestEnvelope } from './http/request-envelope.ts';
import { FixedPathCachingRouter } from './http/router.ts';
import { metricsRoutes } from './metrics/routes.ts';
import { NO_ADDRESSES } from './config/env.ts';
import { feedbackRoutes } from './routes/feedback.ts';
import { healthRoutes } from './routes/health.ts';
import { buttonRoutes } from './routes/merchant/buttons.ts';
import { eventRoutes } from './routes/merchant/events.ts';
import { dashboardSummaryRoutes } from './routes/merchant/dashboard-summary.ts';
import { sessionRoutes } from './routes/merchant/sessions.ts';
import { transactionRoutes } from './routes/merchant/transactions.ts';
import { publicCheckoutRoutes } from './routes/public/checkout.ts';
import { statusPageRoutes, STATUS_PAGE_PATH } from './routes/status-page.ts';
import { widgetBundleRoutes } from './routes/widget-bundle.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { FEEDBACK_PATH } from './payments/hosted-page.ts';
import { CHALLENGE_PATH } from './aliases/pay.ts';
import { challengeRoutes } from './routes/challenge.ts';
import { flexReturnRoutes } from './routes/flex-return.ts';
import { FLEX_RETURN_PATH } from './payments/setup-session.ts';
import { aliasRoutes, customerRoutes } from './routes/merchant/aliases.ts';
import { transactionActionRoutes } from './routes/merchant/transaction-actions.ts';
import { openApiRoutes } from './api-docs/routes.ts';
import { isLivemode } from './payments/livemode.ts';

// The package's `./server` entry: an app is built from a context, so both come from here.
export type { AppContext, AppContextDeps } from './app-context.ts';
export { createAppContext } from './create-app-context.ts';

export const DEFAULT_DIST_DIR = WIDGET_BUNDLE_DIR;

/** Settings of the HTTP app alone (the context holds what routes and background work share). */
export interface AppOptions {
  /** Where `ogone-checkout.js` is (default: WIDGET_BUNDLE_DIR, server/package-root.ts). */
  widgetDistDir?: string;
  /** Public endpoints: requests per window per client address (default RATE_LIMIT_PER_MINUTE a minute). */
  rateLimit?: { windowMs: number; limit: number };
  /** `/payment/ogone/return`: requests per window per client address (default FEEDBACK_RATE_LIMIT_PER_MINUTE a minute). */
  feedbackRateLimit?: { windowMs: number; limit: number };
  /** Largest accepted request body on the public and feedback routes (default 64 KiB). */
  bodyLimitBytes?: number;
  /** Largest accepted request body on the merchant API (default MERCHANT_API_BODY_BYTES). */
  merchantBodyLimitBytes?: number;
  /** The merchant API's Idempotency-Keys held by requests still running (start-server.ts lets them go on a forced shutdown). */
  idempotencyKeys?: HeldIdempotencyKeys;
}

/**
 * The merchant API's body cap: what its own limits allow, with room. A session's metadata may hold
 * 50 values of 500 characters (shared/schemas/api.ts, Stripe's limits), and a client that writes
 * JSON with \u escapes spends 6 bytes on each UTF-16 unit: ~165 KB, which the 64 KiB of the
 * public routes refused. The API takes a key, so a larger body is no stranger's lever.
 */
export const MERCHANT_API_BODY_BYTES = 256 * 1024;

function bodyLimitOf(maxBody: number) {
  return bodyLimit({
    maxSize: maxBody,
    onError: () => {
      throw new Problem(413, 'payload_too_large', `the request body is larger than ${maxBody} bytes`);
    },
  });
}

/** Origins allowed for the widget's calls: the configured list, else only our own. */
export function corsOrigins(config: ResolvedConfig): string[] {
  return config.allowedOrigins.length > 0 ? config.allowedOrigins : [new URL(config.publicUrl).origin];
}

/**
 * The HTTP app over a built context (create-app-context.ts). Every problem answer —
 * ours and the middleware's (body limit, not found, rate limit) — is a thrown Problem that
 * onError answers, so there is one way to answer a problem.
 */
export function createApp(ctx: AppContext, options: AppOptions = {}): Hono {
  const { config, logger } = ctx;
  const limitBody = bodyLimitOf(options.bodyLimitBytes ?? 64 * 1024);
  const allowedOrigins = corsOrigins(config);

  // TrieRouter with fixed paths' matches kept: Hono's SmartRouter would settle on TrieRouter
  // anyway, our routes not suiting RegExpRouter (server/http/router.ts).
  const app = new Hono({ router: new FixedPathCachingRouter() });
  // Request id, client address, security headers (a route's own win), metrics and the request
  // log, in one middleware (server/http/request-envelope.ts).
  app.use(requestEnvelope({ logger, trustProxy: config.http?.trustProxy, ...(ctx.metrics ? { metrics: ctx.metrics } : {}) }));

  const answerError = onError(logger);
  app.onError(answerError);
  // Answered by onError like every problem, but returned rather than thrown: a throw here would
  // skip what the envelope does after the route (its log line, its metrics observation).
  app.notFound((c) => answerError(new Problem(404, 'not_found', `no route for ${c.req.method} ${c.req.path}`), c));
  // Not the signed returns' query: they check the signature first, then read a NUL as U+FFFD.
  app.use(nulGuard({ signedPaths: [FEEDBACK_PATH, FLEX_RETURN_PATH] }));

  app.route('/', healthRoutes(ctx));
  if (ctx.metrics) app.route('/', metricsRoutes(ctx.metrics, config.merchantApiKeys));
  app.route('/', widgetBundleRoutes({ distDir: options.widgetDistDir ?? DEFAULT_DIST_DIR }));
  // The merchant dashboard: a static page + module; its data comes from /api/ with the typed key.
  app.route('/', dashboardRoutes({ merchantName: config.merchantName, logger: logger }));

  // The merchant API's OpenAPI document: public, so before the API key (server/api-docs/routes.ts).
  app.route('/', openApiRoutes());
  // Merchant API: bearer key, JSON, Idempotency-Key on POSTs.
  const merchantApi = new Hono<{ Variables: { apiKeyLabel: string } }>();
  merchantApi.use(bodyLimitOf(options.merchantBodyLimitBytes ?? MERCHANT_API_BODY_BYTES));
  merchantApi.use(apiKeyAuth({ keys: config.merchantApiKeys }));
  // Before the idempotency middleware, so a replayed answer is as uncacheable as the first.
  merchantApi.use(async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  merchantApi.use(
    idempotency({
      repository: ctx.repository,
      livemode: isLivemode(ctx.config),
      ...(options.idempotencyKeys ? { held: options.idempotencyKeys } : {}),
    }),
  );
  merchantApi.route('/checkout-sessions', sessionRoutes(ctx));
  merchantApi.route('/buttons', buttonRoutes(ctx));
  merchantApi.route('/transactions', transactionRoutes(ctx));
  merchantApi.route('/transactions', transactionActionRoutes(ctx));
  merchantApi.route('/aliases', aliasRoutes(ctx));
  merchantApi.route('/customers', customerRoutes(ctx));
  merchantApi.route('/events', eventRoutes(ctx));
  merchantApi.route('/dashboard', dashboardSummaryRoutes(ctx));
  app.route('/api', merchantApi);

  // Public endpoints for the widget: CORS to the allowed origins only, rate-limited.
  const publicCheckout = new Hono();
  publicCheckout.use(
    cors({
      origin: (origin) => (allowedOrigins.includes('*') ? '*' : allowedOrigins.includes(origin) ? origin : null),
      // DELETE: the widget forgets a saved card (issue 19).
      allowMethods: ['GET', 'POST', 'DELETE'],
      allowHeaders: ['Content-Type'],
      maxAge: 600,
    }),
  );
  publicCheckout.use(
    rateLimiter({
      windowMs: options.rateLimit?.windowMs ?? 60_000,
      limit: options.rateLimit?.limit ?? config.rateLimitPerMinute,
      standardHeaders: 'draft-6',
      keyGenerator: (c) => rateLimitKey(clientAddress(c)),
      skip: (c) => c.req.method === 'OPTIONS',
      handler: () => {
        throw new Problem(429, 'rate_limited', 'too many requests; try again in a minute');
      },
    }),
  );
  publicCheckout.use(limitBody);
  publicCheckout.route('/', publicCheckoutRoutes(ctx));
  app.route('/checkout', publicCheckout);

  // Feedback: a generous per-address limit Ogone's own requests never reach (a replayed URL
  // does); its servers can be exempted by address (FEEDBACK_RATE_LIMIT_EXEMPT).
  const feedbackReturn = new Hono();
  // Each request's address tested once per address, not parsed again per request (rate-limit.ts).
  const exemptList = config.feedbackRateLimitExempt ?? NO_ADDRESSES;
  const exemptFromFeedbackLimit =
    exemptList === NO_ADDRESSES ? () => false : rememberedAddressTest((address) => exemptList.includes(address));
  feedbackReturn.use(
    perAddressLimit({
      windowMs: options.feedbackRateLimit?.windowMs,
      limit: options.feedbackRateLimit?.limit ?? config.feedbackRateLimitPerMinute ?? 600,
      skip: (c) => exemptFromFeedbackLimit(clientAddress(c)),
    }),
  );
  feedbackReturn.use(limitBody);
  feedbackReturn.route('/', feedbackRoutes(ctx));
  app.route(FEEDBACK_PATH, feedbackReturn);
  app.route(STATUS_PAGE_PATH, statusPageRoutes(ctx));
  app.route(CHALLENGE_PATH, challengeRoutes(ctx));
  app.route(FLEX_RETURN_PATH, flexReturnRoutes(ctx));

  return app;
}
