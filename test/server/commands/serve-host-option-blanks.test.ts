/**
 * Found by review r1502 (2026-12-07), now fixed.
 *
 * What is wrong: server/commands/serve.ts validates `--host` trimmed (`isListenHost(host.trim())`)
 * but hands startServer the value untrimmed, so `serve --host ' 127.0.0.1'` (a quoting slip in a
 * unit file's ExecStart, `--host "$HOST "`) passes the check and then fails at listen: Node looks
 * up the name " 127.0.0.1" and the start ends with "HOST: cannot listen on  127.0.0.1:0: not an
 * address of this machine (ENOTFOUND)" — after the database was created and migrated. The HOST
 * setting, read through the same table, ignores blanks around its value (config/env.ts orDefault →
 * optionalText trims), so the option and the setting disagree on the same text.
 *
 * Why it matters: README, Configuration: "a bad one stops the start with one line naming it"; here
 * a value the check accepted stops the start, the line names a setting that is not set, and the
 * service stays down (exit 2 is not restarted by the unit) for blanks the setting forgives.
 *
 * Expectation: `serve --host ' 127.0.0.1 '` listens on 127.0.0.1 (as HOST=' 127.0.0.1 ' does).
 *
 * The fix: commands/serve.ts trims --host before checking and using it, as HOST is.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/ogone-checkout.js', import.meta.url));

/** Runs serve until it says it listens (then stops it) or exits; its stderr and whether it listened. */
function serveUntilListening(
  args: string[],
  env: Record<string, string>,
): Promise<{ listened: boolean; code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'serve', ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let listened = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!listened && /listening on http:\/\/127\.0\.0\.1:\d+/.test(stderr)) {
        listened = true;
        child.kill('SIGTERM');
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ listened, code, stderr });
    });
  });
}

describe('serve --host with blanks around the address', { timeout: 60_000 }, () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'r1495-host-blanks-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('the setting HOST=" 127.0.0.1 " listens (control)', async () => {
    const run = await serveUntilListening(['--port', '0'], {
      OGONE_ENVIRONMENT: 'sandbox',
      DATA_DIR: path.join(scratch, 'a'),
      HOST: ' 127.0.0.1 ',
    });
    assert.ok(run.listened, run.stderr);
  });

  it('the option --host " 127.0.0.1 " listens too, as its check accepted it', async () => {
    const run = await serveUntilListening(['--host', ' 127.0.0.1 ', '--port', '0'], {
      OGONE_ENVIRONMENT: 'sandbox',
      DATA_DIR: path.join(scratch, 'b'),
    });
    assert.ok(run.listened, `serve accepted --host and then failed at listen (exit ${run.code}): ${run.stderr.trim()}`);
  });
});
