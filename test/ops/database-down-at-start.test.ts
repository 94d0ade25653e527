/**
 * PostgreSQL is not reachable yet when the service starts (the host boots and the signer
 * comes up before PostgreSQL on another host is back; a restart during a database failover).
 *
 * docs/deploy.md §4: "`Restart=on-failure` restarts a crash, but not exit 1 (no Ogone account) or 2
 * (a bad setting): the one log line names the setting, and restarting would not fix it." The
 * shipped unit says `RestartPreventExitStatus=1 2`.
 *
 * A database that does not answer *yet* is neither: restarting (or waiting) fixes it. Review r1200
 * found `serve` exiting 1 ("cannot start: …"), the very status the unit never restarts, so one
 * database blip at boot left the payment service down. Such a failure is now exit 3.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { serverEnv } from '../support/accounts.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/ogone-checkout.js', import.meta.url));
const UNIT = fileURLToPath(new URL('../../docs/deploy/ogone-checkout.service', import.meta.url));
const DB_PASSWORD = 'Db-Pass-R1200-never-printed';

describe('serve while PostgreSQL is unreachable, under the shipped systemd unit', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let proxy: TcpProxy;

  before(async () => {
    database = await createTestDatabase('postgres');
    const direct = new URL(database.env.DATABASE_URL!);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    await proxy.cut(); // a closed port: PostgreSQL not up yet
  });

  after(async () => {
    await proxy?.close();
    await database?.drop();
  });

  it('either waits for the database and then serves, or exits with a status the unit restarts', async () => {
    const unit = await readFile(UNIT, 'utf8');
    const prevented = (/^RestartPreventExitStatus=(.*)$/m.exec(unit)?.[1] ?? '').split(/\s+/).filter(Boolean).map(Number);
    assert.ok(/^Restart=on-failure$/m.test(unit));

    const direct = new URL(database.env.DATABASE_URL!);
    const url = new URL(direct);
    url.port = String(proxy.port);
    url.password = DB_PASSWORD;
    const child = spawn(process.execPath, [BIN, 'serve'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOST: '127.0.0.1',
        PORT: '0',
        ...serverEnv('http://127.0.0.1:9', { DATABASE_URL: url.toString(), DATA_DIR: database.dataDir, RECONCILE_INTERVAL_SECONDS: '0' }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const early = await Promise.race([exited, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 20_000))]);
      assert.ok(!output.includes(DB_PASSWORD), 'the database password is never printed');
      if (early !== 'running') {
        assert.ok(
          early !== 0 && !prevented.includes(early as number),
          `serve exited ${early} with the database unreachable: RestartPreventExitStatus=${prevented.join(' ')} keeps systemd from restarting it. Output: ${output.trim().slice(0, 400)}`,
        );
        return;
      }
      // Still running: it must serve once the database is back.
      await proxy.restore();
      let listening: string | undefined;
      for (let i = 0; i < 300 && !listening; i++) {
        listening = /listening on (http:\/\/\S+?)[\s"]/.exec(output)?.[1];
        if (!listening) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.ok(listening, `serving once the database is back: ${output.slice(-400)}`);
      assert.equal((await fetch(`${listening}/readyz`)).status, 200);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    }
  });
});
