/** The Ogone sandbox on a real listener in the test process (short deferred-retry delays). */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../server/sandbox/app.ts';
import { SANDBOX_ACCOUNT } from './credentials.ts';

export interface RunningSandbox {
  sandbox: Sandbox;
  url: string;
  close(): Promise<void>;
}

/** `observe` sees every request the sandbox receives (a copy), before it is answered. */
export async function startSandbox(options: Partial<SandboxOptions> & { observe?: (request: Request) => Promise<void> } = {}): Promise<RunningSandbox> {
  const { observe, ...sandboxOptions } = options;
  const sandbox = createSandbox({ ...SANDBOX_ACCOUNT, ...sandboxOptions });
  const fetch = async (request: Request) => {
    if (observe) await observe(request.clone());
    return sandbox.app.fetch(request);
  };
  const server: ServerType = serve({ fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    sandbox,
    url,
    async close() {
      await sandbox.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
