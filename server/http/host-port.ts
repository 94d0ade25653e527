/**
 * Host names as the listeners read and print them. `host:port` as a URL and a person read it: an
 * IPv6 address in brackets (RFC 3986 §3.2.2), so `::1` and port 8787 read `[::1]:8787`, not
 * `::1:8787`, which names another address.
 */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

/** True when `host` (HOST) is a loopback address or name: nobody off this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name) || name === '::ffff:127.0.0.1';
}

/** The host name of `url` (lower-cased by the URL parser), or undefined when it is not a URL. */
export function hostnameOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Whether a request's host name (its URL's, which the Node adapter builds from the Host header)
 * names this machine: a loopback name or address, or `publicHostname` (PUBLIC_URL's) — whatever
 * the port: a proxy on this machine forwards the shop's name, and nginx's `Host $host` carries none.
 */
export function isOwnHost(requestUrl: string, publicHostname?: string): boolean {
  const hostname = hostnameOf(requestUrl);
  if (hostname === undefined) return false;
  return isLoopbackHost(hostname) || (publicHostname !== undefined && hostname === publicHostname);
}
