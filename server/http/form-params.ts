/**
 * Parameters of a GET or POST (query string, urlencoded or multipart body), read as
 * http/url-encoded.ts decodes them: broken escapes refused, ISO-8859-1 escapes recognised, a name
 * given twice refused (docs/ogone-protocol.md §3, §5).
 */
import type { Context } from 'hono';
import { nodeIncoming, readBodyText } from './body-text.ts';
import { add, BEYOND_ASCII, decodeUrlEncoded, MalformedParamsError, type FormParams, type Seen } from './url-encoded.ts';

export { decodeQueryString, MalformedParamsError, RepeatedParameterError, type FormParams } from './url-encoded.ts';

export async function readFormParams(c: Context): Promise<FormParams> {
  // No prototype: a parameter named `constructor` or `__proto__` is a parameter like any other.
  const params: Record<string, string> = Object.create(null);
  const seen = new Set<string>();
  const decoded: Seen = { latin1: false, utf8: false };
  if (c.req.method === 'POST') {
    // Node's header when there is one: `c.req.header` would build a Headers object of them all.
    // (A repeated Content-Type: Node keeps the first, Headers joins them; both start with the first.)
    const incoming = nodeIncoming(c);
    const type = ((incoming ? incoming.headers['content-type'] : c.req.header('content-type')) ?? '').toLowerCase();
    if (type.startsWith('multipart/form-data')) {
      let form: FormData;
      try {
        form = await c.req.raw.clone().formData();
      } catch {
        throw new MalformedParamsError('the multipart body cannot be read');
      }
      for (const [name, value] of form) {
        if (typeof value !== 'string') continue;
        // Read as UTF-8 like the rest of the body: its text beyond ASCII rules out ISO-8859-1 (above).
        if (BEYOND_ASCII.test(name) || BEYOND_ASCII.test(value)) decoded.utf8 = true;
        add(params, seen, name, value);
      }
    } else {
      // Ogone posts application/x-www-form-urlencoded; accept a missing content type too.
      decodeUrlEncoded(await readBodyText(c), params, seen, decoded);
    }
  }
  const url = c.req.url;
  const query = url.indexOf('?');
  if (query >= 0) decodeUrlEncoded(url.slice(query + 1).replace(/#.*$/, ''), params, seen, decoded);
  return { params, latin1: decoded.latin1 && !decoded.utf8 };
}
