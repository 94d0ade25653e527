/**
 * A crash of `serve`: an uncaught exception or an unhandled rejection — a defect in a callback or
 * a timer, outside any request. Left to Node, it exited 1, the code the systemd unit never
 * restarts (`RestartPreventExitStatus=1 2`: a missing Ogone account, a bad setting), with its
 * trace as plain text a log collector cannot parse (review r1736). It is logged as one fatal
 * record instead, and the process exits EXIT_CRASHED, which the unit restarts.
 *
 * No graceful close: after a defect nothing says the process is sound. What was committed is in
 * the database; requests not yet answered are retried by their clients, their Idempotency-Keys
 * held until they lapse, as after a kill.
 */
import type { LogFormat } from '../logger.ts';
import { createLogger } from '../logger.ts';
import { SECRET_SETTINGS } from '../config/settings.ts';
import { scrub } from '../directlink/errors.ts';
import { urlPasswordForms } from '../config/url-password.ts';
import type { Env } from './io.ts';

/** sysexits' EX_SOFTWARE, "an internal software error": neither 1 nor 2, so restarted. */
export const EXIT_CRASHED = 70;

/** Installs the handlers: from then on a crash is logged (to stderr, `format`) and exits EXIT_CRASHED. */
export function exitOnCrash(settings: Env, format: () => LogFormat): void {
  // The secret settings' values, each key of a list, a database URL's password: whatever a
  // defect's message might quote never reaches the line.
  const secrets = SECRET_SETTINGS.flatMap((name) => {
    const value = settings[name];
    if (!value) return [];
    return [value, ...value.split(',').map((part) => part.trim()), ...urlPasswordForms(value)];
  });
  let crashed = false;
  const crash = (error: unknown, origin: string) => {
    // A second crash while this one is logged: the exit below is already on its way.
    if (crashed) return;
    crashed = true;
    try {
      const err =
        error instanceof Error
          ? { type: error.name, message: scrub(error.message, secrets), stack: scrub(error.stack ?? '', secrets) }
          : { type: typeof error, message: scrub(String(error), secrets) };
      createLogger({ level: 'fatal', format: format(), destination: 2 }).fatal(
        { err, origin, exitCode: EXIT_CRASHED },
        `crashed (${origin}): exiting ${EXIT_CRASHED} to be restarted`,
      );
    } finally {
      process.exit(EXIT_CRASHED);
    }
  };
  process.on('uncaughtException', (error) => crash(error, 'uncaught exception'));
  process.on('unhandledRejection', (reason) => crash(reason, 'unhandled rejection'));
}
