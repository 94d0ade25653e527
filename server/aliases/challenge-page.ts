/**
 * The page that hands the platform's 3-D Secure HTML_ANSWER to the shopper's browser
 * (DirectLink 3-D: "send that HTML to the browser", docs/ogone-protocol.md §12). Served from our
 * origin under a CSP built for what a 3-D Secure 2 answer does and nothing more:
 * - scripts: the answer's inline scripts by their SHA-256 hashes, its inline event handlers
 *   (`onload="…"`) by hash with 'unsafe-hashes', and external scripts only from the origins its
 *   own `<script src>` name — no 'unsafe-inline', no nonce (the page is static);
 * - form posts (the auto-submitting form to the issuer's ACS, the 3DS method form) and frames
 *   (the 3DS method and challenge iframes) to any https origin, since the ACS is the card
 *   issuer's and not known in advance; plain-http origins only when the answer itself names them
 *   (the local sandbox);
 * - nothing else: no connect, no object, no base, and the page cannot be framed.
 */
import { createHash } from 'node:crypto';

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const ATTRIBUTE = (name: string) => new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i');
const FORM = /<form\b[^>]*>/gi;
const FRAME = /<i?frame\b[^>]*>/gi;
const HANDLER = /\son[a-z]+\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;

/**
 * A script's CSP hash as the browser computes it: over the text after the HTML parser's input
 * stream preprocessing, which turns every CR LF and lone CR into LF (HTML standard, "Preprocessing
 * the input stream"). The platform's answers use CR LF; hashed raw, their scripts were blocked
 * and the 3-D Secure form never posted to the issuer (review r980).
 */
const hash = (text: string) => `'sha256-${createHash('sha256').update(text.replace(/\r\n?/g, '\n'), 'utf8').digest('base64')}'`;
const decode = (value: string) =>
  value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

function attribute(tag: string, name: string): string | undefined {
  const match = ATTRIBUTE(name).exec(tag);
  return match ? decode(match[1] ?? match[2] ?? match[3] ?? '') : undefined;
}

function originOf(raw: string, base: string): string | undefined {
  try {
    const url = new URL(raw, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined; // a URL we cannot read is not allowed
  }
}

/** Hashes of the inline scripts (those without src). */
export function scriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(SCRIPT)) {
    if (attribute(match[1] ?? '', 'src') === undefined) hashes.add(hash(match[2] ?? ''));
  }
  return [...hashes];
}

/** Hashes of inline event handlers (`<body onload="document.forms[0].submit()">`). */
export function handlerHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(HANDLER)) hashes.add(hash(decode(match[1] ?? match[2] ?? '')));
  return [...hashes];
}

/** Origins of the external scripts the answer loads. */
export function scriptOrigins(html: string, base: string): string[] {
  const origins = new Set<string>();
  for (const match of html.matchAll(SCRIPT)) {
    const src = attribute(match[1] ?? '', 'src');
    const origin = src === undefined ? undefined : originOf(src, base);
    if (origin) origins.add(origin);
  }
  return [...origins];
}

/** Origins the answer's forms post to. */
export function formOrigins(html: string, base: string): string[] {
  return tagOrigins(html, FORM, 'action', base);
}

/** Origins the answer's iframes load. */
export function frameOrigins(html: string, base: string): string[] {
  return tagOrigins(html, FRAME, 'src', base);
}

function tagOrigins(html: string, tags: RegExp, name: string, base: string): string[] {
  const origins = new Set<string>();
  for (const match of html.matchAll(tags)) {
    const value = attribute(match[0], name);
    const origin = value === undefined || value === '' ? undefined : originOf(value, base);
    if (origin) origins.add(origin);
  }
  return [...origins];
}

/** http origins named by the answer (https is allowed wholesale). */
const plainHttp = (origins: string[]) => origins.filter((origin) => origin.startsWith('http:'));

export function challengeCsp(html: string, base: string): string {
  const handlers = handlerHashes(html);
  const scripts = [...scriptHashes(html), ...(handlers.length > 0 ? ["'unsafe-hashes'", ...handlers] : []), ...scriptOrigins(html, base)];
  return [
    "default-src 'none'",
    `script-src ${scripts.length > 0 ? scripts.join(' ') : "'none'"}`,
    "style-src 'unsafe-inline'",
    "img-src 'self' data: https:",
    ['form-action', "'self'", 'https:', ...plainHttp(formOrigins(html, base))].join(' '),
    ['frame-src', 'https:', ...plainHttp(frameOrigins(html, base))].join(' '),
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The answer inside a minimal document; the answer itself is the platform's, kept as is. */
export function challengeDocument(answer: string, language: string): string {
  return `<!doctype html>
<html lang="${language.replace(/[^A-Za-z-]/g, '') || 'en'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>3-D Secure</title></head>
<body>
${answer}
</body>
</html>`;
}
