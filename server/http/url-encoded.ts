/**
 * Urlencoded parameters (a query string, a form body) decoded as the platform sends them, with no
 * request around them: shared by the routes (http/form-params.ts) and the CLI's `verify`. Broken
 * percent-encoding is refused (`MalformedParams`) rather than turned into U+FFFD, which would
 * only show up later as a signature mismatch. Well-formed escapes whose bytes are not UTF-8 are
 * ISO-8859-1, the platform's default charset, in which it returns PostFinance payments' feedback
 * even to UTF-8 integrations ([ADV] §11.2, §12; docs/ogone-protocol.md §5). A name given twice — in any case, in the body, the
 * query or both — is refused too (`RepeatedParameterError`, docs/ogone-protocol.md §3): an empty
 * copy is left out of SHA-OUT, so `payid=&PAYID=3000001` keeps a valid signature while whichever
 * copy we read could erase the signed value.
 */
export class MalformedParamsError extends Error {
  override name = 'MalformedParamsError';
}

export class RepeatedParameterError extends MalformedParamsError {
  override name = 'RepeatedParameterError';
  constructor(readonly parameter: string) {
    super(`the parameter ${parameter} is given more than once`);
  }
}

/** Adds a parameter, refusing a name already present in any case. */
export function add(into: Record<string, string>, seen: Set<string>, name: string, value: string): void {
  const upper = name.toUpperCase();
  if (seen.has(upper)) throw new RepeatedParameterError(upper);
  seen.add(upper);
  into[name] = value;
}

const BROKEN_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

/** The parameters read, and whether the request came in ISO-8859-1. */
export interface FormParams {
  params: Record<string, string>;
  /**
   * Some escape was not UTF-8 (read as ISO-8859-1) and no text beyond ASCII was read as UTF-8.
   * Only then may a feedback's signature be over ISO-8859-1 bytes (feedback/verify.ts): a request
   * in UTF-8 whose text merely fits ISO-8859-1 ("BÃ¡rbara", the mojibake of a signed "Bárbara")
   * must never be checked that way — even with one unsigned parameter in ISO-8859-1 beside it —
   * or every non-ASCII signed value could be rewritten.
   */
  latin1: boolean;
}

/** What decoding saw: escapes read as ISO-8859-1, text beyond ASCII read as UTF-8. */
export interface Seen {
  latin1: boolean;
  utf8: boolean;
}

export const BEYOND_ASCII = /[\u0080-\u{10ffff}]/u;

/**
 * `+` as a space, then percent-decoding as UTF-8, else as ISO-8859-1 (each byte the character of
 * its code): a text with neither (most names and values) is itself.
 */
function decodeComponent(raw: string, seen: Seen): string {
  if (!raw.includes('%') && !raw.includes('+')) {
    if (BEYOND_ASCII.test(raw)) seen.utf8 = true;
    return raw;
  }
  const text = raw.replace(/\+/g, ' ');
  try {
    const decoded = decodeURIComponent(text);
    if (BEYOND_ASCII.test(decoded)) seen.utf8 = true;
    return decoded;
  } catch {
    if (BROKEN_ESCAPE.test(text)) throw new MalformedParamsError('a parameter is not valid percent-encoding');
    seen.latin1 = true;
    // Text beyond ASCII outside the escapes came as UTF-8 (the body is read as UTF-8): a raw "Ã"
    // beside "%A1" is the mojibake of a signed "á", not ISO-8859-1 text.
    if (BEYOND_ASCII.test(text.replace(/%[0-9A-Fa-f]{2}/g, ''))) seen.utf8 = true;
    return text.replace(/%([0-9A-Fa-f]{2})/g, (_escape, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
}

export function decodeUrlEncoded(text: string, into: Record<string, string>, names: Set<string>, seen: Seen): void {
  if (text === '') return;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const index = pair.indexOf('=');
    const rawName = index < 0 ? pair : pair.slice(0, index);
    const rawValue = index < 0 ? '' : pair.slice(index + 1);
    // decodeComponent refuses broken escapes itself (MalformedParamsError).
    add(into, names, decodeComponent(rawName, seen), decodeComponent(rawValue, seen));
  }
}

/**
 * A query string (or urlencoded body) read as the feedback route reads it: ISO-8859-1 escapes
 * recognised, broken escapes refused (MalformedParamsError), a name given twice refused
 * (RepeatedParameterError). For tools that check a return URL as the server would (`verify`).
 */
export function decodeQueryString(text: string): FormParams {
  const params: Record<string, string> = Object.create(null);
  const decoded: Seen = { latin1: false, utf8: false };
  decodeUrlEncoded(text.replace(/^\?/, '').replace(/#.*$/, ''), params, new Set<string>(), decoded);
  return { params, latin1: decoded.latin1 && !decoded.utf8 };
}
