/**
 * The `ogone-checkout` package's main entry, for running the server from your own code instead
 * of the CLI. Its types are server/public-api.ts (the build writes the declaration file from it).
 * Webhook verification and the merchant client are `ogone-checkout/webhooks` and
 * `ogone-checkout/client`, re-exports of @ogone-checkout/shared.
 */
import type { Server, ServerOptions, StartServer } from './public-api.ts';
import { startServer as start } from './start-server.ts';

export type { Server, ServerOptions, StartServer } from './public-api.ts';

export const startServer: StartServer = async (options: ServerOptions): Promise<Server> => {
  const running = await start({ env: options.env, port: options.port, host: options.host, quiet: options.quiet });
  return {
    url: running.url,
    ...(running.metricsUrl === undefined ? {} : { metricsUrl: running.metricsUrl }),
    fetch: (request) => running.app.fetch(request),
    close: () => running.close(),
  };
};
