/**
 * Found by review r1556 (2026-12-07), now fixed.
 *
 * What is wrong: server/start-server.ts, the listen error handler (review r1501's change) names the
 * setting by whether `options.port` / `options.host` were passed: `--port` / `--host` when they
 * were, `PORT` / `HOST` otherwise. But `serve` is not the only caller: the demo (`npm start`,
 * server/demo/run.ts startDemo) always passes `port`, read from the PORT environment variable (it
 * needs the number before starting, for its webhook URL) — it has no --port option at all. A port
 * already taken now makes `npm start` print "ogone-checkout demo: --port: cannot listen on …
 * another process holds the port (EADDRINUSE)": it tells the developer to change an option the
 * command does not have, where before today it named PORT (and demo/main.ts's own hint for
 * EADDRINUSE says "set PORT to another one").
 *
 * Why it matters: the operator-facing error names the wrong knob for the documented first step of
 * the README ("npm install && npm start"): a second checkout or any other local server on 8787
 * makes the first run fail with advice that cannot be followed.
 *
 * Expectation: startDemo with PORT set to a port another process holds rejects with a ConfigError
 * naming PORT (the setting the demo read), not `--port`.
 *
 * The fix: start-server.ts names an option only when its caller says the value came from one
 * (listenNames: serve's --host / --port); the demo passes PORT's value and is told of PORT.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemo } from '../../../server/demo/run.ts';
import { ConfigError } from '../../../server/config/config-error.ts';

describe('npm start (the demo) on a port another process holds', { timeout: 60_000 }, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'r1556-demo-'));
  let holder: Server | undefined;
  after(async () => {
    await new Promise<void>((resolve) => (holder ? holder.close(() => resolve()) : resolve()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('names PORT, the setting the demo read, not an option it does not have', async () => {
    holder = createServer();
    const port = await new Promise<number>((resolve, reject) => {
      holder!.once('error', reject);
      holder!.listen(0, '127.0.0.1', () => resolve((holder!.address() as { port: number }).port));
    });
    let failure: unknown;
    try {
      const demo = await startDemo({
        env: { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
        print: () => {},
      });
      await demo.close();
    } catch (error) {
      failure = error;
    }
    assert.ok(failure instanceof ConfigError, `expected a ConfigError for the port in use, got ${String(failure)}`);
    assert.equal(failure.variable, 'PORT', `the demo has no --port option (it reads PORT), yet its error says: "${failure.message}"`);
  });
});
