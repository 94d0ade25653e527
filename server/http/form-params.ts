/**
 * Parameters of a GET or POST (query string, urlencoded or multipart body), first occurrence
 * of a name winning, body before query. Broken percent-encoding is refused (`MalformedParams`)
 * rather than turned into U+FFFD, which would only show up later as a signature mismatch.
 */
import type { Context } from 'hono';
import { readBodyText } from './body-text.ts';

export class MalformedParamsError extends Error {
  override name = 'MalformedParamsError';
}

function decodeUrlEncoded(text: string, into: Record<string, string>): void {
  if (text === '') return;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const index = pair.indexOf('=');
    const rawName = index < 0 ? pair : pair.slice(0, index);
    const rawValue = index < 0 ? '' : pair.slice(index + 1);
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      throw new MalformedParamsError('a parameter is not valid percent-encoded UTF-8');
    }
    if (!(name in into)) into[name] = value;
  }
}

export async function readFormParams(c: Context): Promise<Record<string, string>> {
  const params: Record<string, string> = {};
  if (c.req.method === 'POST') {
    const type = (c.req.header('content-type') ?? '').toLowerCase();
    if (type.startsWith('multipart/form-data')) {
      let form: FormData;
      try {
        form = await c.req.raw.clone().formData();
      } catch {
        throw new MalformedParamsError('the multipart body cannot be read');
      }
      for (const [name, value] of form) if (typeof value === 'string' && !(name in params)) params[name] = value;
    } else {
      // Ogone posts application/x-www-form-urlencoded; accept a missing content type too.
      decodeUrlEncoded(await readBodyText(c), params);
    }
  }
  const url = c.req.url;
  const query = url.indexOf('?');
  if (query >= 0) decodeUrlEncoded(url.slice(query + 1).replace(/#.*$/, ''), params);
  return params;
}
