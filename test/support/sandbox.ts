/**
 * The Ogone sandbox on a real listener in the test process. The account is the caller's: the
 * sandbox tests use SANDBOX_ACCOUNT, the servers' tests SCALE_SANDBOX_ACCOUNT (accounts.ts).
 */
import { createSandbox, type Sandbox, type SandboxOptions } from '../../server/sandbox/app.ts';
import { closeServer, listen } from './listen.ts';

export interface RunningSandbox {
  readonly sandbox: Sandbox;
  /** http://127.0.0.1:port */
  readonly url: string;
  close(): Promise<void>;
}

export interface StartSandboxOptions extends SandboxOptions {
  /** Sees every request the sandbox receives (a copy), before it is answered. */
  observe?: (request: Request) => Promise<void>;
}

export async function startSandbox(options: StartSandboxOptions): Promise<RunningSandbox> {
  const { observe, ...sandboxOptions } = options;
  const sandbox = createSandbox(sandboxOptions);
  const fetch = observe
    ? async (request: Request) => {
        await observe(request.clone());
        return sandbox.app.fetch(request);
      }
    : sandbox.app.fetch;
  const { server, url } = await listen(fetch);
  return {
    sandbox,
    url,
    async close() {
      await sandbox.close();
      await closeServer(server);
    },
  };
}
