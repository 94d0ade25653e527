/**
 * `ogone-checkout restore` killed mid-way never leaves the next `serve` on an empty database
 * (review r1331).
 *
 * restoreSqlite (server/db/backup.ts) used to rename the live database aside, then rename the
 * restored copy into place: between the two there was no file at the live path. A restore killed
 * there (SIGKILL, an OOM kill, the host losing power) left `<live>.before-restore-…` and
 * `<live>.restoring-<pid>` beside a missing database; `serve` then created a fresh database (its
 * first-start path) and served from it: the shop's sessions answered 404, the platform's feedback
 * for existing payments found nothing. Now the live database is hard-linked aside and the restored
 * copy renamed over the live path: rename(2) replaces it atomically, so there is never a moment
 * without a database there. README "Backups and upgrades" promises the replaced database is kept
 * and the restored one put in its place; an empty one is neither.
 *
 * Scenario (real processes): a server on SQLite makes a checkout session, is stopped; `backup`
 * copies the database; `restore` of that copy runs under strace, which kills it (SIGKILL) at its
 * second rename — where the old restore stood between its two renames. Then `serve` starts on the
 * same DATA_DIR. The test accepts a refused start (exit non-zero) or a server that still serves the
 * session — never a server answering 404 for it. Needs strace (scripts/ensure-system.sh installs
 * it); skipped without it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MERCHANT_API_KEY, SCALE_ACCOUNT } from '../support/accounts.ts';
import { spawnServer, type ServerProcess } from '../support/processes.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/ogone-checkout.js', import.meta.url));
const LIVE_NAME = 'ogone-checkout.sqlite';
const hasStrace = spawnSync('strace', ['-V']).status === 0;

function run(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    }),
  );
}

describe(
  'restore killed between putting the live database aside and moving the copy in',
  { timeout: 180_000, skip: hasStrace ? false : 'needs strace' },
  () => {
    let scratch: string;
    let dataDir: string;
    let env: Record<string, string>;
    const servers: ServerProcess[] = [];

    before(async () => {
      scratch = await mkdtemp(path.join(tmpdir(), 'restore-killed-'));
      dataDir = path.join(scratch, 'data');
      env = {
        ...SCALE_ACCOUNT,
        OGONE_ENVIRONMENT: 'sandbox',
        MERCHANT_API_KEYS: MERCHANT_API_KEY,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
      };
    });
    after(async () => {
      for (const server of servers) await server.kill9();
      if (scratch) await rm(scratch, { recursive: true, force: true });
    });

    it('never leaves the next serve on an empty database', async () => {
      const first = await spawnServer({ env });
      servers.push(first);
      const created = await fetch(`${first.url}/api/checkout-sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${MERCHANT_API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 1999, currency: 'EUR', reference: 'ORDER-RESTORE-KILLED' }),
      });
      const session = (await created.json()) as { id: string };
      assert.equal(created.status, 201, JSON.stringify(session));
      assert.equal(await first.stop(), 0);

      const backupFile = path.join(scratch, 'backup.sqlite');
      const backup = await run(process.execPath, [BIN, 'backup', '--to', backupFile], env);
      assert.equal(backup.code, 0, backup.stderr);

      // The restore, killed by strace on its second rename (the first puts the live database aside,
      // the second would move the restored copy into place): checked below from what is left.
      const live = path.join(dataDir, LIVE_NAME);
      const restore = await run(
        'strace',
        [
          '-f',
          '-qq',
          '-o',
          '/dev/null',
          '-e',
          'trace=rename,renameat,renameat2',
          '-e',
          'inject=rename,renameat,renameat2:error=EIO:signal=SIGKILL:when=2',
          process.execPath,
          BIN,
          'restore',
          backupFile,
        ],
        env,
      );
      // The atomic swap makes one rename only, so the restore finishes; one that renames more (strays
      // put aside) dies with the live path still a database: either way the invariant below holds.
      const left = readdirSync(dataDir);
      const state = `restore ${restore.signal ?? restore.code}, live file ${existsSync(live) ? 'present' : 'missing'}, DATA_DIR: ${left.join(', ')}`;

      // The next start on the same DATA_DIR.
      let second: ServerProcess | undefined;
      let refused: string | undefined;
      try {
        second = await spawnServer({ env });
        servers.push(second);
      } catch (error) {
        refused = (error as Error).message;
      }
      if (refused !== undefined) return; // a start refused on an interrupted restore: nothing served from an empty database
      const read = await fetch(`${second!.url}/api/checkout-sessions/${session.id}`, {
        headers: { authorization: `Bearer ${MERCHANT_API_KEY}` },
      });
      const body = await read.text();
      assert.equal(
        read.status,
        200,
        `after a restore killed mid-way (${state}), serve started on a new empty database: ` +
          `the session made before answers ${read.status} ${body}`,
      );
    });
  },
);
