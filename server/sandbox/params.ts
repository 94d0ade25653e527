/**
 * Reads the parameters of a platform request (query string and form body) the way the platform
 * does: names are case-insensitive (uppercased here), values are kept exactly as received since
 * SHA-IN hashes them that way. The `_utf8` pages decode bytes as UTF-8; the plain pages as
 * ISO-8859-1 (docs/ogone-protocol.md §1: names like "Bárbara" break on the plain pages).
 * A name given twice (in any case, in the query, the body or both) is remembered so the pages
 * can refuse the request (docs/ogone-protocol.md §3): which copy counts is ambiguous, and an
 * empty copy is left out of SHA-IN, so it could stand beside a signed value unnoticed.
 */
import type { Context } from 'hono';

export type PageCharset = 'utf-8' | 'latin1';

export type RequestParameters = Record<string, string>;

/** `orderstandard_utf8.asp` → utf-8, `orderstandard.asp` → latin1. */
export function charsetOfPage(page: string): PageCharset {
  return page.includes('_utf8') ? 'utf-8' : 'latin1';
}

/** Names given more than once in a request read by `readParameters`, uppercase. */
const repeatedNames = new WeakMap<RequestParameters, string[]>();

/** The first name the request gave more than once, if any. */
export function repeatedParameter(params: RequestParameters): string | undefined {
  return repeatedNames.get(params)?.[0];
}

/**
 * Where a request's parameters are read from. `page`: a hosted page's, from the query string and a
 * form body of either encoding. `directlink`: DirectLink's, only from a POST body typed
 * application/x-www-form-urlencoded — [DL] §2.1: the parameters "must be sent in a POST request
 * as follows: PSPID=value1&USERID=value2&…", its Content-Type "needs to be
 * 'application/x-www-form-urlencoded'"; any other request reads as one without values, which the
 * platform refuses as without ORDERID ([DL] §7). Read from anywhere, a client sending its API
 * password in the URL, or a body typed text/plain, passed here and failed at the platform
 * (reviews r1515, r1516).
 */
export type ParameterSource = 'page' | 'directlink';

export async function readParameters(c: Context, charset: PageCharset, source: ParameterSource = 'page'): Promise<RequestParameters> {
  const out: RequestParameters = Object.create(null);
  if (source === 'directlink') {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (c.req.method === 'POST' && type === 'application/x-www-form-urlencoded')
      merge(out, parseUrlEncoded(new Uint8Array(await c.req.arrayBuffer()), charset));
    return out;
  }
  const query = new URL(c.req.url).search.slice(1);
  merge(out, parseUrlEncoded(new TextEncoder().encode(query), charset));
  if (c.req.method === 'POST') {
    const type = (c.req.header('content-type') ?? '').toLowerCase();
    if (type.startsWith('multipart/form-data')) {
      // `all`: a name given twice comes back as an array, so the repetition is seen.
      const body = await c.req.parseBody({ all: true });
      const fields: Array<[string, string]> = [];
      for (const [name, value] of Object.entries(body)) {
        for (const item of Array.isArray(value) ? value : [value]) if (typeof item === 'string') fields.push([name, item]);
      }
      merge(out, fields);
    } else {
      merge(out, parseUrlEncoded(new Uint8Array(await c.req.arrayBuffer()), charset));
    }
  }
  return out;
}

/**
 * Later sources override earlier ones; inside one source the first occurrence of a name wins.
 * Every repetition, inside a source or across them, is recorded.
 */
function merge(target: RequestParameters, fields: ReadonlyArray<readonly [string, string]>): void {
  const seen = new Set<string>();
  for (const [name, value] of fields) {
    const key = name.toUpperCase();
    if (key === '') continue;
    if (seen.has(key) || key in target) {
      const repeated = repeatedNames.get(target) ?? [];
      if (!repeated.includes(key)) repeated.push(key);
      repeatedNames.set(target, repeated);
    }
    if (seen.has(key)) continue;
    seen.add(key);
    target[key] = value;
  }
}

/** application/x-www-form-urlencoded, decoded in the page's charset. */
export function parseUrlEncoded(bytes: Uint8Array, charset: PageCharset): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x26 /* & */) continue;
    const part = bytes.subarray(start, i);
    start = i + 1;
    if (part.length === 0) continue;
    const eq = part.indexOf(0x3d /* = */);
    const name = decodeComponent(eq === -1 ? part : part.subarray(0, eq), charset);
    const value = eq === -1 ? '' : decodeComponent(part.subarray(eq + 1), charset);
    fields.push([name, value]);
  }
  return fields;
}

function decodeComponent(bytes: Uint8Array, charset: PageCharset): string {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte === 0x2b /* + */) out.push(0x20);
    else if (byte === 0x25 /* % */ && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
      out.push(parseInt(String.fromCharCode(bytes[i + 1]!, bytes[i + 2]!), 16));
      i += 2;
    } else out.push(byte);
  }
  const buffer = Buffer.from(out);
  return charset === 'utf-8' ? buffer.toString('utf8') : buffer.toString('latin1');
}

function isHex(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66));
}

/** A parameter, or '' when absent (the platform treats empty and absent alike). */
export function param(params: RequestParameters, name: string): string {
  return params[name] ?? '';
}

/**
 * The pairs of a payment's PARAMPLUS, decoded in the charset of the page it came through: on the
 * plain (ISO-8859-1) page `Zo%EB` is "Zoë", as the merchant's ISO-8859-1 encoder meant it, where
 * URLSearchParams reads every escape as UTF-8 (review r1240: "Zo\uFFFD", sent back as `Zo%3F`).
 */
export function paramPlusPairs(paramPlus: string, charset: PageCharset): Array<[string, string]> {
  return parseUrlEncoded(Buffer.from(paramPlus, charset === 'latin1' ? 'latin1' : 'utf8'), charset);
}
