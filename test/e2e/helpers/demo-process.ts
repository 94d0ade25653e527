/**
 * Runs `npm start`'s own entry (`node --import tsx server/demo/main.ts`) as a child process with
 * PORT=0 and a temporary DATA_DIR, and reads the address and the demo API key from what it
 * prints — exactly what a newcomer sees.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface DemoProcess {
  url: string;
  apiKey: string;
  dataDir: string;
  output(): string;
  /** The merchant API with the demo key. */
  api<T = Record<string, unknown>>(pathname: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** The sandbox control API (`/sandbox/…`), with the demo key: off loopback it asks for a merchant key. */
  sandbox<T = Record<string, unknown>>(pathname: string, body?: unknown, method?: string): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

export async function startDemoProcess(env: Record<string, string> = {}): Promise<DemoProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'oc-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/demo/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const ready = await Promise.race([
    new Promise<true>((resolve) => {
      const check = () => (/Stop with Ctrl\+C/.test(output) ? resolve(true) : setTimeout(check, 50));
      check();
    }),
    exited.then((code) => new Error(`the demo exited with ${code} before starting:\n${output}`)),
    new Promise<Error>((resolve) => setTimeout(() => resolve(new Error(`the demo did not start within 60 s:\n${output}`)), 60_000).unref()),
  ]);
  if (ready !== true) {
    child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    throw ready;
  }
  const url = /Shop\s+(http:\/\/\S+?)\/?\s/.exec(output)?.[1];
  const apiKey = /Merchant API key[^\n]*\n\s+(sk_\S+)/.exec(output)?.[1];
  if (!url || !apiKey) throw new Error(`cannot read the address and key from:\n${output}`);

  const call = async <T>(pathname: string, init: RequestInit) => {
    const response = await fetch(`${url}${pathname}`, init);
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  };
  return {
    url,
    apiKey,
    dataDir,
    output: () => output,
    api: (pathname, body) =>
      call(pathname, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    sandbox: (pathname, body, method) =>
      call(pathname, {
        method: method ?? (body === undefined ? 'GET' : 'POST'),
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * How the e2e tests wait on the demo (`eventually` in test/support/waiting.ts): a real browser and
 * a server process share the machine, so they read every 100 ms and give up after 15 s.
 */
export const DEMO_WAIT = { timeoutMs: 15_000, intervalMs: 100 } as const;

/**
 * Starts the demo and a browser side by side. When one of them fails the other is stopped: a
 * demo process left running would keep the test process alive after the failed hook.
 */
export async function startDemoWith<B extends { close(): Promise<void> }>(
  launch: () => Promise<B>,
  env: Record<string, string> = {},
): Promise<[DemoProcess, B]> {
  const [demo, browser] = await Promise.allSettled([startDemoProcess(env), launch()]);
  if (demo.status === 'fulfilled' && browser.status === 'fulfilled') return [demo.value, browser.value];
  if (demo.status === 'fulfilled') await demo.value.stop();
  if (browser.status === 'fulfilled') await browser.value.close();
  throw demo.status === 'rejected' ? demo.reason : (browser as PromiseRejectedResult).reason;
}
