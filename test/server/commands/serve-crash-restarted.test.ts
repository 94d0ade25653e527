/**
 * Found by review r1736 (2026-12-07), now fixed.
 * The fix: serve installs uncaughtException / unhandledRejection handlers (commands/crash.ts): one fatal JSON record, secrets scrubbed, exit 70, which the unit restarts.
 *
 * A running `serve` that crashes (an uncaught exception or an unhandled rejection anywhere in the
 * process) exits 1, the one code the shipped systemd unit never restarts.
 *
 * What is wrong: docs/deploy.md §4 says "`Restart=on-failure` restarts a crash, but not exit 1 (no
 * Ogone account, or a database a newer release migrated) or 2 (a bad setting)", and the unit
 * (docs/deploy/ogone-checkout.service) sets `RestartPreventExitStatus=1 2`. But `serve` installs no
 * handler for uncaught exceptions or unhandled rejections (server/commands/serve.ts, bin/), so a
 * crash at run time takes Node's default exit code, 1. systemd then reads it as "a setting to fix"
 * and leaves the payment server down; and the crash's stack goes to stderr as plain text, not as
 * a JSON log record, so a collector that parses every line (docs/deploy.md: "Logs are JSON, one
 * object a line") loses the one line that says why.
 *
 * Why it matters: the shop's checkout, feedback (Ogone's retries end), webhooks and the reconciler
 * all stop until a person notices, after a fault that a restart would have cleared. The operator
 * followed the guide exactly.
 *
 * The crash here is simulated: a preloaded module makes the process throw from a callback when it
 * gets SIGUSR2, as any defect in an event handler or timer would. Expected instead: the exit code
 * of a crash is not one of RestartPreventExitStatus (so systemd restarts it), and the crash is
 * logged as a JSON record.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnServer, type ServerProcess } from '../../support/processes.ts';
import { SCALE_SANDBOX_ACCOUNT, serverEnv } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';

const UNIT = fileURLToPath(new URL('../../../docs/deploy/ogone-checkout.service', import.meta.url));

/** A defect in a callback: thrown outside any request, on SIGUSR2. */
const CRASH_ON_SIGUSR2 = `process.on('SIGUSR2',()=>setImmediate(()=>{throw new Error('simulated defect in a callback')}))`;

describe('a crash of a running `serve` under the shipped systemd unit', { timeout: 60_000 }, () => {
  let sandbox: RunningSandbox;
  let server: ServerProcess;
  let dataDir: string;

  before(async () => {
    sandbox = await startSandbox(SCALE_SANDBOX_ACCOUNT);
    dataDir = await mkdtemp(path.join(tmpdir(), 'r1736-'));
    server = await spawnServer({
      env: serverEnv(sandbox.url, {
        DATA_DIR: dataDir,
        NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(CRASH_ON_SIGUSR2)}`,
      }),
    });
  });

  after(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await server?.exited;
    await sandbox?.close().catch(() => {});
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('exits with a code systemd restarts (not in RestartPreventExitStatus), the crash logged as JSON', async () => {
    const unit = await readFile(UNIT, 'utf8');
    const prevented = /^RestartPreventExitStatus=(.*)$/m.exec(unit)?.[1]?.trim().split(/\s+/).map(Number) ?? [];
    assert.ok(prevented.length > 0, 'the unit names the exit codes it does not restart');
    assert.match(unit, /^Restart=on-failure$/m);

    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
    server.child.kill('SIGUSR2');
    const code = await server.exited;
    const { stderr, stdout } = server.output();
    assert.notEqual(code, null, 'the process exits with a code (not a signal)');
    assert.ok(
      !prevented.includes(code!),
      `a crash exited ${code}, which the unit's RestartPreventExitStatus=${prevented.join(' ')} never restarts:\n${stderr.slice(-800)}`,
    );
    const crashLine = (stdout + stderr).split('\n').find((line) => line.includes('simulated defect'));
    assert.ok(crashLine !== undefined, 'the crash is logged');
    assert.doesNotThrow(() => JSON.parse(crashLine), `the crash's log line is JSON: ${crashLine}`);
  });
});
