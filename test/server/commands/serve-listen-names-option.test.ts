/**
 * Found by review r1501 (2026-12-07), now fixed.
 *
 * What is wrong: when `serve --host H` or `serve --port N` cannot listen, the one line names the
 * HOST or PORT *setting*, which the operator did not set: server/start-server.ts, startServer,
 * the listener's 'error' handler always raises ConfigError('HOST', …) / ConfigError('PORT', …),
 * although `where` is computed from `options.host ?? config.host` and `options.port ?? config.port`
 * (the options win). Review r1300's fix promised "at listen, name --host when the address came
 * from it"; only the syntax check in server/commands/serve.ts was added, the listen errors still
 * name the settings. `serve --host 192.0.2.1` prints "ogone-checkout serve: HOST: cannot listen on
 * 192.0.2.1:…", and `serve --port <a port in use>` prints "PORT: cannot listen on …".
 *
 * Why it matters: the CLI's contract (server/commands/command-line.ts; `serve --help`: "A bad
 * setting: one line naming it") is that the line names what was given. The operator goes looking
 * for a HOST or PORT in the environment file that is not there (or, worse, is there with another
 * value, since the option overrides it) while the unit's ExecStart line is what to fix.
 *
 * Expectation: each refusal is non-zero, one line, names the option given (--host / --port) and
 * does not blame the HOST / PORT setting.
 *
 * The fix: start-server.ts names --host or --port when the option was given, the setting
 * otherwise.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../support/cli.ts';

describe('serve: a listen refused for --host / --port names the option', { timeout: 90_000 }, () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'r1495-listen-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('--host with an address that is not this machine’s (TEST-NET 192.0.2.1)', async () => {
    const run = await runCli(['serve', '--host', '192.0.2.1', '--port', '0'], {
      OGONE_ENVIRONMENT: 'sandbox',
      DATA_DIR: path.join(scratch, 'host'),
    });
    const lines = run.stderr.trim().split('\n');
    assert.notEqual(run.code, 0, run.stderr);
    assert.notEqual(run.code, null, 'serve refused instead of listening');
    assert.equal(lines.length, 1, run.stderr);
    assert.doesNotMatch(lines[0]!, /serve: HOST:/, `the line blames the HOST setting, which is not set: ${lines[0]}`);
    assert.match(lines[0]!, /--host/, lines[0]);
  });

  it('--port with a port another process holds', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const run = await runCli(['serve', '--host', '127.0.0.1', '--port', String(port)], {
        OGONE_ENVIRONMENT: 'sandbox',
        DATA_DIR: path.join(scratch, 'port'),
        PORT: '8787',
      });
      const lines = run.stderr.trim().split('\n');
      assert.notEqual(run.code, 0, run.stderr);
      assert.notEqual(run.code, null, 'serve refused instead of listening');
      assert.equal(lines.length, 1, run.stderr);
      assert.doesNotMatch(lines[0]!, /serve: PORT:/, `the line blames PORT (set to 8787, not the port refused): ${lines[0]}`);
      assert.match(lines[0]!, /--port/, lines[0]);
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });
});
