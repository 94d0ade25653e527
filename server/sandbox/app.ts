/**
 * A local Ogone platform: the hosted payment page, the feedback (server-to-server then
 * redirect), DirectLink (new order, maintenance, query) and a control API, as one Hono app.
 * Standalone (`npx ogone-checkout sandbox`) or mounted in the signer server in sandbox mode:
 * `parentApp.route('/', sandbox.app)`.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { controlApi, refuseCrossSite } from './control-api.ts';
import { controlPageRoutes } from './control-page.ts';
import { createControls, type SandboxControls } from './controls.ts';
import { ALIAS_FILE_PATH, batchRoutes } from './batch/alias-file.ts';
import { directLinkRoutes } from './directlink/routes.ts';
import { SUPPORTED_DYNAMIC_PARAMETERS } from './feedback/parameters.ts';
import { flexRoutes } from './flex/routes.ts';
import { FeedbackSender } from './feedback/sender.ts';
import { hostedRoutes } from './hosted/routes.ts';
import { resolveOptions, type SandboxOptions } from './options.ts';
import type { SandboxRuntime } from './runtime.ts';
import { SandboxStore } from './store.ts';
import { Timers } from './timers.ts';

export type { SandboxOptions, SandboxLogger, FeedbackMethod } from './options.ts';
export { firstPayIdFromClock } from './options.ts';
export type { SandboxControls } from './controls.ts';
export type { PaymentView, AliasView, DeliveryView } from './views.ts';
export { TEST_CARDS } from './cards.ts';

export interface Sandbox extends SandboxControls {
  /** Serves `/ncol/test/…` and `/sandbox/…`. */
  readonly app: Hono;
  /** Stops retry and maintenance timers and abandons requests in flight. */
  close(): Promise<void>;
}

/** The sandbox pages' policy: no script, inline style only, never in a frame. */
export const SANDBOX_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'";

/**
 * The hosted payment pages' policy (`/ncol/…`): the same, except that a merchant may frame them,
 * as Ogone lets merchants do at their own risk ([ADV] §8.6 "Payment page in iframe";
 * docs/ogone-protocol.md §13). A sandbox that refused it would pass shops that break on Ogone.
 */
export const HOSTED_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; frame-ancestors *";

export function createSandbox(options: SandboxOptions): Sandbox {
  const resolved = resolveOptions(options, SUPPORTED_DYNAMIC_PARAMETERS);
  if (options.firstPayId !== undefined && !(Number.isSafeInteger(options.firstPayId) && options.firstPayId > 0))
    throw new TypeError('createSandbox: firstPayId must be a positive whole number');
  const store = new SandboxStore(options.firstPayId);
  const timers = new Timers();
  const sender = new FeedbackSender(resolved, store, timers);
  const runtime: SandboxRuntime = { options: resolved, store, sender, timers };
  const controls = createControls(runtime);

  const app = new Hono();
  // Its pages load nothing from elsewhere: they have no script, their one stylesheet is inline.
  // Its own pages are never framed (clickjacking the controls); the hosted payment pages may be,
  // as on Ogone.
  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.get('content-type')?.startsWith('text/html') || c.res.headers.has('content-security-policy')) return;
    if (c.req.path.startsWith('/ncol/')) {
      c.res.headers.set('Content-Security-Policy', HOSTED_PAGE_CSP);
      return;
    }
    c.res.headers.set('Content-Security-Policy', SANDBOX_PAGE_CSP);
    c.res.headers.set('X-Frame-Options', 'DENY');
  });
  // A body past these is refused before it is read: the platform's requests are a few KB, an
  // alias file a line per card, and the sandbox reads every body whole on the event loop (its
  // paths are answered before the signer's own limit, even on a public address).
  const tooLarge = (c: Context) => c.text('Request Entity Too Large', 413);
  const requestLimit = bodyLimit({ maxSize: 64 * 1024, onError: tooLarge });
  const aliasFileLimit = bodyLimit({ maxSize: 1024 * 1024, onError: tooLarge });
  app.use('*', (c, next) => (c.req.path === ALIAS_FILE_PATH ? aliasFileLimit : requestLimit)(c, next));
  app.use('/sandbox/*', refuseCrossSite);
  app.route('/', hostedRoutes(runtime));
  app.route('/', directLinkRoutes(runtime));
  app.route('/', batchRoutes(runtime));
  app.route('/', flexRoutes(runtime));
  app.route('/', controlApi(controls));
  app.route('/', controlPageRoutes(controls));

  return {
    ...controls,
    app,
    async close() {
      timers.close();
      sender.reset();
      await sender.settled();
    },
  };
}
