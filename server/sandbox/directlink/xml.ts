/**
 * DirectLink's XML answer: one `<ncresponse …/>` element whose attributes carry the result, with
 * an `HTML_ANSWER` child for 3-D Secure (DirectLink guide §3.2, §4.2, §5.2;
 * docs/ogone-protocol.md §8); a new order sent with WITHROOT=Y gets it inside a root element.
 * Attribute names keep the platform's case (`orderID`, `amount`, `currency`, `CVCCheck`).
 */
import type { Context } from 'hono';
import type { PageCharset } from '../params.ts';

export type Attributes = ReadonlyArray<readonly [string, string]>;

const DECLARATION = '<?xml version="1.0"?>\n';

export function ncresponse(attributes: Attributes, htmlAnswer?: string): string {
  const attrs = attributes.map(([name, value]) => `${name}="${escapeXml(value)}"`).join('\n ');
  const head = `${DECLARATION}<ncresponse\n ${attrs}`;
  if (htmlAnswer === undefined) return `${head}/>\n`;
  return `${head}>\n<HTML_ANSWER>${htmlAnswer}</HTML_ANSWER>\n</ncresponse>\n`;
}

/**
 * The element WITHROOT=Y "adds" around the answer of a new order (DirectLink guide §3.1.2, the
 * only request that lists the parameter). The guide does not name it: `root` is our choice
 * (docs/ogone-protocol.md §8), so a client that reads the wrapped answer by name fails here first.
 */
export const WITHROOT_ELEMENT = 'root';

/** An `ncresponse` answer inside the WITHROOT element, the XML declaration kept first. */
export function withRootElement(xml: string): string {
  const body = xml.startsWith(DECLARATION) ? xml.slice(DECLARATION.length) : xml;
  return `${DECLARATION}<${WITHROOT_ELEMENT}>\n${body}</${WITHROOT_ELEMENT}>\n`;
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
