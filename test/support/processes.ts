/**
 * Real server processes for scale and fault tests: `bin/ogone-checkout.js serve` (the production
 * entry point) or test/support/server-child.ts (the same startServer with tuned timings). Every
 * line they print is kept, so tests can look for secrets in them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/ogone-checkout.js', import.meta.url));
const CHILD = fileURLToPath(new URL('./server-child.ts', import.meta.url));

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly pid: number;
  /** Everything printed so far (stdout then stderr, line by line). */
  output(): { stdout: string; stderr: string };
  /** SIGKILL: no cleanup at all, like a crashed host. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
  readonly exited: Promise<number | null>;
}

export interface SpawnServerOptions {
  env: Record<string, string>;
  /** `serve`: bin/ogone-checkout.js serve; `tuned`: server-child.ts with `tuning`. */
  entry?: 'serve' | 'tuned';
  tuning?: Record<string, unknown>;
  /** Collects all output of every process (for the secrets test). */
  sink?: string[];
  startTimeoutMs?: number;
}

export async function spawnServer(options: SpawnServerOptions): Promise<ServerProcess> {
  const entry = options.entry ?? 'serve';
  const args = entry === 'serve' ? [BIN, 'serve'] : ['--import', import.meta.resolve('tsx'), CHILD];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      // A port of the system's choosing unless the test names one: 8787, the default, may be in
      // use by another test file running at the same time.
      PORT: '0',
      LOG_LEVEL: 'info',
      ...options.env,
      ...(options.tuning ? { OC_TEST_SERVER_OPTIONS: JSON.stringify(options.tuning) } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    options.sink?.push(chunk.toString());
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    options.sink?.push(chunk.toString());
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${options.startTimeoutMs ?? 30_000} ms:\n${stderr}\n${stdout.slice(-2000)}`));
    }, options.startTimeoutMs ?? 30_000);
    const look = () => {
      const found = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
      if (found) {
        clearTimeout(timer);
        child.stderr!.off('data', look);
        resolve(found);
      }
    };
    child.stderr!.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${stderr}\n${stdout.slice(-2000)}`));
    });
  });
  return {
    child,
    url,
    pid: child.pid!,
    exited,
    output: () => ({ stdout, stderr }),
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
