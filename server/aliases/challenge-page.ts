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
import { parse } from 'parse5';

/**
 * What the answer holds that the policy names, read by parse5, an implementation of the HTML
 * standard's parser: scripts' text and attributes as the browser has them when it hashes and
 * loads them — CR LF and lone CR made LF, every character reference decoded once, NUL in a script
 * U+FFFD, unquoted attributes, `<noscript>` text as with scripting on. Read with regular
 * expressions, a CR LF page, a handler written `&#039;` or `&#x27;` (PHP's and Python's escapes)
 * or unquoted had its hash miss, and the form never posted to the issuer (reviews r980, r990).
 */
interface AnswerParts {
  /** Inline scripts' text. */
  scripts: string[];
  /** Inline event handlers' code (`onload="…"`). */
  handlers: string[];
  /** `<script src>` values. */
  scriptSources: string[];
  /** `<form action>` values. */
  formActions: string[];
  /** `<iframe src>` / `<frame src>` values. */
  frameSources: string[];
}

interface ParsedNode {
  nodeName: string;
  tagName?: string;
  value?: string;
  attrs?: Array<{ name: string; value: string }>;
  childNodes?: ParsedNode[];
  content?: ParsedNode;
}

function answerParts(html: string): AnswerParts {
  const parts: AnswerParts = { scripts: [], handlers: [], scriptSources: [], formActions: [], frameSources: [] };
  const visit = (node: ParsedNode) => {
    const attrs = node.attrs ?? [];
    const attribute = (name: string) => attrs.find((attr) => attr.name === name)?.value;
    for (const attr of attrs) if (attr.name.startsWith('on')) parts.handlers.push(attr.value);
    if (node.tagName === 'script') {
      const src = attribute('src');
      if (src === undefined) parts.scripts.push((node.childNodes ?? []).map((child) => child.value ?? '').join(''));
      else parts.scriptSources.push(src);
    } else if (node.tagName === 'form') {
      const action = attribute('action');
      if (action !== undefined) parts.formActions.push(action);
    } else if (node.tagName === 'iframe' || node.tagName === 'frame') {
      const src = attribute('src');
      if (src !== undefined) parts.frameSources.push(src);
    }
    // A <template>'s content is never run: its scripts need no hash.
    for (const child of node.childNodes ?? []) visit(child);
  };
  visit(parse(html) as unknown as ParsedNode);
  return parts;
}

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function originOf(raw: string, base: string): string | undefined {
  try {
    const url = new URL(raw, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined; // a URL we cannot read is not allowed
  }
}

const originsOf = (values: string[], base: string) => [
  ...new Set(values.flatMap((value) => (value === '' ? [] : (originOf(value, base) ?? [])))),
];

/** http origins named by the answer (https is allowed wholesale). */
const plainHttp = (origins: string[]) => origins.filter((origin) => origin.startsWith('http:'));

/**
 * The challenge page's Content-Security-Policy: the answer's inline scripts and handlers by hash
 * (as the browser parses them), its external scripts by origin, https forms and frames.
 */
export function challengeCsp(html: string, base: string): string {
  const parts = answerParts(html);
  const handlers = [...new Set(parts.handlers.map(hash))];
  const scripts = [
    ...new Set(parts.scripts.map(hash)),
    ...(handlers.length > 0 ? ["'unsafe-hashes'", ...handlers] : []),
    ...originsOf(parts.scriptSources, base),
  ];
  return [
    "default-src 'none'",
    `script-src ${scripts.length > 0 ? scripts.join(' ') : "'none'"}`,
    "style-src 'unsafe-inline'",
    "img-src 'self' data: https:",
    ['form-action', "'self'", 'https:', ...plainHttp(originsOf(parts.formActions, base))].join(' '),
    ['frame-src', 'https:', ...plainHttp(originsOf(parts.frameSources, base))].join(' '),
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
