/**
 * `host:port` as a URL and a person read it: an IPv6 address in brackets (RFC 3986 §3.2.2), so
 * `::1` and port 8787 read `[::1]:8787`, not `::1:8787`, which names another address.
 */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}
