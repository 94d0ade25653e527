/**
 * `restore` on the deployed host, as docs/deploy.md has the operator run the commands: as
 * root (the environment file is "owner root, mode 0600", so only root can pass `--env-file`), on
 * the DATA_DIR of a service whose own user owns it (the unit's `DynamicUser=yes` +
 * `StateDirectory=`; systemd re-owns the state directory only when the directory itself is owned
 * by someone else, never the files in a correctly owned one).
 *
 * docs/deploy.md §8 (rollback): "Restore the backup of step 1 (`ogone-checkout restore` …), then
 * start the older release." README "Backups and upgrades": "stop the server, then put a backup in
 * place". The operator expects the service to start on the restored database. Review r1200 found
 * the restored file root's, mode 0600: the service's user could not open it, and the rollback
 * left the payment service down. It now takes DATA_DIR's owner (db/backup.ts).
 *
 * Needs root (it runs the service as `nobody`); skipped otherwise.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MERCHANT_API_KEY, serverEnv } from '../support/accounts.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/ogone-checkout.js', import.meta.url));
const SERVICE_UID = 65534; // nobody: the service's own user
const isRoot = process.getuid?.() === 0;

interface Served {
  url: string;
  stop(): Promise<number | null>;
}

/** `serve` as the service's user. Rejects with its output if it exits before listening. */
function serveAsService(env: Record<string, string>): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: '/',
    uid: SERVICE_UID,
    gid: SERVICE_UID,
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no start within 30 s: ${output}`));
    }, 30_000);
    const look = () => {
      const url = /listening on (http:\/\/[^\s"]+)/.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({ url, stop: () => (child.kill('SIGTERM'), exited) });
    };
    child.stderr.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code} before listening: ${output.trim()}`));
    });
  });
}

/** A CLI command as root, as from root's shell or cron. */
function asRoot(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
}

describe(
  'restore run by root on the service-owned DATA_DIR, then the service starts',
  { skip: isRoot ? false : 'needs root', timeout: 120_000 },
  () => {
    let scratch: string;
    let dataDir: string;
    let env: Record<string, string>;

    before(() => {
      scratch = mkdtempSync(path.join(tmpdir(), 'r1200-restore-owner-'));
      chownSync(scratch, 0, 0);
      chmodSync(scratch, 0o755); // like /var/lib: the service's user passes through it
      dataDir = path.join(scratch, 'state');
      spawnSync('install', ['-d', '-m', '0700', '-o', String(SERVICE_UID), '-g', String(SERVICE_UID), dataDir]);
      env = serverEnv('http://127.0.0.1:9', { DATA_DIR: dataDir, RECONCILE_INTERVAL_SECONDS: '0' });
    });

    after(() => rmSync(scratch, { recursive: true, force: true }));

    it('the restored database is the service user’s, and serve starts on it', async () => {
      // The service runs and takes a payment session; root's nightly backup; the service is stopped.
      const first = await serveAsService(env);
      const created = await fetch(`${first.url}/api/checkout-sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${MERCHANT_API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 4200, currency: 'EUR' }),
      });
      assert.equal(created.status, 201);
      const { id } = (await created.json()) as { id: string };
      const backupFile = path.join(scratch, 'nightly.sqlite');
      const backup = asRoot(['backup', '--to', backupFile], env);
      assert.equal(backup.status, 0, backup.stderr);
      assert.equal(await first.stop(), 0);

      // Rollback: root restores the backup (README: stop the server, then restore).
      const restore = asRoot(['restore', backupFile], env);
      assert.equal(restore.status, 0, restore.stderr);
      const live = path.join(dataDir, 'ogone-checkout.sqlite');
      const owner = statSync(live).uid;

      // The service starts again, as its own user, on the restored database.
      let second: Served | undefined;
      try {
        second = await serveAsService(env);
      } catch (error) {
        assert.fail(
          `after restore (database file owned by uid ${owner}, mode ${(statSync(live).mode & 0o777).toString(8)}): ${(error as Error).message.slice(0, 400)}`,
        );
      }
      try {
        const session = await fetch(`${second.url}/api/checkout-sessions/${id}`, {
          headers: { authorization: `Bearer ${MERCHANT_API_KEY}` },
        });
        assert.equal(session.status, 200, 'the restored session is served');
      } finally {
        await second.stop();
      }
    });
  },
);
