/**
 * A signer server in a child process, like `ogone-checkout serve`, with the tuning tests need
 * (webhook back-off, lease, rate limit…) read from OC_TEST_SERVER_OPTIONS as JSON, plus
 * `clockSkewMs` to run this process's clock ahead or behind (hosts out of sync). Prints the same
 * "listening on" line as the CLI and stops on SIGTERM.
 */
import { startServer, type StartServerOptions } from '../../server/start-server.ts';

const { clockSkewMs, ...tuning } = JSON.parse(process.env.OC_TEST_SERVER_OPTIONS ?? '{}') as Partial<StartServerOptions> & {
  clockSkewMs?: number;
};
if (clockSkewMs) {
  // The whole process sees the skewed time, as on a host whose clock is off (ids, logs, clock).
  const realNow = Date.now.bind(Date);
  Date.now = () => realNow() + clockSkewMs;
}
const running = await startServer({
  env: process.env,
  ...tuning,
  ...(clockSkewMs ? { clock: { now: () => new Date(Date.now()) } } : {}),
});
process.stderr.write(`ogone-checkout: listening on ${running.url}\n`);
process.once('SIGTERM', () => {
  void running.close().then(() => process.exit(0));
});
