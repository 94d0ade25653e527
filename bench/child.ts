/** Starts a benchmark server in its own process (so it has a core to itself) and watches it. */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ChildServer {
  url: string;
  process: ChildProcess;
  /** Milliseconds from spawn to the server saying it is ready (listening, migrations done). */
  startMs: number;
  rssMb(): number;
  stop(): Promise<void>;
}

/** The Node flags `bin/ogone-checkout.js` runs the server with (its shebang line). */
export function shippedNodeFlags(): string[] {
  const shebang = readFileSync(new URL('../bin/ogone-checkout.js', import.meta.url), 'utf8').split('\n', 1)[0] ?? '';
  return shebang.split(/\s+/).filter((word) => word.startsWith('--'));
}

export function startChild(script: string, env: Record<string, string> = {}, nodeFlags: string[] = []): Promise<ChildServer> {
  const started = performance.now();
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), [], {
    execArgv: [...nodeFlags, ...(script.endsWith('.ts') ? ['--import', 'tsx'] : [])],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    child.on('message', (message: { ready?: boolean; url?: string }) => {
      if (!message.ready || !message.url) return;
      child.removeAllListeners('exit');
      resolve({
        url: message.url,
        process: child,
        startMs: performance.now() - started,
        rssMb: () => rssOf(child.pid!),
        stop: () =>
          new Promise((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5000).unref();
          }),
      });
    });
  });
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}
