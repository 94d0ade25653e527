/**
 * The `ogone-checkout` package's main entry, for running the server from your own code instead
 * of the CLI: `startServer` (what `ogone-checkout serve` runs), or `createApp` over a context from
 * `createAppContext` to mount the Hono app yourself. Webhook verification and the merchant client
 * are `ogone-checkout/webhooks` and `ogone-checkout/client` (re-exports of @ogone-checkout/shared).
 */
export { startServer, type RunningServer, type StartServerOptions } from './start-server.ts';
export { createApp, createAppContext, type AppContext, type AppContextDeps, type AppOptions } from './app.ts';
