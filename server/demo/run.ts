/**
 * `npm start`: the signer server in sandbox mode (SQLite in ./data unless told otherwise), the
 * Ogone sandbox and the demo shop on one origin, the widget built first when missing, webhooks
 * delivered to the demo's own verified receiver. Environment variables still win (PORT,
 * DATA_DIR, DATABASE_URL, WEBHOOK_URL…), so the same demo runs against Ogone's test platform.
 */
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig } from '../app-context.ts';
import { DEFAULT_DIST_DIR } from '../app.ts';
import { DEMO_CREDENTIALS_FILE } from '../config/demo-credentials.ts';
import { createLogger } from '../logger.ts';
import { startServer, type RunningServer, type StartServerOptions } from '../start-server.ts';
import { banner } from './banner.ts';
import { ensureWidgetBuilt } from './build-widget.ts';
import { merchantClient } from './merchant-client.ts';
import { loadDemoWebhookSecret } from './settings.ts';
import { createDemoShop } from './shop.ts';
import type { WebhookInbox } from './webhook-inbox.ts';
import { defaultValue } from '../config/settings.ts';

export const DEFAULT_DEMO_PORT = 8787;
export const WEBHOOK_PATH = '/demo/webhooks';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface DemoOptions {
  env: Record<string, string | undefined>;
  /** Where the banner and progress lines go. */
  print: (text: string) => void;
  distDir?: string;
  /** Passed to startServer (tests). */
  server?: Pick<StartServerOptions, 'webhooks' | 'sandbox' | 'logger'>;
}

export interface RunningDemo extends RunningServer {
  /** The address to open (PUBLIC_URL, else http://localhost:PORT). */
  publicUrl: string;
  /** The merchant API key the shop uses (the first of MERCHANT_API_KEYS, or the demo key). */
  merchantApiKey: string;
  inbox: WebhookInbox;
}

/** PORT=0 means "any free port"; the demo needs the number before starting (for its webhook URL). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
}

export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const env = { ...options.env };
  const requested = env.PORT?.trim() ? Number(env.PORT) : DEFAULT_DEMO_PORT;
  const port = requested === 0 ? await freePort() : requested;
  env.PORT = String(port);
  env.DATA_DIR = env.DATA_DIR?.trim() || defaultValue('DATA_DIR');
  // Loopback unless told otherwise: the sandbox's control API is then open to this machine only.
  env.HOST = env.HOST?.trim() || '127.0.0.1';
  // The demo is the sandbox by design; `serve` refuses to start without an account (fail closed).
  const hasAccount = ['OGONE_PSPID', 'OGONE_USER_ID', 'OGONE_PASSWORD', 'OGONE_SHA_IN', 'OGONE_SHA_OUT'].some((name) => env[name]?.trim());
  if (!env.OGONE_ENVIRONMENT?.trim() && !hasAccount) env.OGONE_ENVIRONMENT = 'sandbox';
  env.PUBLIC_URL = env.PUBLIC_URL?.trim() || `http://localhost:${port}`;
  env.MERCHANT_NAME = env.MERCHANT_NAME?.trim() || 'Demo shop';
  if (!env.WEBHOOK_URL?.trim()) {
    env.WEBHOOK_URL = `http://127.0.0.1:${port}${WEBHOOK_PATH}`;
    env.WEBHOOK_SECRET = env.WEBHOOK_SECRET?.trim() || (await loadDemoWebhookSecret(env.DATA_DIR));
  }

  await ensureWidgetBuilt({ root: ROOT, distDir: options.distDir ?? DEFAULT_DIST_DIR, log: options.print });

  let resolved: ResolvedConfig | undefined;
  let inbox: WebhookInbox | undefined;
  const server = await startServer({
    env,
    port,
    logger: options.server?.logger ?? createLogger({ level: env.LOG_LEVEL?.trim() || 'warn' }),
    ...(options.distDir ? { widgetDistDir: options.distDir } : {}),
    ...(options.server?.webhooks ? { webhooks: options.server.webhooks } : {}),
    ...(options.server?.sandbox ? { sandbox: options.server.sandbox } : {}),
    routes: ({ url, config }) => {
      resolved = config;
      const shop = createDemoShop({
        merchant: merchantClient({ baseUrl: url, apiKey: config.merchantApiKeys[0]! }),
        publicUrl: config.publicUrl,
        merchantName: config.merchantName,
        webhookSecret: config.webhookSecret,
      });
      inbox = shop.inbox;
      return shop.app;
    },
  });
  const config = resolved!;
  options.print(
    banner({
      url: config.publicUrl,
      apiKey: config.demoCredentials ? config.merchantApiKeys[0] : undefined,
      credentialsFile: config.demoCredentials ? path.join(config.dataDir, DEMO_CREDENTIALS_FILE) : undefined,
      sandbox: config.sandbox,
      database: config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `SQLite in ${path.resolve(config.dataDir)}`,
      webhookUrl: config.webhookUrl,
    }),
  );
  return { ...server, publicUrl: config.publicUrl, merchantApiKey: config.merchantApiKeys[0]!, inbox: inbox! };
}
