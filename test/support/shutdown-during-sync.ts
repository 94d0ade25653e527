/**
 * What the shutdown tests of the background work share (the reconciler's sync cut, no webhook
 * delivery after the signal): a `serve` process with SHUTDOWN_GRACE_SECONDS=0 whose reconciler
 * syncs every second, against a sandbox whose DirectLink queries answer `queryAnswerMs` late once
 * watched; a payment paid on the hosted page; and SIGTERM while a sync is in flight, the stop
 * checked to end within serve's own deadline.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnServer, type ServerProcess } from './processes.ts';
import { SCALE_SANDBOX_ACCOUNT, serverEnv } from './accounts.ts';
import { startSandbox, type RunningSandbox, type StartSandboxOptions } from './sandbox.ts';
import { createPayment, type CreatedPayment } from './merchant.ts';
import { payOnHostedPage } from './hosted-page.ts';
import { eventually } from './waiting.ts';

export interface SyncingServerOptions {
  /** The data directory's name prefix. */
  prefix: string;
  /** How late the platform answers each watched query. */
  queryAnswerMs: number;
  /** More of the sandbox's options (its account and `observe` are this module's). */
  sandbox?: Omit<StartSandboxOptions, 'observe' | keyof typeof SCALE_SANDBOX_ACCOUNT>;
  /** More settings of the server, read when its `before` hook runs (after the file's earlier ones). */
  env?: () => Record<string, string>;
}

export interface SyncingServer {
  readonly url: string;
  /** When each watched query reached the platform. */
  readonly queries: readonly number[];
  /** From now on the platform's queries are counted and answered `queryAnswerMs` late. */
  watchQueries(): void;
  /** A payment of 20.00 EUR created, paid with a Visa test card and returned from the hosted page. */
  paidPayment(): Promise<CreatedPayment>;
  /**
   * SIGTERM once a watched query reached the platform; the server must log "signer server
   * stopped", not "stopping took too long", and exit 0. On failure, `detail` and the output's
   * lines matching `shown` tell what happened.
   */
  sigtermDuringSync(detail: () => string, shown: RegExp): Promise<void>;
}

/**
 * Registers the `before` that starts the sandbox and the server and the `after` that kills what
 * is left and removes the data directory; call it inside the `describe`.
 */
export function useSyncingServer(options: SyncingServerOptions): SyncingServer {
  let sandbox: RunningSandbox | undefined;
  let server: ServerProcess | undefined;
  let dataDir: string | undefined;
  let watching = false;
  const queries: number[] = [];

  before(async () => {
    sandbox = await startSandbox({
      ...SCALE_SANDBOX_ACCOUNT,
      ...options.sandbox,
      observe: async (request) => {
        if (!watching || !new URL(request.url).pathname.includes('querydirect')) return;
        queries.push(Date.now());
        await new Promise((resolve) => setTimeout(resolve, options.queryAnswerMs));
      },
    });
    dataDir = await mkdtemp(path.join(tmpdir(), options.prefix));
    server = await spawnServer({
      env: serverEnv(sandbox.url, {
        DATA_DIR: dataDir,
        OGONE_OPERATION: 'RES',
        SHUTDOWN_GRACE_SECONDS: '0',
        RECONCILE_INTERVAL_SECONDS: '1',
        RECONCILE_AFTER_SECONDS: '0',
        ...options.env?.(),
      }),
    });
  });

  after(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await server?.exited;
    watching = false;
    await sandbox?.close().catch(() => {});
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const running = (): ServerProcess => {
    if (!server) throw new Error('useSyncingServer: the server starts in its before hook; use it inside a test');
    return server;
  };

  return {
    get url() {
      return running().url;
    },
    queries,
    watchQueries: () => {
      watching = true;
    },
    async paidPayment() {
      const payment = await createPayment(running().url, { amount: 2000, currency: 'EUR' });
      const back = await payOnHostedPage(payment.attempt, '4111111111111111');
      await (await fetch(back, { redirect: 'manual' })).arrayBuffer();
      return payment;
    },
    async sigtermDuringSync(detail, shown) {
      const stopping = running();
      // The reconciler's sync has sent its first watched query: stop now.
      await eventually(
        () => queries.length,
        (n) => n > 0,
        'a reconciler query reaching the platform',
        { timeoutMs: 20_000 },
      );
      const started = Date.now();
      stopping.child.kill('SIGTERM');
      const code = await stopping.exited;
      const seconds = (Date.now() - started) / 1000;
      const output = stopping.output().stdout + stopping.output().stderr;
      assert.ok(
        /signer server stopped/.test(output) && !/stopping took too long/.test(output),
        `exit ${code} ${seconds.toFixed(1)} s after SIGTERM${detail()}; the close hit serve's deadline:\n${output
          .split('\n')
          .filter((line) => shown.test(line))
          .join('\n')}`,
      );
      assert.equal(code, 0);
    },
  };
}
