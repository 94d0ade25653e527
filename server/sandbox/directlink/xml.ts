/**
 * DirectLink's XML answer: one `<ncresponse …/>` element whose attributes carry the result, with
 * an `HTML_ANSWER` child for 3-D Secure (DirectLink guide §3.2, §4.2, §5.2;
 * docs/ogone-protocol.md §8). Attribute names keep the platform's case (`orderID`,
 * `amount`, `currency`, `CVCCheck`).
 */
import type { Context } from 'hono';
import type { PageCharset } from '../params.ts';

export type Attributes = ReadonlyArray<readonly [string, string]>;

export function ncresponse(attributes: Attributes, htmlAnswer?: string): string {
  const attrs = attributes.map(([name, value]) => `${name}="${escapeXml(value)}"`).join('\n ');
  const head = `<?xml version="1.0"?>\n<ncresponse\n ${attrs}`;
  if (htmlAnswer === undefined) return `${head}/>\n`;
  return `${head}>\n<HTML_ANSWER>${htmlAnswer}</HTML_ANSWER>\n</ncresponse>\n`;
}

function escapeXml(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * Sends the XML. The `_utf8` pages answer in UTF-8; the plain pages in ISO-8859-1 (the header
 * observed on the real platform), with characters outside ASCII as character references.
 */
export function xmlResponse(c: Context, xml: string, charset: PageCharset): Response {
  if (charset === 'utf-8') return c.body(xml, 200, { 'content-type': 'text/xml; charset=utf-8' });
  const ascii = xml.replace(/[^\u0000-\u007F]/gu, (char) => `&#${char.codePointAt(0)};`);
  return c.body(ascii, 200, { 'content-type': 'text/XML; Charset=iso-8859-1' });
}
