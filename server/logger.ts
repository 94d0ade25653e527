/**
 * Structured JSON logs (pino). Secrets are redacted by key wherever they appear in a logged
 * object; code never logs the configuration or request bodies as a whole anyway.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

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
  'secret',
  'authorization',
  'Authorization',
  'cookie',
  'SHASIGN',
  'CVC',
  'CARDNO',
];

export interface LoggerOptions {
  level?: string;
  /** Where lines go (stdout by default); tests pass a stream to read them. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const paths = [...REDACTED_KEYS, ...REDACTED_KEYS.map((key) => `*.${key}`), ...REDACTED_KEYS.map((key) => `*.*.${key}`)];
  const settings = {
    level: options.level ?? 'info',
    base: { service: 'ogone-checkout' },
    redact: { paths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/** A logger that writes nothing (tests that do not read logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
