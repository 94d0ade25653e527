/**
 * Structured JSON logs (pino), one object a line so a collector can parse every line; or, with
 * LOG_FORMAT=pretty, the same records made readable for people by pino-pretty. Secrets are
 * redacted by key wherever they appear in a logged object, before either format sees them;
 * code never logs the configuration or request bodies as a whole anyway.
 */
import { createRequire } from 'node:module';
import type Pino from 'pino';
import type { DestinationStream, Logger as PinoLogger } from 'pino';
import type PinoPretty from 'pino-pretty';

/**
 * What the server's code calls on its logger: pino's level methods and `isLevelEnabled`. A pino
 * logger is one; so is SILENT below, which needs no pino.
 */
export type Logger = Pick<PinoLogger, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'isLevelEnabled'>;

/**
 * pino, required on the first logger that writes: loading it (and what it requires: worker
 * threads, assert, its transports' plumbing) was a tenth of a cold start (issue 17), and a server
 * logging at `silent` (tests, the benchmark, LOG_LEVEL=silent) writes nothing with it. It stays
 * outside the server bundle (scripts/build-server.mjs), found from this module like pino-pretty.
 */
const requirePackage = createRequire(import.meta.url);

/**
 * The one logger shape our components take (the DirectLink client, the reconciler, the retention
 * purger, the sandbox): pino's `logger.info(details, message)`, so the app's pino `Logger` fits
 * and a test can pass a plain object that collects lines. Components are never given secrets to
 * log. One that only reports progress and trouble asks for `Pick<StructuredLogger, 'info' | 'warn'>`.
 */
export interface StructuredLogger {
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
}

/** Writes nothing: the default of components whose caller passes no logger. */
export const NO_LOG: StructuredLogger = { info() {}, warn() {}, error() {} };

/** Keys whose values never reach a log line. */
export const REDACTED_KEYS = [
  'shaIn',
  'shaOut',
  'password',
  'pswd',
  'PSWD',
  'merchantApiKey',
  'merchantApiKeys',
  'apiKey',
  'apiKeys',
  'webhookSecret',
  'webhookSecretPrevious',
  'previousSecret',
  'secret',
  'authorization',
  'Authorization',
  'cookie',
  'SHASIGN',
  'CVC',
  'CARDNO',
];

/**
 * An Ogone ALIAS as a log line shows it: its last 4 characters. The alias is a saved card's token —
 * with it and the API user, DirectLink charges the card (docs/ogone-protocol.md §10) — so it never
 * reaches a log whole; the end tells an operator which card, as a masked card number does. One
 * too short to keep 4 characters hidden shows none.
 */
export function aliasForLog(alias: string): string;
export function aliasForLog(alias: string | undefined): string | undefined;
export function aliasForLog(alias: string | undefined): string | undefined {
  if (alias === undefined) return undefined;
  return alias.length >= 12 ? `…${alias.slice(-4)}` : '…';
}

/** LOG_FORMAT: `json` for machines (the default), `pretty` for a person at a terminal. */
export type LogFormat = 'json' | 'pretty';

export interface LoggerOptions {
  level?: string;
  format?: LogFormat;
  /** Where lines go (stdout by default, 2 for stderr); tests pass a stream to read them. */
  destination?: DestinationStream | 1 | 2;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  if (options.level === 'silent') return SILENT;
  const pino = requirePackage('pino') as typeof Pino;
  const paths = [...REDACTED_KEYS, ...REDACTED_KEYS.map((key) => `*.${key}`), ...REDACTED_KEYS.map((key) => `*.*.${key}`)];
  const settings = {
    level: options.level ?? 'info',
    base: { service: 'ogone-checkout' },
    redact: { paths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.format === 'pretty') {
    // Synchronous like pino's own stdout, so the last lines before an exit are not lost.
    // The record is redacted by pino before pino-pretty formats it.
    // Loaded only here: pino-pretty and its colour support cost start-up time a JSON log never
    // needs, and it stays outside the server bundle (scripts/build-server.mjs) like pino.
    const pinoPretty = requirePackage('pino-pretty') as typeof PinoPretty;
    const pretty = pinoPretty({
      colorize: false,
      sync: true,
      ignore: 'service',
      destination: options.destination ?? 1,
    });
    return pino(settings, pretty);
  }
  if (typeof options.destination === 'number') return pino(settings, pino.destination({ dest: options.destination, sync: true }));
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/** Writes nothing, as pino does at level `silent`, without loading pino. Shared, so frozen. */
const SILENT: Logger = Object.freeze({
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  fatal() {},
  isLevelEnabled: () => false,
});

/** A logger that writes nothing (tests that do not read logs). */
export function silentLogger(): Logger {
  return SILENT;
}
