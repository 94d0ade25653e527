/**
 * `npx ogone-checkout sandbox [--port N] [--host H] [--feedback-url URL] [--feedback-method GET|POST]
 *   [--payment-tries N] [--status-change-feedback]`
 * Runs the sandbox alone with the account from OGONE_PSPID, OGONE_USER_ID, OGONE_PASSWORD,
 * OGONE_SHA_IN, OGONE_SHA_OUT, OGONE_HASH_ALGORITHM (validated like the server's), or the demo
 * account when none is set. Stops on SIGINT / SIGTERM.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { providerConfigSchema } from '../../shared/schemas/config.ts';
import { PROVIDER_VARIABLES } from '../config/env.ts';
import { createSandbox, firstPayIdFromClock, TEST_CARDS } from '../sandbox/app.ts';
import { DEMO_CREDENTIALS } from '../sandbox/demo-credentials.ts';
import { DEFAULT_PAYMENT_TRIES, isPaymentTries, MAX_PAYMENT_TRIES, type FeedbackMethod, type SandboxLogger } from '../sandbox/options.ts';
import { defineCommand, type CommandLine } from './command-line.ts';
import { ENV_FILE_OPTION, ENV_FILE_USAGE, loadEnvironment } from './environment.ts';
import { UsageError, type CommandIO, type Env } from './io.ts';
import { guardSandbox, isLoopbackHost } from '../sandbox-access.ts';
import { commaList } from '../config/address-list.ts';
import { merchantApiKeysProblem } from '../config/env.ts';
import { hostPort } from '../http/host-port.ts';

const DEFAULT_PORT = 8788;
const DEFAULT_HOST = '127.0.0.1';

/** The account settings the standalone sandbox reads (the server's names, minus environment and base URL). */
const ACCOUNT_VARIABLES = (['pspid', 'userId', 'password', 'shaIn', 'shaOut', 'hashAlgorithm'] as const).map(
  (field) => [field, PROVIDER_VARIABLES[field]] as const,
);

export const SANDBOX_USAGE = `Usage: ogone-checkout sandbox [--port N] [--host H] [--feedback-url URL] [--feedback-method GET|POST]
                              [--payment-tries N] [--status-change-feedback] [--env-file PATH]
  --port                    port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host                    interface to listen on (default ${DEFAULT_HOST})
  --feedback-url            the shop's post-sale URL for server-to-server feedback
  --feedback-method         POST (default) or GET
  --payment-tries           refused tries a shopper gets on the payment page (default ${DEFAULT_PAYMENT_TRIES}, 1–${MAX_PAYMENT_TRIES})
  --status-change-feedback  also send "HTTP request for status changes" (captures, refunds later; off by default)
The account comes from OGONE_PSPID, OGONE_USER_ID, OGONE_PASSWORD, OGONE_SHA_IN, OGONE_SHA_OUT,
OGONE_HASH_ALGORITHM (the environment, then ./.env or --env-file); with none of them set, the
demo account is used. On a --host other than loopback, the control API (/sandbox) takes a bearer
key from MERCHANT_API_KEYS, which must then be set.
${ENV_FILE_USAGE}`;

export interface SandboxCommandHooks {
  /** Stops the sandbox like SIGINT does (tests). */
  readonly signal?: AbortSignal;
  /** Called once the sandbox listens, with its base URL. */
  readonly onListening?: (url: string) => void;
}

const SANDBOX_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'feedback-url': { type: 'string' },
  'feedback-method': { type: 'string' },
  'payment-tries': { type: 'string' },
  'status-change-feedback': { type: 'boolean' },
  ...ENV_FILE_OPTION,
} as const;

export const sandboxCommand = defineCommand<typeof SANDBOX_OPTIONS, SandboxCommandHooks>({
  name: 'sandbox',
  usage: SANDBOX_USAGE,
  options: SANDBOX_OPTIONS,
  run: (line, env, io, hooks = {}) => runSandbox(readSettings(line, env), io, hooks),
});

async function runSandbox(settings: ReturnType<typeof readSettings>, io: CommandIO, hooks: SandboxCommandHooks): Promise<number> {
  const { account, demo, port, host, merchantApiKeys, feedbackUrl, feedbackMethod, paymentTries, statusChangeFeedback } = settings;
  const sandbox = createSandbox({
    ...account,
    ...(feedbackUrl !== undefined ? { feedbackUrl } : {}),
    feedbackMethod,
    paymentTries,
    statusChangeFeedback,
    // Never a PAYID an earlier run gave, as for the sandbox serve mounts (review r1638).
    firstPayId: firstPayIdFromClock(),
    logger: lineLogger(io),
  });

  // On loopback its control API answers only under this machine's names (DNS rebinding); on any
  // other address it takes a merchant API key, as the sandbox mounted in `serve` does.
  const fetch = guardSandbox(sandbox.app.fetch, { host, merchantApiKeys });
  const server = serve({ fetch, port, hostname: host });
  const started = await new Promise<AddressInfo | Error>((resolve) => {
    server.once('listening', () => resolve(server.address() as AddressInfo));
    server.once('error', (error) => resolve(error));
  });
  if (started instanceof Error) {
    await sandbox.close();
    const code = (started as NodeJS.ErrnoException).code;
    io.stderr(
      `ogone-checkout sandbox: cannot listen on ${host}:${port}${code === 'EADDRINUSE' ? ' (port already in use; choose another with --port)' : `: ${started.message}`}`,
    );
    return 1;
  }
  const baseUrl = `http://${hostPort(host, started.port)}`;
  printBanner(io, baseUrl, account.pspid, account.userId, demo, feedbackUrl, feedbackMethod, { paymentTries, statusChangeFeedback });
  hooks.onListening?.(baseUrl);

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      hooks.signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    hooks.signal?.addEventListener('abort', stop, { once: true });
    if (hooks.signal?.aborted) stop();
  });
  io.stdout('Stopping the sandbox…');
  await sandbox.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return 0;
}

function readSettings({ values }: CommandLine<typeof SANDBOX_OPTIONS>, env: Env) {
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!/^\d+$/.test(values.port ?? '0') || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, not ${JSON.stringify(values.port)}`);
  }
  const host = values.host ?? DEFAULT_HOST;
  if (host.trim() === '') throw new UsageError('--host must not be empty');
  const feedbackUrl = values['feedback-url'];
  if (feedbackUrl !== undefined && !isHttpUrl(feedbackUrl)) {
    throw new UsageError(`--feedback-url must be an absolute http(s) URL, not ${JSON.stringify(feedbackUrl)}`);
  }
  const method = (values['feedback-method'] ?? 'POST').toUpperCase();
  if (method !== 'POST' && method !== 'GET') {
    throw new UsageError(`--feedback-method must be GET or POST, not ${JSON.stringify(values['feedback-method'])}`);
  }
  const triesText = values['payment-tries'];
  const paymentTries = triesText === undefined ? DEFAULT_PAYMENT_TRIES : Number(triesText);
  if (triesText !== undefined && (!/^\d+$/.test(triesText) || !isPaymentTries(paymentTries))) {
    throw new UsageError(`--payment-tries must be a whole number from 1 to ${MAX_PAYMENT_TRIES}, not ${JSON.stringify(triesText)}`);
  }
  const statusChangeFeedback = values['status-change-feedback'] ?? false;
  const environment = loadEnvironment(env, values['env-file']);
  // Its control API lists payments with shopper data and injects faults: off loopback, only with a
  // key (sandbox-access.ts). Open to anyone who could reach the address, it was before.
  const loopback = isLoopbackHost(host);
  const merchantApiKeys = loopback ? [] : commaList(environment.MERCHANT_API_KEYS);
  const keysProblem = loopback ? undefined : merchantApiKeysProblem(merchantApiKeys);
  if (keysProblem) {
    throw new UsageError(
      `--host ${host} is not a loopback address, so the control API (/sandbox) takes a merchant API key: MERCHANT_API_KEYS ${keysProblem}`,
    );
  }
  return {
    ...readAccount(environment),
    port,
    host,
    merchantApiKeys,
    feedbackUrl,
    feedbackMethod: method as FeedbackMethod,
    paymentTries,
    statusChangeFeedback,
  };
}

/** The account from OGONE_*; the demo account when none of them is set. */
function readAccount(env: Env): { account: typeof DEMO_CREDENTIALS; demo: boolean } {
  const given = ACCOUNT_VARIABLES.filter(([, variable]) => (env[variable] ?? '') !== '');
  if (given.length === 0) return { account: DEMO_CREDENTIALS, demo: true };
  const parsed = providerConfigSchema.safeParse({
    pspid: env.OGONE_PSPID,
    userId: env.OGONE_USER_ID,
    password: env.OGONE_PASSWORD,
    shaIn: env.OGONE_SHA_IN,
    shaOut: env.OGONE_SHA_OUT,
    hashAlgorithm: env.OGONE_HASH_ALGORITHM || undefined,
    environment: 'sandbox',
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? '');
    const variable = ACCOUNT_VARIABLES.find(([name]) => name === field)?.[1] ?? 'OGONE_*';
    throw new UsageError(`${variable}: ${issue?.message ?? 'invalid value'}`);
  }
  const { pspid, userId, password, shaIn, shaOut, hashAlgorithm } = parsed.data;
  return { account: { pspid, userId, password, shaIn, shaOut, hashAlgorithm }, demo: false };
}

function printBanner(
  io: CommandIO,
  baseUrl: string,
  pspid: string,
  userId: string,
  demo: boolean,
  feedbackUrl: string | undefined,
  method: FeedbackMethod,
  settings: { paymentTries: number; statusChangeFeedback: boolean },
): void {
  io.stdout(`Ogone sandbox (TEST PLATFORM) listening on ${baseUrl}`);
  io.stdout(`  hosted payment page  ${baseUrl}/ncol/test/orderstandard_utf8.asp`);
  io.stdout(`  DirectLink           ${baseUrl}/ncol/test/orderdirect_utf8.asp, maintenancedirect_utf8.asp, querydirect_utf8.asp`);
  io.stdout(`  control API          ${baseUrl}/sandbox`);
  io.stdout(
    demo
      ? `No OGONE_* credentials set: using the demo account (PSPID ${pspid}, API user ${userId}; passphrases in server/sandbox/README.md).`
      : `Account: PSPID ${pspid}, API user ${userId} (from OGONE_*).`,
  );
  io.stdout(
    feedbackUrl
      ? `Feedback: ${method} ${feedbackUrl}`
      : 'Feedback: no --feedback-url, so no server-to-server request (browser redirects only).',
  );
  io.stdout(
    `Payment page: ${settings.paymentTries} tries before a refusal is final; status-change requests ${settings.statusChangeFeedback ? 'on' : 'off (captures and refunds settle through DirectLink answers and queries)'}.`,
  );
  io.stdout('Test cards (any future expiry such as 12/30, any CVC of the right length):');
  for (const card of TEST_CARDS) io.stdout(`  ${card.number.padEnd(17)} ${card.brand.padEnd(17)} ${card.result}`);
  io.stdout('  Cancel button      → STATUS 1 (CANCELURL, else DECLINEURL)');
  io.stdout('Press Ctrl+C to stop.');
}

/** One line per event on stdout; the objects logged never hold secrets or card numbers. */
function lineLogger(io: CommandIO): SandboxLogger {
  const line = (level: string) => (details: object, message?: string) =>
    io.stdout(`[${level}] ${message ?? ''} ${JSON.stringify(details)}`);
  return { info: line('info'), warn: line('warn'), error: line('error') };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
