/**
 * Who may use the mounted sandbox's control API (`/sandbox`, `/sandbox/…`: payment lists with
 * shopper data, fault injection, "resolve this payment to STATUS 9"). On a server listening on
 * loopback only, whoever can connect already runs on the machine: open, as a developer expects.
 * Listening on any other address, it takes a merchant API key like `/api/…` (issue 13), so a
 * sandbox left on a public address cannot be driven by strangers. The Ogone-facing paths
 * (`/ncol/…`: hosted page, DirectLink) stay open, as Ogone's are.
 */
import { Hono } from 'hono';
import { getPath } from 'hono/utils/url';
import { apiKeyAuth } from './http/api-key-auth.ts';
import { Problem } from './http/problem.ts';
import { hostnameOf, isLoopbackHost, isOwnHost } from './http/host-port.ts';

export { isLoopbackHost, isOwnHost };

/** The platform's own paths, open as Ogone's are: the hosted page, DirectLink, FlexCheckout. */
const PLATFORM_PREFIXES = ['/ncol/', '/Tokenization/'];

/**
 * True unless `pathname` is one of the platform's paths: the control API (`/sandbox/…`) and
 * anything else. Decided on the path as the routers see it (Hono's `getPath`, percent-decoded):
 * `/%73andbox/payments` is routed to `/sandbox/payments`, so it is guarded like it.
 */
export function isControlPath(pathname: string): boolean {
  return !PLATFORM_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

/** The sandbox app's fetch; `env` is the Node server's (the sandbox reads the client address from it). */
export type SandboxFetch = (request: Request, env?: unknown) => Response | Promise<Response>;

/**
 * On loopback, the control API answers only under this machine's names. A page whose DNS name
 * was re-pointed to 127.0.0.1 (DNS rebinding) is same-origin with it in the developer's browser:
 * its requests pass the cross-site checks (their Origin is their own Host) and would read the
 * payments' shopper data or inject faults. Refused 421, as dev servers refuse a foreign Host
 * (Vite's allowedHosts); the platform's paths stay open to whatever name a shop posts to.
 */
export function refuseForeignHosts(sandbox: SandboxFetch, publicUrl?: string): SandboxFetch {
  // Read once: PUBLIC_URL is checked at start (config/env.ts), so a name it holds is a URL's.
  const publicHostname = hostnameOf(publicUrl);
  return (request, env) => {
    if (!isControlPath(getPath(request)) || isOwnHost(request.url, publicHostname)) return sandbox(request, env);
    return new Problem(
      421,
      'misdirected_request',
      "the sandbox's control API answers only under this machine's names (localhost, 127.0.0.1, [::1]) or PUBLIC_URL's host",
      'Host',
    ).getResponse();
  };
}

/**
 * Wraps the sandbox's fetch: the control API needs a merchant key unless listening on loopback,
 * where it answers only under this machine's names (refuseForeignHosts).
 */
export function guardSandbox(
  sandbox: SandboxFetch,
  options: { host: string; merchantApiKeys: readonly string[]; publicUrl?: string },
): SandboxFetch {
  if (isLoopbackHost(options.host)) return refuseForeignHosts(sandbox, options.publicUrl);
  const guarded = new Hono();
  guarded.use('*', apiKeyAuth({ keys: options.merchantApiKeys }));
  guarded.all('*', (c) => sandbox(c.req.raw, c.env));
  return (request, env) => (isControlPath(getPath(request)) ? guarded.fetch(request, env as never) : sandbox(request, env));
}
