/**
 * `npx ogone-checkout serve` — the production entry point. Reads `.env` when present (real
 * environment variables win), starts the server, stops gracefully on SIGTERM/SIGINT.
 * A bad setting prints one line naming it and exits 2.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config/env.ts';
import { startServer } from './start-server.ts';

const USAGE = `usage: ogone-checkout serve [--port N] [--host ADDRESS] [--env-file PATH]

Starts the signer server. Settings come from the environment (and .env):
  OGONE_PSPID, OGONE_USER_ID, OGONE_PASSWORD, OGONE_SHA_IN, OGONE_SHA_OUT,
  OGONE_HASH_ALGORITHM, OGONE_ENVIRONMENT, OGONE_BASE_URL, OGONE_OPERATION,
  PUBLIC_URL, PORT, HOST, DATA_DIR, DATABASE_URL, MERCHANT_API_KEYS, MERCHANT_NAME,
  WEBHOOK_URL, WEBHOOK_SECRET, ALLOWED_ORIGINS, LOG_LEVEL, RATE_LIMIT_PER_MINUTE,
  TRUST_PROXY, HEADERS_TIMEOUT_SECONDS, REQUEST_TIMEOUT_SECONDS, KEEP_ALIVE_TIMEOUT_SECONDS,
  MAX_CONNECTIONS_PER_ADDRESS, SHUTDOWN_GRACE_SECONDS, DUPLICATE_PAYMENTS.
SIGTERM or SIGINT: /readyz answers 503, requests in flight finish (SHUTDOWN_GRACE_SECONDS,
default 10), the database closes, exit 0. A second signal stops at once.
With no Ogone credentials it refuses to start (exit 1) unless OGONE_ENVIRONMENT=sandbox: then it
runs the local sandbox with generated demo credentials.`;

/** Reads `KEY=VALUE` lines into a copy of `env` without overriding what is already set. */
function withEnvFile(env: NodeJS.ProcessEnv, file: string): Record<string, string | undefined> {
  const before = { ...process.env };
  const merged: Record<string, string | undefined> = { ...env };
  // process.loadEnvFile writes into process.env; read the result and restore process.env.
  process.loadEnvFile(file);
  for (const [key, value] of Object.entries(process.env)) {
    if (before[key] === undefined && merged[key] === undefined) merged[key] = value;
  }
  for (const key of Object.keys(process.env)) if (!(key in before)) delete process.env[key];
  return merged;
}

interface ServeArgs {
  port?: number;
  host?: string;
  envFile?: string;
  help?: boolean;
}

function parseArgs(argv: string[]): ServeArgs {
  const args: ServeArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new ConfigError(flag, 'needs a value');
      return v;
    };
    if (flag === '--help' || flag === '-h') args.help = true;
    else if (flag === '--port') {
      const v = value();
      if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) throw new ConfigError('--port', 'must be a port number (0 to 65535)');
      args.port = Number(v);
    } else if (flag === '--host') args.host = value();
    else if (flag === '--env-file') args.envFile = value();
    else throw new ConfigError(arg, 'is not an option of serve (see --help)');
  }
  return args;
}

export async function serveCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let args: ServeArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`ogone-checkout serve: ${(error as Error).message}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  let settings: Record<string, string | undefined> = env;
  const envFile = args.envFile ?? path.resolve('.env');
  if (args.envFile && !existsSync(envFile)) {
    process.stderr.write(`ogone-checkout serve: --env-file: ${envFile} does not exist\n`);
    return 2;
  }
  if (existsSync(envFile)) {
    try {
      settings = withEnvFile(env, envFile);
    } catch (error) {
      process.stderr.write(`ogone-checkout serve: ${envFile}: ${(error as Error).message}\n`);
      return 2;
    }
  }

  let running;
  try {
    running = await startServer({ env: settings, ...(args.port !== undefined ? { port: args.port } : {}), ...(args.host ? { host: args.host } : {}) });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`ogone-checkout serve: ${error.message}\n`);
      // 1: no Ogone account and no OGONE_ENVIRONMENT=sandbox (fail closed); 2: a bad setting.
      return error.exitCode;
    }
    process.stderr.write(`ogone-checkout serve: cannot start: ${(error as Error).message}\n`);
    return 1;
  }
  process.stderr.write(`ogone-checkout: listening on ${running.url}\n`);

  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      clearInterval(orphanWatch);
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      process.stderr.write(`ogone-checkout: ${signal} received, finishing requests in flight\n`);
      running.close().then(
        () => resolve(0),
        (error: unknown) => {
          process.stderr.write(`ogone-checkout: error while stopping: ${(error as Error).message}\n`);
          resolve(1);
        },
      );
    };
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
    // Under `npx ogone-checkout serve` (npm exec) npm starts us through `sh -c`; on SIGTERM npm
    // passes the signal to that shell, which dies without passing it on, and npm exits. We would
    // be left serving as an orphan: losing that parent is taken as the SIGTERM. Only under npm —
    // a server started with nohup must outlive its shell.
    const parent = process.ppid;
    const orphanWatch = setInterval(() => {
      if (process.ppid !== parent) stop('parent npm process exited (SIGTERM to npx)');
    }, 250);
    orphanWatch.unref();
    if (!env.npm_command) clearInterval(orphanWatch);
  });
}
