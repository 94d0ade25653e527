/** Raw TCP clients and a readable log for the listener tests (timeouts, caps, shutdown). */
import { connect, type Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger, type Logger } from '../../server/logger.ts';
import { MERCHANT_API_KEY, SCALE_ACCOUNT } from '../support/accounts.ts';
import { logCollector } from '../support/logs.ts';

export interface RawClient {
  socket: Socket;
  /** Everything the server sent. */
  received(): string;
  /** Resolves with the time (ms since connect) the server closed the connection. */
  closed: Promise<number>;
  /** Whether the connection ended with ECONNRESET on our side. */
  reset(): boolean;
}

/** A TCP client of its own, optionally from another loopback address (127.0.0.2 …). */
export function rawClient(url: string, localAddress?: string): Promise<RawClient> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let data = '';
    let wasReset = false;
    const socket = connect({ host: hostname, port: Number(port), ...(localAddress ? { localAddress } : {}) });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET') wasReset = true;
    });
    const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now() - started)));
    socket.once('connect', () => resolve({ socket, received: () => data, closed, reset: () => wasReset }));
    socket.once('error', reject);
  });
}

/** Writes `text` a few bytes at a time every `everyMs`, until the socket closes or `text` is sent. */
export async function dribble(client: RawClient, text: string, chunk: number, everyMs: number): Promise<void> {
  for (let i = 0; i < text.length && !client.socket.destroyed; i += chunk) {
    client.socket.write(text.slice(i, i + chunk));
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export function logInto(lines: string[]): Logger {
  return createLogger({
    level: 'info',
    destination: logCollector(lines),
  });
}

/** A sandbox-mode server environment with a known merchant key, in a fresh DATA_DIR. */
export async function sandboxEnv(): Promise<{ env: Record<string, string>; dataDir: string; remove(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'oc-ops-'));
  return {
    dataDir,
    env: { ...SCALE_ACCOUNT, OGONE_ENVIRONMENT: 'sandbox', MERCHANT_API_KEYS: MERCHANT_API_KEY, DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    remove: () => rm(dataDir, { recursive: true, force: true }),
  };
}
