/**
 * Starts the signer server from environment variables: validates the configuration, opens the
 * database (SQLite in DATA_DIR, or PostgreSQL with DATABASE_URL), applies migrations, mounts the
 * sandbox when there is no real Ogone account, starts the webhook dispatcher and listens.
 * Used by `ogone-checkout serve`, the demo and the browser tests: the one place that listens.
 */
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AppOptions } from './app.ts';
import type { DirectLinkClient, DirectLinkClientOptions } from './directlink/client.ts';
import { reconcilerSettings, type ReconcilerSettings } from './config/reconciler-settings.ts';
import type { Reconciler, ReconcilerOptions } from './reconciler/reconciler.ts';
import type { RetentionPurger } from './retention/purger.ts';
import type { RetentionPolicy } from './retention/policy.ts';
import type { AliasDeleter, AliasDeletionSettings } from './aliases/deletion.ts';
import type { AliasPaymentHandler, AppContext, ResolvedConfig } from './app-context.ts';
import { systemClock, type Clock } from './clock.ts';
import { loadDemoCredentials } from './config/demo-credentials.ts';
import { CREDENTIAL_VARIABLES, parseServerConfig, wantsSandbox, type DemoCredentials, type ServerConfig } from './config/env.ts';
import { parseHttpSettings, type HttpSettings } from './config/http-settings.ts';
import { parseLogFormat } from './config/log-format.ts';
import type { ConnectionGuard } from './http/connection-guard.ts';
import type { HeldIdempotencyKeys } from './http/idempotency.ts';
import { ensureDataDir, openDatabase, SQLITE_FILE_NAME, type DatabaseOptions } from './db/connect.ts';
import { migrateToLatest } from './db/migrations.ts';
import { armQueryDeadline } from './db/query-deadline.ts';
import { createLogger, type Logger } from './logger.ts';
import type { Repository } from './repository/types.ts';
import type { Sandbox, SandboxOptions } from './sandbox/app.ts';
import type { WebhookDispatcher, WebhookDispatcherOptions } from './webhooks/dispatcher.ts';
import { defaultValue } from './config/settings.ts';
import { metricsSettings } from './config/metrics-settings.ts';
import { ConfigError } from './config/config-error.ts';
import { DATA_DIR_NOT_A_DIRECTORY, dataDirState } from './config/data-dir.ts';
import type { MetricsListener } from './metrics/listener.ts';
import { deferredMetrics } from './metrics/deferred.ts';
import { hostPort } from './http/host-port.ts';

/** The modules a start needs once migrated (start-server-modules.ts), imported alongside the migrations. */
type StartModules = typeof import('./start-server-modules.ts');

/** What answers a request: the app, or the app with the sandbox (and the demo's routes) before it. */
export interface RequestHandler {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

export interface RunningServer {
  url: string;
  app: RequestHandler;
  /** The METRICS_PORT listener's address, when there is one. */
  metricsUrl?: string;
  /** SHUTDOWN_GRACE_SECONDS, in ms: how long close() lets requests in flight finish. */
  shutdownGraceMs: number;
  close(): Promise<void>;
}

export interface StartServerOptions {
  env: Record<string, string | undefined>;
  port?: number;
  host?: string;
  /**
   * What a listen error names as the cause of `host` / `port` when they were given: `serve`'s
   * --host / --port. Otherwise HOST / PORT, the settings (the demo passes PORT's value; review
   * r1556: it was told of a --port it does not have).
   */
  listenNames?: { host?: string; port?: string };
  /** No log output at all (tests, the demo's own console). */
  quiet?: boolean;
  /** Log elsewhere (tests read the lines). */
  logger?: Logger;
  clock?: Clock;
  widgetDistDir?: string;
  rateLimit?: AppOptions['rateLimit'];
  feedbackRateLimit?: AppOptions['feedbackRateLimit'];
  /** How often the RETENTION_DAYS pass runs (default hourly; 0 turns it off). */
  retentionIntervalMs?: number;
  /** Tuning of the webhook dispatcher (tests shorten the back-off). */
  webhooks?: Partial<Pick<WebhookDispatcherOptions, 'pollIntervalMs' | 'leaseMs' | 'backoff' | 'timeoutMs' | 'random' | 'fetch'>>;
  /** Options passed through to the mounted sandbox (e.g. `retry` for tests). */
  sandbox?: Partial<SandboxOptions>;
  aliasPayments?: AliasPaymentHandler;
  /** DirectLink client tuning (tests point `fetch` elsewhere, shorten the timeouts). */
  directLink?: Partial<Pick<DirectLinkClientOptions, 'fetch' | 'timeoutMs' | 'queryTimeoutMs' | 'rtimeoutSeconds'>>;
  /** Overrides RECONCILE_INTERVAL_SECONDS / RECONCILE_AFTER_SECONDS. */
  reconciler?: Partial<ReconcilerSettings> & Pick<ReconcilerOptions, 'clockSkewToleranceMs'>;
  /** Retries of alias deletions at the platform (default DEFAULT_ALIAS_DELETION). */
  aliasDeletion?: Partial<AliasDeletionSettings>;
  /** See AppContext.unknownOutcomeGraceMs. */
  unknownOutcomeGraceMs?: number;
  /** Overrides of the listener settings (tests use timeouts shorter than a second). */
  http?: Partial<HttpSettings>;
  /**
   * Extra routes on the same origin, answered before the server's own (the demo shop of
   * `npm start`). Called once the address is known, with the resolved configuration.
   */
  routes?: (server: { url: string; config: ResolvedConfig }) => Hono;
}

/** How long after ready the metrics registry is built (prom-client loaded), unless a scrape asks first. */
const METRICS_LOAD_DELAY_MS = 1000;

// '/Tokenization/': FlexCheckout's page (docs/ogone-protocol.md §15), on the platform's host like /ncol/.
const SANDBOX_PREFIXES = ['/ncol/', '/Tokenization/', '/sandbox/', '/sandbox'];

function listenUrl(address: AddressInfo, host: string): string {
  return `http://${hostPort(host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host, address.port)}`;
}

async function demoCredentialsIfNeeded(env: Record<string, string | undefined>): Promise<{ demo?: DemoCredentials; file?: string }> {
  if (!wantsSandbox(env)) return {};
  const noCredentials = CREDENTIAL_VARIABLES.every((name) => !env[name]?.trim());
  if (!noCredentials && env.MERCHANT_API_KEYS?.trim()) return {};
  const dataDir = env.DATA_DIR?.trim() || defaultValue('DATA_DIR');
  // Refused here as parseServerConfig would refuse it: the credentials file comes first, and its
  // ENOTDIR would name no setting and exit 3 (a failure a restart may fix; systemd restarts it).
  if (dataDirState(dataDir) === 'not-a-directory') throw new ConfigError('DATA_DIR', DATA_DIR_NOT_A_DIRECTORY);
  ensureDataDir(dataDir);
  const { credentials, file } = await loadDemoCredentials(dataDir);
  return { demo: credentials, file };
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { demo, file: demoFile } = await demoCredentialsIfNeeded(options.env);
  const config: ServerConfig = parseServerConfig(options.env, demo);
  const logFormat = parseLogFormat(options.env);
  const logger = options.logger ?? createLogger({ level: options.quiet ? 'silent' : config.logLevel, format: logFormat });
  const clock = options.clock ?? systemClock;
  const http: HttpSettings = { ...(config.http ?? parseHttpSettings(options.env)), ...options.http };
  config.http = http;
  // Read before anything opens, so a bad METRICS_PORT changes nothing. A registry per server,
  // built once the server is ready (metrics/deferred.ts: prom-client is not on the cold start).
  const metricsAt = metricsSettings(options.env);
  const metrics = deferredMetrics(async () => (await import('./metrics/metrics.ts')).createMetrics());

  const databaseOptions: DatabaseOptions = config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl, poolSize: config.databasePoolSize }
    : { kind: 'sqlite', file: path.join(config.dataDir, SQLITE_FILE_NAME) };
  const database = openDatabase(
    databaseOptions.kind === 'sqlite' ? { ...databaseOptions, onBatchCommitted: metrics.groupCommitBatch } : databaseOptions,
  );
  let repository: Repository | undefined;
  let server: ServerType | undefined;
  let guard: ConnectionGuard | undefined;
  let dispatcher: WebhookDispatcher | undefined;
  // Built on the first request to its paths (loadSandbox below), not on the cold start.
  let sandbox: Promise<Sandbox> | undefined;
  let reconciler: Reconciler | undefined;
  let aliasDeleter: AliasDeleter | undefined;
  let retentionPurger: RetentionPurger | undefined;
  let metricsListener: MetricsListener | undefined;
  const reconcilerTuning = { ...reconcilerSettings(options.env), ...options.reconciler };
  try {
    // No request is answered before the migrations and the app's modules: the listener below is
    // opened only then. The modules' code is compiled and evaluated while the database works, not
    // after (issue 17); in the build (one CommonJS file, scripts/build-server.mjs) that import
    // evaluates them at once, holding the main thread. So on PostgreSQL they load once the
    // migrations wait on the server (a first start's schema sent: whileWaiting) or are done —
    // earlier, they would hold up the connection's handshake, each step of which needs the event
    // loop. SQLite's migrations run on the main thread anyway: the modules load a turn after they start.
    let modulesLoading: Promise<StartModules> | undefined;
    const loadModules = () => (modulesLoading ??= import('./start-server-modules.ts'));
    // A turn later, so the statement just sent is on the wire first; a failure is reported below.
    const loadModulesNextTurn = () => void setImmediate(() => void loadModules().catch(() => {}));
    if (database.dialect === 'sqlite') loadModulesNextTurn();
    const migrationsApplied = await migrateToLatest(database.db, { whileWaiting: loadModulesNextTurn });
    // From here on a query the database leaves unanswered fails its request (db/query-deadline.ts);
    // not before: a migration may take longer than any request should.
    if (database.pgPool)
      armQueryDeadline(database.pgPool, {
        timeoutMs: config.databaseQueryTimeoutSeconds * 1000,
        onTimeout: (timeoutMs) =>
          logger.warn({ timeoutMs }, 'a PostgreSQL query had no answer in DATABASE_QUERY_TIMEOUT_SECONDS: its connection was closed'),
      });
    const modules = await loadModules();
    const {
      serve,
      Hono,
      createApp,
      syncTransaction,
      createReconciler,
      createRetentionPurger,
      RETENTION_DEFAULTS,
      createAliasDeleter,
      DEFAULT_ALIAS_DELETION,
      createAppContext,
      guardConnections,
      heldIdempotencyKeys,
      listenerOptions,
      FEEDBACK_PATH,
      createKyselyRepository,
      guardSandbox,
      startMetricsListener,
      countTransitions,
      isLivemode,
    } = modules;
    repository = countTransitions(createKyselyRepository(database, { clock, livemode: isLivemode(config) }), metrics);
    metrics.watch({
      repository,
      deliversWebhooks: deliversWebhooks(config),
      ...(database.poolWaiting ? { poolWaiting: database.poolWaiting } : {}),
    });

    // Listen first, with the handler bound late, so PUBLIC_URL can default to the real address.
    let root: RequestHandler | undefined;
    const listening = serve({
      fetch: (request, env) => {
        // Shutting down: load balancers stop sending here, requests already here are served.
        if (guard?.draining && new URL(request.url).pathname === '/readyz') {
          return Response.json({ status: 'shutting down' }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
        }
        return root ? root.fetch(request, env) : new Response('starting', { status: 503 });
      },
      port: options.port ?? config.port,
      hostname: options.host ?? config.host,
      serverOptions: listenerOptions(http),
    });
    server = listening;
    guard = guardConnections(listening as HttpServer, {
      maxPerAddress: http.maxConnectionsPerAddress,
      exempt: http.trustProxy.trust,
      keepAliveTimeoutMs: http.keepAliveTimeoutMs,
      logger,
    });
    await new Promise<void>((resolve, reject) => {
      if (listening.listening) return resolve();
      listening.once('listening', () => resolve());
      // The setting to change, as METRICS_PORT's listener says (review r950): Node's own error
      // named neither. An address not of this machine is HOST's; a port taken or forbidden, PORT's.
      listening.once('error', (error: NodeJS.ErrnoException) => {
        const where = hostPort(options.host ?? config.host, options.port ?? config.port);
        // An option given (serve --host / --port, `listenNames`) overrides the setting: it is the
        // one to change (review r1501: HOST was named, unset).
        if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN')
          reject(
            new ConfigError(
              (options.host !== undefined && options.listenNames?.host) || 'HOST',
              `cannot listen on ${where}: not an address of this machine (${error.code})`,
            ),
          );
        else if (error.code === 'EADDRINUSE' || error.code === 'EACCES')
          reject(
            new ConfigError(
              (options.port !== undefined && options.listenNames?.port) || 'PORT',
              `cannot listen on ${where}: ${error.code === 'EADDRINUSE' ? 'another process holds the port' : 'not allowed to this user'} (${error.code})`,
            ),
          );
        else reject(error);
      });
    });
    const url = listenUrl(listening.address() as AddressInfo, options.host ?? config.host);
    const publicUrl = config.publicUrl ?? url;
    // On Ogone's production platform, return URLs only over plain http: doctor refuses them
    // (doctor/findings.ts), but nothing runs doctor before a start. (An unset PUBLIC_URL, or an
    // http one naming another host than the loopback, never gets here: config/env.ts refuses it.)
    if (isLivemode(config) && !publicUrl.startsWith('https://'))
      logger.warn(
        { setting: 'PUBLIC_URL', publicUrl },
        'PUBLIC_URL is not https: shoppers come back from the payment page over plain http; set it to the https address the shop is served on',
      );

    const mountSandbox = config.sandbox && !config.provider.baseUrl;
    // The sandbox (its pages, DirectLink, control API: a seventh of the bundle) is imported and
    // built on the first request to one of its paths, not on the cold start (issue 17). It keeps
    // its state in memory from then on; built once, closed with the server.
    const loadSandbox = mountSandbox
      ? (): Promise<Sandbox> =>
          (sandbox ??= import('./sandbox/app.ts').then(({ createSandbox, firstPayIdFromClock }) =>
            createSandbox({
              pspid: config.provider.pspid,
              userId: config.provider.userId,
              password: config.provider.password,
              shaIn: config.provider.shaIn,
              shaOut: config.provider.shaOut,
              hashAlgorithm: config.provider.hashAlgorithm,
              feedbackUrl: `${publicUrl}${FEEDBACK_PATH}`,
              feedbackMethod: 'POST',
              merchantName: config.merchantName,
              logger,
              // Its payments live in memory, ours in DATA_DIR: never a PAYID an earlier run gave.
              firstPayId: firstPayIdFromClock(),
              ...options.sandbox,
            }),
          ))
      : undefined;

    const directLink = createServerDirectLink(config, mountSandbox ? publicUrl : undefined, logger, options.directLink);
    // The one context: the app and every background worker below share it. The dispatcher is
    // built from it too, so the context's nudge forwards to the dispatcher once it exists.
    const ctx = createAppContext({
      config: { ...config, publicUrl },
      repository,
      logger,
      clock,
      webhooks: { nudge: () => dispatcher?.nudge() },
      metrics,
      ...(mountSandbox ? { platformBaseUrl: publicUrl } : {}),
      ...(options.aliasPayments ? { aliasPayments: options.aliasPayments } : {}),
      ...(directLink ? { directLink } : {}),
      ...(options.unknownOutcomeGraceMs !== undefined ? { unknownOutcomeGraceMs: options.unknownOutcomeGraceMs } : {}),
      aliasDeletion: { ...DEFAULT_ALIAS_DELETION, ...options.aliasDeletion },
      reconciliation: { maxAgeMs: reconcilerTuning.maxAgeMs, afterMs: reconcilerTuning.afterMs, intervalMs: reconcilerTuning.intervalMs },
    });

    dispatcher = createWebhookDispatcherFor(modules, ctx, options.webhooks);
    dispatcher?.start();

    // Requests with an Idempotency-Key not answered yet: let go if the shutdown cannot wait for them.
    const heldKeys = heldIdempotencyKeys();
    const app = createApp(ctx, {
      idempotencyKeys: heldKeys,
      ...(options.widgetDistDir ? { widgetDistDir: options.widgetDistDir } : {}),
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      ...(options.feedbackRateLimit ? { feedbackRateLimit: options.feedbackRateLimit } : {}),
    });
    if (ctx.directLink) {
      // Payments left pending or uncertain are queried in the background (issue 6).
      reconciler = createReconciler({
        repository: ctx.repository,
        clock: ctx.clock,
        logger: ctx.logger,
        ...reconcilerTuning,
        sync: (reference, beforeQuery, stop) => syncTransaction(ctx, reference, { beforeQuery, stop }),
        observer: metrics.reconciler,
      });
      reconciler.start();
      metrics.watchReconciler(reconciler);
    }

    // Forgotten saved cards whose deletion at the platform failed are retried (aliases/deletion.ts).
    aliasDeleter = createAliasDeleter(ctx);
    aliasDeleter.start();

    // Personal data of payments older than RETENTION_DAYS, delivered events and repeated feedback
    // are removed in the background; the windows in effect are in the start log below.
    const retention: RetentionPolicy = {
      retentionDays: config.retentionDays ?? RETENTION_DEFAULTS.retentionDays,
      eventRetentionDays: config.eventRetentionDays ?? RETENTION_DEFAULTS.eventRetentionDays,
      feedbackLogRetentionDays: config.feedbackLogRetentionDays ?? RETENTION_DEFAULTS.feedbackLogRetentionDays,
    };
    retentionPurger = createRetentionPurger({
      repository: ctx.repository,
      clock: ctx.clock,
      logger: ctx.logger,
      ...retention,
      ...(options.retentionIntervalMs !== undefined ? { intervalMs: options.retentionIntervalMs } : {}),
    });
    retentionPurger.start();

    const sameOriginRoutes = options.routes?.({ url, config: { ...config, publicUrl } });
    if (loadSandbox || sameOriginRoutes) {
      // The sandbox answers its own paths, untouched by our middleware (CORS, rate limit…).
      // The control API takes a merchant key unless we listen on loopback only (sandbox-access.ts).
      const sandboxFetch = loadSandbox
        ? guardSandbox(async (request, env) => (await loadSandbox()).app.fetch(request, env), {
            host: options.host ?? config.host,
            merchantApiKeys: config.merchantApiKeys,
            publicUrl,
          })
        : undefined;
      const toSandboxOrApp = sandboxFetch ? byPathPrefix(modules.getPath, SANDBOX_PREFIXES, sandboxFetch, app.fetch) : app.fetch;
      if (sameOriginRoutes) {
        // The demo shop's routes need Hono's routing, answered first; everything else falls through.
        const combined = new Hono();
        combined.route('/', sameOriginRoutes);
        combined.all('*', (c) => toSandboxOrApp(c.req.raw, c.env));
        root = combined;
      } else {
        // Only the app and the sandbox: a prefix test picks one, with no second Hono app routing
        // every request before the app's own (issue 17: that routing was part of the floor).
        root = { fetch: toSandboxOrApp };
      }
    } else {
      root = app;
    }

    if (metricsAt.port !== undefined) {
      metricsListener = await startMetricsListener(metrics, metricsAt, http);
      logger.info({ url: metricsListener.url }, 'metrics listening (GET /metrics, no key)');
    }

    logger.info(
      {
        url,
        publicUrl,
        database: database.description,
        migrations: migrationsApplied,
        environment: config.provider.environment,
        pspid: config.provider.pspid,
        sandbox: mountSandbox,
        webhooks: config.webhookUrl ? new URL(config.webhookUrl).origin : null,
        trustProxy: http.trustProxy.description,
        feedbackRateLimitExempt: config.feedbackRateLimitExempt?.description ?? 'none',
        ...retention,
      },
      config.demoCredentials
        ? `sandbox mode with generated demo credentials (kept in ${demoFile}); no real payment is made`
        : mountSandbox
          ? 'sandbox mode; no real payment is made'
          : 'signer server ready',
    );

    // Ready and answering: the registry is built a moment later, off the cold start and after the
    // first /readyz a supervisor sends on seeing the start line — built at once, loading
    // prom-client held that answer back (issue 17). Observations wait for it meanwhile
    // (metrics/deferred.ts); a scrape before it builds it at once.
    const metricsLoad = setTimeout(
      () => void metrics.load().catch((error: unknown) => logger.error({ err: error }, 'metrics: the registry could not be built')),
      METRICS_LOAD_DELAY_MS,
    );
    metricsLoad.unref();

    let closing: Promise<void> | undefined;
    const draining = guard;
    const repo = repository;
    return {
      url,
      app: root,
      ...(metricsListener ? { metricsUrl: metricsListener.url } : {}),
      shutdownGraceMs: http.shutdownGraceMs,
      close() {
        closing ??= (async () => {
          // /readyz answers 503, the listener closes, answers carry Connection: close, requests
          // in flight finish (SHUTDOWN_GRACE_SECONDS at most); the background work stops at once,
          // together, beside them; then the database closes, committing the last group-commit batch.
          clearTimeout(metricsLoad);
          logger.info({ open: draining.open, graceMs: http.shutdownGraceMs }, 'shutting down: finishing requests in flight');
          // Stopped one after the other once the requests were done, the reconciler kept starting
          // rounds and the dispatcher kept posting events through the grace period, and each
          // waited for the one before (review r1737). Each cuts what it has in flight; settled
          // all, so one's failure is not left unhandled while the requests finish.
          const background = Promise.allSettled([
            reconciler?.close(),
            aliasDeleter?.close(),
            retentionPurger?.close(),
            dispatcher?.close(),
          ]);
          await draining.drain(http.shutdownGraceMs);
          await metricsListener?.close();
          for (const stopped of await background) if (stopped.status === 'rejected') throw stopped.reason;
          await closeSandbox(sandbox);
          await repo.close();
          // Requests still running past the grace period are never answered. Their keys go back
          // only now that this process can write nothing more (review r1080: released earlier,
          // a late request's write joined its retry's), so a retry runs them afresh at once,
          // as after a 5xx, rather than meeting 409 for ten minutes.
          if (heldKeys.size > 0)
            await releaseHeldKeys(
              heldKeys,
              () => createKyselyRepository(openDatabase(databaseOptions), { clock, livemode: isLivemode(config) }),
              logger,
            );
          logger.info({}, 'signer server stopped');
        })();
        return closing;
      },
    };
  } catch (error) {
    await reconciler?.close();
    await aliasDeleter?.close();
    await retentionPurger?.close();
    server?.close();
    await metricsListener?.close();
    await dispatcher?.close();
    await closeSandbox(sandbox);
    await (repository ? repository.close() : database.close());
    throw error;
  }
}

/**
 * Sends a request whose path starts with one of `prefixes` to `matched`, any other to `other`. The
 * path is Hono's own (`getPath`: percent-decoded, no query string), as the app routes it.
 */
function byPathPrefix(
  getPath: StartModules['getPath'],
  prefixes: readonly string[],
  matched: RequestHandler['fetch'],
  other: RequestHandler['fetch'],
): RequestHandler['fetch'] {
  return (request, env) => {
    const pathname = getPath(request);
    return prefixes.some((prefix) => pathname.startsWith(prefix)) ? matched(request, env) : other(request, env);
  };
}

/** Closes the sandbox if a request built it (its timers, feedback retries in flight). */
async function closeSandbox(sandbox: Promise<Sandbox> | undefined): Promise<void> {
  if (!sandbox) return;
  const built = await sandbox.catch(() => undefined);
  await built?.close();
}

/** Webhooks go out when WEBHOOK_URL and WEBHOOK_SECRET are set; none otherwise. */
function deliversWebhooks(config: Pick<ServerConfig, 'webhookUrl' | 'webhookSecret'>): boolean {
  return Boolean(config.webhookUrl && config.webhookSecret);
}

/** The webhook dispatcher, when this instance delivers webhooks (deliversWebhooks). */
function createWebhookDispatcherFor(
  { createWebhookDispatcher, isLivemode }: StartModules,
  ctx: AppContext,
  tuning: StartServerOptions['webhooks'] = {},
): WebhookDispatcher | undefined {
  const { config } = ctx;
  if (!config.webhookUrl || !config.webhookSecret) return undefined; // deliversWebhooks
  return createWebhookDispatcher({
    repository: ctx.repository,
    url: config.webhookUrl,
    secret: config.webhookSecret,
    previousSecret: config.webhookSecretPrevious,
    clock: ctx.clock,
    logger: ctx.logger,
    livemode: isLivemode(config),
    ...(ctx.metrics ? { observer: ctx.metrics.webhooks } : {}),
    ...tuning,
  });
}

/** The DirectLink client for this configuration; none when payments are disabled or no API user is set. */
function createServerDirectLink(
  config: ServerConfig,
  sandboxBaseUrl: string | undefined,
  logger: Logger,
  tuning: StartServerOptions['directLink'] = {},
): DirectLinkClient | undefined {
  const provider = config.provider;
  if (provider.environment === 'disabled' || !provider.userId || !provider.password) return undefined;
  const baseUrl = sandboxBaseUrl ?? provider.baseUrl;
  if (provider.environment === 'sandbox' && !baseUrl) return undefined;
  return lazyDirectLinkClient({ config: { ...provider, ...(baseUrl ? { baseUrl } : {}) }, logger, ...tuning });
}

/**
 * The DirectLink client, imported on its first call: it brings the XML parser and the answer's
 * validation (a twelfth of the bundle), which a server that never calls DirectLink (no saved
 * card, no capture, no query due yet) need not compile on its cold start (issue 17). Every call
 * is asynchronous anyway; the options are checked on the first call (the environment, the
 * credentials and the base URL are checked above and by parseServerConfig).
 */
function lazyDirectLinkClient(options: DirectLinkClientOptions): DirectLinkClient {
  let client: Promise<DirectLinkClient> | undefined;
  const load = () => (client ??= import('./directlink/client.ts').then(({ createDirectLinkClient }) => createDirectLinkClient(options)));
  return {
    newOrder: async (request) => (await load()).newOrder(request),
    maintenance: async (request) => (await load()).maintenance(request),
    query: async (request, queryOptions) => (await load()).query(request, queryOptions),
  };
}

/**
 * Releases the Idempotency-Keys of requests this process stopped without answering, on a
 * connection of its own (the server's is closed): each as a 5xx would, taken over by the same
 * request at once (http/idempotency.ts).
 */
async function releaseHeldKeys(held: HeldIdempotencyKeys, open: () => Repository, logger: Logger): Promise<void> {
  let repository: Repository | undefined;
  try {
    // Opened here, so a database that cannot be opened again is logged, not a failed shutdown.
    repository = open();
    const released = await held.releaseAll(repository);
    logger.warn({ released }, 'shutting down: requests still running past the grace period, their Idempotency-Keys released');
  } catch (error) {
    logger.error({ err: error }, 'shutting down: the Idempotency-Keys of requests still running could not be released');
  } finally {
    await repository?.close().catch(() => {});
  }
}
