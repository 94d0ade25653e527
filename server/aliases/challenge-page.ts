/**
 * The page that hands the platform's 3-D Secure HTML_ANSWER to the shopper's browser
 * (DirectLink 3-D: "send that HTML to the browser"). Served from our origin with a strict CSP and
 * no nonce: the inline scripts of the answer are allowed by their SHA-256 hashes, forms may only
 * post to the origins the answer's own forms name (the issuer's ACS) and to us.
 */
import { createHash } from 'node:crypto';

const SCRIPT = /<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi;
const FORM_ACTION = /<form\b[^>]*\baction\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;

export function scriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(SCRIPT)) {
    hashes.add(`'sha256-${createHash('sha256').update(match[1] ?? '', 'utf8').digest('base64')}'`);
  }
  return [...hashes];
}

export function formOrigins(html: string, base: string): string[] {
  const origins = new Set<string>();
  for (const match of html.matchAll(FORM_ACTION)) {
    const raw = (match[1] ?? match[2] ?? match[3] ?? '').replace(/&amp;/g, '&');
    try {
      const url = new URL(raw, base);
      if (url.protocol === 'https:' || url.protocol === 'http:') origins.add(url.origin);
    } catch {
      // an action we cannot read is not allowed
    }
  }
  return [...origins];
}

export function challengeCsp(html: string, base: string): string {
  const scripts = scriptHashes(html);
  return [
    "default-src 'none'",
    `script-src ${scripts.length > 0 ? scripts.join(' ') : "'none'"}`,
    "style-src 'unsafe-inline'",
    "img-src 'self' data: https:",
    `form-action 'self' ${formOrigins(html, base).join(' ')}`.trim(),
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
