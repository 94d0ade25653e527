/**
 * The ports fetch never connects to: the Fetch Standard's "bad port" list (§2.9 "Port blocking",
 * https://fetch.spec.whatwg.org/#bad-port), which Node's fetch applies before any connection. A
 * WEBHOOK_URL on one of them started cleanly and then failed every delivery as a bare "network
 * error" for the whole retry window (review r1425); it is refused at start instead.
 */
export const FETCH_BAD_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117,
  119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636,
  989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** The port `url` connects to (its scheme's default when none is written). */
export function urlPort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/**
 * Whether fetch refuses to connect to `url` because of its port; false for a value that is no URL
 * (the caller reports that itself; throwing here hid which setting was wrong, review r1695).
 */
export function onFetchBadPort(url: string): boolean {
  return URL.canParse(url) && FETCH_BAD_PORTS.has(urlPort(new URL(url)));
}
