/**
 * The `ogone-checkout` command as an operator runs it: `bin/ogone-checkout.js` in a process of its
 * own, with only PATH and the settings given (no inherited DATABASE_URL or DATA_DIR), its output
 * collected. A command that should have refused and started instead (a serve listening) is
 * killed after `killAfterMs`, so it fails its test rather than holding it up. `cwd`: where it
 * runs (where it looks for `.env`); this process's by default.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/ogone-checkout.js', import.meta.url));

export interface CliRun {
  /** null when it was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  env: Record<string, string>,
  { killAfterMs = 30_000, cwd }: { killAfterMs?: number; cwd?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      ...(cwd === undefined ? {} : { cwd }),
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
