/**
 * `npx ogone-checkout serve` — the production entry point. Reads `.env` when present (real
 * environment variables win), starts the server, stops gracefully on SIGTERM/SIGINT.
 * A bad setting prints one line naming it and exits 2.
 */
import { ConfigError, isListenHost } from '../config/env.ts';
import { parseLogFormat } from '../config/log-format.ts';
import { renderSettingsUsage } from '../config/settings.ts';
import { createLogger, type Logger } from '../logger.ts';
import { startServer, type RunningServer } from '../start-server.ts';
import { defineCommand } from './command-line.ts';
import { EXIT_CRASHED, exitOnCrash } from './crash.ts';
import { ENV_FILE_OPTION, loadEnvironment } from './environment.ts';
import { UsageError, type Env } from './io.ts';

/** Built when asked: the settings part comes from the one table of variables (config/settings.ts). */
function serveUsage(): string {
  return `usage: ogone-checkout serve [--port N] [--host ADDRESS] [--env-file PATH]

Starts the signer server. Settings come from the environment (and .env, or --env-file; the real
environment wins). --port and --host override PORT and HOST.
SIGTERM or SIGINT: /readyz answers 503, requests in flight finish (SHUTDOWN_GRACE_SECONDS,
default 10), the database closes, exit 0. A second signal stops at once.
With no Ogone credentials it refuses to start (exit 1) unless OGONE_ENVIRONMENT=sandbox: then it
runs the local sandbox with generated demo credentials. A bad setting: one line naming it, exit 2.
Any other failure to start (the database unreachable): exit 3. A crash while running (an uncaught
exception): one fatal log line, exit ${EXIT_CRASHED}.

${renderSettingsUsage()}`;
}

/** A flag's value, refused when empty (`--host=`). */
function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UsageError(`${flag}: needs a value`);
  return value;
}

function portOption(value: string | undefined): number | undefined {
  if (nonEmpty('--port', value) === undefined) return undefined;
  if (!/^\d{1,5}$/.test(value!) || Number(value) > 65535) throw new UsageError('--port: must be a port number (0 to 65535)');
  return Number(value);
}

export const serveCommand = defineCommand({
  name: 'serve',
  usage: serveUsage,
  options: { port: { type: 'string' }, host: { type: 'string' }, ...ENV_FILE_OPTION },
  async run({ values }, env, io) {
    const port = portOption(values.port);
    // Blanks around it dropped, as around HOST (review r1502: checked trimmed, used as given).
    const host = nonEmpty('--host', values.host)?.trim();
    // Checked as HOST is, and named as given: a port in it is --port's.
    if (host !== undefined && !isListenHost(host))
      throw new UsageError(
        '--host: must be an address or host name to listen on, such as 0.0.0.0, 127.0.0.1 or ::1 (no port: that is --port)',
      );
    const settings = loadEnvironment(env, values['env-file']);
    // From here a crash is a JSON record and an exit the systemd unit restarts (crash.ts). A bad
    // LOG_FORMAT is startServer's to name (exit 2); a crash before that logs JSON.
    exitOnCrash(settings, () => {
      try {
        return parseLogFormat(settings);
      } catch {
        return 'json';
      }
    });

    let running;
    try {
      running = await startServer({
        env: { ...settings },
        ...(port !== undefined ? { port } : {}),
        ...(host ? { host } : {}),
        listenNames: { host: '--host', port: '--port' },
      });
    } catch (error) {
      if (error instanceof ConfigError) {
        io.stderr(`ogone-checkout serve: ${error.message}`);
        // 1: no Ogone account and no OGONE_ENVIRONMENT=sandbox (fail closed); 2: a bad setting.
        return error.exitCode;
      }
      io.stderr(`ogone-checkout serve: cannot start: ${(error as Error).message}`);
      // A database a newer release migrated: 1, not restarted (docs/deploy.md §8). Anything else
      // not 1 (no Ogone account) nor 2 (a bad setting), which the systemd unit does not restart:
      // a database not up yet at boot is fixed by a restart (review r1200). By name: the
      // migrations module stays out of this command's eager load.
      // A damaged SQLite file (DatabaseDamagedError) neither: it needs a backup put in place.
      const name = (error as Error).name;
      return name === 'SchemaNewerError' || name === 'DatabaseDamagedError' ? 1 : EXIT_START_FAILED;
    }
    // The command's own lines are log records too, so a collector parses every line. They go to
    // stderr at every LOG_LEVEL: supervisors and scripts wait for the start line and its URL.
    const lifecycle = createLogger({ level: 'info', format: parseLogFormat(settings), destination: 2 });
    lifecycle.info({ url: running.url, pid: process.pid }, `listening on ${running.url} (pid ${process.pid})`);
    return untilStopped(running, env, lifecycle);
  },
});

/** A start that failed for a reason a restart may fix: the database unreachable, say. */
const EXIT_START_FAILED = 3;

/** How long after the grace period the close may take: background work, the database, held keys. */
const CLOSE_MARGIN_MS = 10_000;
/** How long a closed server's process may still wait for its event loop to empty. */
const EXIT_AFTER_CLOSE_MS = 500;

/** Serves until SIGTERM / SIGINT (or npm's exit, below), then closes gracefully: exit 0, or 1 on a failed close. */
function untilStopped(running: RunningServer, env: Env, lifecycle: Logger): Promise<number> {
  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      clearInterval(orphanWatch);
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      lifecycle.info({ signal }, `${signal} received, finishing requests in flight`);
      // A close that cannot finish — a database that stopped answering without closing its
      // connections — ends the process anyway, well before systemd's TimeoutStopSec kills it
      // (review r1200: alive 25 s after a 2 s grace period).
      const deadline = setTimeout(() => {
        lifecycle.error({ afterMs: running.shutdownGraceMs + CLOSE_MARGIN_MS }, 'stopping took too long: exiting');
        process.exit(1);
      }, running.shutdownGraceMs + CLOSE_MARGIN_MS);
      deadline.unref();
      const exit = (code: number) => {
        clearTimeout(deadline);
        resolve(code);
        // Closed: what still holds the event loop is a request cut off past the grace period (a
        // DirectLink call waiting for its own 40 s timeout, review r1200), which nothing will
        // answer. The process goes now rather than when it ends.
        setTimeout(() => process.exit(code), EXIT_AFTER_CLOSE_MS).unref();
      };
      running.close().then(
        () => exit(0),
        (error: unknown) => {
          lifecycle.error({ error: (error as Error).message }, 'error while stopping');
          exit(1);
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
