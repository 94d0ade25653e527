/**
 * Reading DirectLink's XML answer:
 *
 *   <?xml version="1.0"?>
 *   <ncresponse orderID="…" PAYID="…" NCSTATUS="0" NCERROR="0" NCERRORPLUS="!" STATUS="46" …>
 *     <HTML_ANSWER>base64…</HTML_ANSWER>
 *   </ncresponse>
 *
 * optionally wrapped in one more element (WITHROOT=Y, guide §3.1.2). The guide (§2.3) asks for
 * tolerance: attribute names in any case and order, unknown attributes accepted. Attribute
 * values are kept as strings; `amount` is in major units (guide §3.2) and becomes minor units
 * here. Observed Content-Type: `text/XML; Charset=iso-8859-1`. How each answer is read —
 * query answers with a STATUS are answers whatever their NCERROR, uncertain maintenance — is in
 * docs/ogone-protocol.md §8 and `statuses.ts`.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { ANSWER_AMOUNT_PATTERN } from '../../shared/amount-patterns.ts';
import { isCurrency, parseFeedbackAmount } from '../../shared/money.ts';
import { explainNcError } from '../../shared/ncerror.ts';

export interface DirectLinkResult {
  /** Ogone STATUS (5 authorised, 9 captured, 46 waiting for 3-D Secure, 0 invalid, 2 refused, 91…). */
  readonly status: number;
  /** NCERROR is 0: the platform accepted the request (the payment may still be pending: see STATUS). */
  readonly ok: boolean;
  readonly orderId: string | undefined;
  /** The platform's payment reference; undefined when it answered "0" or nothing (no payment made). */
  readonly payId: string | undefined;
  /** History level of a maintenance operation (maintenance and query answers). */
  readonly payIdSub: number | undefined;
  /** First digit of NCERROR as the platform sent it. */
  readonly ncStatus: string | undefined;
  /** '0' when all is well (an empty NCERROR, as in the guide's examples, counts as 0). */
  readonly ncError: string;
  /** The platform's own explanation ("!" on success, " no orderid", `Alias "…" not Found`). */
  readonly ncErrorPlus: string;
  /** The official message for NCERROR ("SHA Mismatch", "This order has already been processed"). */
  readonly ncErrorMessage: string;
  readonly acceptance: string | undefined;
  readonly eci: string | undefined;
  /** The answer's amount in minor units of `currency`. */
  readonly amountMinor: number | undefined;
  readonly currency: string | undefined;
  readonly pm: string | undefined;
  readonly brand: string | undefined;
  readonly alias: string | undefined;
  /** Masked card number (query answers). */
  readonly cardNumber: string | undefined;
  /** The decoded HTML of a 3-D Secure answer (STATUS 46), to be sent to the shopper's browser as is. */
  readonly htmlAnswer: string | undefined;
  /** Every attribute as received, names in their original case. */
  readonly raw: Readonly<Record<string, string>>;
}

/**
 * `ncError` on a refusal: the NCERROR the body carried, when it had one (an ncresponse without
 * STATUS but with an error, which a query answers when the query itself failed, §8).
 */
export type ParseOutcome =
  { readonly ok: true; readonly result: DirectLinkResult } | { readonly ok: false; readonly problem: string; readonly ncError?: string };

/** The encodings an answer is read in: the two the guides name, and UTF-16, which XML readers must read. */
type AnswerCharset = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/**
 * Picks the charset of a body: a byte order mark's, else the Content-Type's, else the XML
 * declaration's, else UTF-8. A byte order mark wins over the header (RFC 7303 §3.3, XML 1.0
 * §4.3.3): a UTF-8 answer with one under the platform's usual `Charset=iso-8859-1` was decoded as
 * "ï»¿<?xml", not well-formed, and a paid order read as an answer lost (review r1271). The
 * guides never show such an answer; a proxy or a platform upgrade may produce one.
 */
export function responseCharset(contentType: string | null | undefined, bytes: Uint8Array): AnswerCharset {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const declared =
    /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1] ??
    /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(Buffer.from(bytes.subarray(0, 200)).toString('latin1'))?.[1];
  // UTF-16 without a byte order mark: big-endian, unless the label says otherwise (RFC 2781 §4.3).
  if (declared !== undefined && /^utf-?16(le)?$/i.test(declared)) return /le$/i.test(declared) ? 'utf-16le' : 'utf-16be';
  if (declared !== undefined && /^utf-?16be$/i.test(declared)) return 'utf-16be';
  // WHATWG decodes every ISO-8859-1 label as windows-1252: identical for 0xA0–0xFF, and it
  // keeps € and the curly quotes a Windows-based platform may put in 0x80–0x9F.
  return declared !== undefined && /^(iso[-_]?8859[-_]?1|latin-?1|l1|windows-1252|cp1252|us-ascii|ascii)$/i.test(declared)
    ? 'windows-1252'
    : 'utf-8';
}

export function decodeBody(bytes: Uint8Array, contentType: string | null | undefined): string {
  // TextDecoder drops the byte order mark of the encoding it decodes.
  return new TextDecoder(responseCharset(contentType, bytes)).decode(bytes);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: '$attributes',
  parseAttributeValue: false,
  parseTagValue: false,
  // Values exactly as sent: NCERRORPLUS may start with a space (" no orderid", AM*).
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: true,
});

const numeric = (name: string) => z.string().regex(/^\d*$/, { error: `${name} is not numeric` });

/** The attributes we read, names uppercased; anything else passes through untouched. */
const attributesSchema = z.looseObject({
  STATUS: z.string({ error: 'STATUS is missing' }).regex(/^\d{1,3}$/, { error: 'STATUS is not a status code' }),
  NCERROR: numeric('NCERROR').optional(),
  NCSTATUS: z.string().optional(),
  NCERRORPLUS: z.string().optional(),
  ORDERID: z.string().optional(),
  PAYID: numeric('PAYID').optional(),
  PAYIDSUB: numeric('PAYIDSUB').optional(),
  ACCEPTANCE: z.string().optional(),
  ECI: z.string().optional(),
  AMOUNT: z.string().regex(ANSWER_AMOUNT_PATTERN, { error: 'amount is not a decimal amount' }).optional(),
  CURRENCY: z
    .string()
    .regex(/^([A-Za-z]{3})?$/, { error: 'currency is not a currency code' })
    .optional(),
  PM: z.string().optional(),
  BRAND: z.string().optional(),
  ALIAS: z.string().optional(),
  CARDNO: z.string().optional(),
});

/**
 * Parses an answer. `currency` is the request's, used when the answer carries an amount but no
 * currency. Never throws: a body that is not a usable ncresponse gives `{ ok: false, problem }`.
 */
export function parseDirectLinkResponse(xml: string, options: { currency?: string } = {}): ParseOutcome {
  const body = xml.replace(/^\uFEFF/, '');
  if (body.trim() === '') return fail('the body is empty');
  if (/<!DOCTYPE/i.test(body)) return fail('the body declares a DOCTYPE, which DirectLink never sends');
  const validation = XMLValidator.validate(body);
  if (validation !== true) {
    return fail(`the body is not well-formed XML (${validation.err.msg} at line ${validation.err.line}, column ${validation.err.col})`);
  }
  // Nothing but white space after the root element (the validator misses text after a self-closing one).
  if (!/>\s*$/.test(body)) return fail('the body has text after its XML element');
  let document: unknown;
  try {
    document = parser.parse(body);
  } catch (error) {
    return fail(`the body could not be parsed as XML (${error instanceof Error ? error.message : String(error)})`);
  }
  const element = findNcResponse(document);
  if (typeof element === 'string') return fail(element);

  const rawAttributes = element['$attributes'];
  if (!isRecord(rawAttributes)) return fail('the ncresponse element has no attributes');
  const raw: Record<string, string> = {};
  const upper: Record<string, string> = {};
  for (const [name, value] of Object.entries(rawAttributes)) {
    const text = typeof value === 'string' ? value : String(value);
    raw[name] = text;
    const key = name.toUpperCase();
    if (key in upper && upper[key] !== text) return fail(`attribute ${key} appears twice with different values`);
    upper[key] = text;
  }

  const parsed = attributesSchema.safeParse(upper);
  if (!parsed.success) {
    const problem = parsed.error.issues.map((issue) => issue.message).join('; ');
    const sentError = upper['NCERROR']?.trim();
    return sentError && /^\d+$/.test(sentError) && !/^0+$/.test(sentError) ? { ok: false, problem, ncError: sentError } : fail(problem);
  }
  const a = parsed.data;

  const ncError = a.NCERROR === undefined || a.NCERROR === '' || /^0+$/.test(a.NCERROR) ? '0' : a.NCERROR;
  const currency = nonEmpty(a.CURRENCY)?.toUpperCase() ?? options.currency;
  let amountMinor: number | undefined;
  const amount = nonEmpty(a.AMOUNT);
  if (amount !== undefined && currency !== undefined) {
    if (!isCurrency(currency)) return fail(`currency ${JSON.stringify(currency)} is not an ISO 4217 code`);
    try {
      amountMinor = parseFeedbackAmount(amount, currency);
    } catch {
      return fail(`amount ${JSON.stringify(amount)} has more decimals than ${currency} allows`);
    }
  }

  const htmlAnswer = decodeHtmlAnswer(childText(element, 'HTML_ANSWER'));
  if (htmlAnswer === null) return fail('HTML_ANSWER is not base64');

  const payId = nonEmpty(a.PAYID);
  const payIdSub = nonEmpty(a.PAYIDSUB);
  return {
    ok: true,
    result: {
      status: Number(a.STATUS),
      ok: ncError === '0',
      orderId: nonEmpty(a.ORDERID),
      payId: payId === undefined || /^0+$/.test(payId) ? undefined : payId,
      payIdSub: payIdSub === undefined ? undefined : Number(payIdSub),
      ncStatus: nonEmpty(a.NCSTATUS),
      ncError,
      ncErrorPlus: a.NCERRORPLUS ?? '',
      ncErrorMessage: explainNcError(ncError)?.message ?? '',
      acceptance: nonEmpty(a.ACCEPTANCE),
      eci: nonEmpty(a.ECI),
      amountMinor,
      currency,
      pm: nonEmpty(a.PM),
      brand: nonEmpty(a.BRAND),
      alias: nonEmpty(a.ALIAS),
      cardNumber: nonEmpty(a.CARDNO),
      htmlAnswer,
      raw,
    },
  };
}

function fail(problem: string): ParseOutcome {
  return { ok: false, problem };
}

/** The ncresponse element, at the root or inside one wrapping element; a string says what is wrong. */
function findNcResponse(document: unknown): Record<string, unknown> | string {
  if (!isRecord(document)) return 'the body holds no XML element';
  const pick = (node: Record<string, unknown>): unknown => {
    for (const key of Object.keys(node)) if (key.toLowerCase() === 'ncresponse') return node[key];
    return undefined;
  };
  let found = pick(document);
  if (found === undefined) {
    const roots = Object.keys(document).filter((key) => key !== '$attributes' && key !== '#text');
    if (roots.length === 1 && isRecord(document[roots[0]!])) found = pick(document[roots[0]!] as Record<string, unknown>);
  }
  if (found === undefined) return 'the body has no ncresponse element';
  // One answer per body, wherever a second would hide: a wrapped one beside a root one says
  // something else, and which of them the platform meant cannot be told.
  if (Array.isArray(found) || countNcResponses(document) > 1) return 'the body has more than one ncresponse element';
  // XML has one root element (fast-xml-parser's validator lets a second one through).
  if (Object.keys(document).filter((key) => key !== '#text').length > 1) return 'the body has more than one root element';
  if (!isRecord(found)) return 'the ncresponse element has no attributes';
  return found;
}

/** ncresponse elements anywhere in the parsed document. */
function countNcResponses(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((sum: number, item) => sum + countNcResponses(item), 0);
  if (!isRecord(node)) return 0;
  let count = 0;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$attributes') continue;
    if (key.toLowerCase() === 'ncresponse') count += Array.isArray(value) ? value.length : 1;
    count += countNcResponses(value);
  }
  return count;
}

function childText(element: Record<string, unknown>, name: string): string | undefined {
  for (const key of Object.keys(element)) {
    if (key.toUpperCase() !== name) continue;
    const value = element[key];
    if (typeof value === 'string') return value;
    if (isRecord(value) && typeof value['#text'] === 'string') return value['#text'];
    return undefined;
  }
  return undefined;
}

/**
 * Base64 (line breaks allowed, as in AM*'s fixture) → HTML. The bytes are UTF-8 when they are
 * valid UTF-8, ISO-8859-1 otherwise. `undefined` when absent, `null` when not base64.
 */
function decodeHtmlAnswer(encoded: string | undefined): string | undefined | null {
  if (encoded === undefined) return undefined;
  const compact = encoded.replace(/\s+/g, '');
  if (compact === '') return undefined;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1) return null;
  const bytes = Buffer.from(compact, 'base64');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
