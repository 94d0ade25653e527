// The signer server as the benchmark runs it: the production bundle (server/dist/start-server.js, built by
// `npm run build`) started from the environment the parent passes — SQLite in a temp DATA_DIR or
// PostgreSQL through DATABASE_URL, the sandbox as Ogone. The public rate limit is lifted and the
// feedback limit exempts loopback (FEEDBACK_RATE_LIMIT_EXEMPT): the benchmark measures
// throughput, not the limiters.
import { startServer } from '../../server/dist/start-server.js';

const running = await startServer({
  env: { ...process.env, LOG_LEVEL: 'silent', FEEDBACK_RATE_LIMIT_EXEMPT: 'loopback' },
  port: 0,
  host: '127.0.0.1',
  quiet: true,
  rateLimit: { windowMs: 60_000, limit: 1_000_000_000 },
});
process.send?.({ ready: true, url: running.url });
process.on('SIGTERM', () => {
  void running.close().then(() => process.exit(0));
});
