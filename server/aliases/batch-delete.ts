/**
 * Deletes an alias at the platform: a one-line Batch file `DELALIAS;<alias>;;;;;<PSPID>;` (Alias
 * Manager guide, "Création d'Alias en masse via Batch": field 1 ADDALIAS or DELALIAS, field 2 the
 * alias, field 7 the PSPID) uploaded to the Batch automatic upload page `AFU_agree.asp` with the
 * API user, processed synchronously (Batch advanced guide, "Automatic upload process"; see
 * docs/ogone-protocol.md §10, and §14 for what the guides leave open).
 *
 * The answer is read for NCERROR only: 0 on the file and its line is a confirmed deletion, and so
 * is 50001111 `Alias "…" not Found` on the line (the platform does not know the alias: nothing
 * left to delete). Anything else — an HTTP error, no answer, another code, 50001111 for another
 * reason, an answer with no line result — is "not confirmed": the caller retries later.
 * Never throws; never logs or returns the password.
 */
import { NCERROR } from '../../shared/ncerror.ts';
import { scrub } from '../directlink/errors.ts';
import { aliasForLog } from '../logger.ts';
import { ncolSegment, platformBaseUrl, type ProviderConfig } from '../../shared/schemas/config.ts';

export const BATCH_UPLOAD_PAGE = 'AFU_agree.asp';
/** Alias Manager guide §3.5: an unknown alias answers 50001111 `Alias "…" not Found`. */
const ALIAS_NOT_FOUND = NCERROR.DATA_VALIDATION;

export type BatchDeletionResult = { confirmed: true; alreadyGone: boolean } | { confirmed: false; reason: string };

export interface BatchDeletionOptions {
  config: Pick<ProviderConfig, 'pspid' | 'userId' | 'password' | 'environment' | 'baseUrl'>;
  /** The platform's base URL when it is not the configured one (the mounted sandbox). */
  baseUrl?: string | undefined;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /**
   * Cuts the upload short before its timeout: the background deleter's, aborted when the server
   * stops, so a DELALIAS the platform holds does not hold the shutdown for the whole timeout
   * (review r1697). The deletion is then not confirmed, and retried as any other.
   */
  signal?: AbortSignal | undefined;
}

/**
 * The Batch file line that deletes one alias (the guide's field order; card fields left empty).
 * The file "must be an ASCII file", its fields hold no ";", ALIAS is AN(50) and PSPID AN(30)
 * (Alias Manager guide §6.2 "Spécifications").
 */
export function deleteAliasLine(alias: string, pspid: string): string {
  for (const [name, value, max] of [
    ['alias', alias, 50],
    ['PSPID', pspid, 30],
  ] as const) {
    if (!/^[\x20-\x3a\x3c-\x7e]+$/.test(value))
      throw new TypeError(`the ${name} must be printable ASCII without ";" to go into a Batch file`);
    if (value.length > max) throw new TypeError(`the ${name} is longer than the Batch file's ${max} characters`);
  }
  return `DELALIAS;${alias};;;;;${pspid};`;
}

export function batchUploadUrl(options: BatchDeletionOptions): string {
  const base = options.baseUrl ? options.baseUrl.replace(/\/+$/, '') : platformBaseUrl(options.config);
  return `${base}/ncol/${ncolSegment(options.config.environment)}/${BATCH_UPLOAD_PAGE}`;
}

export async function deleteAliasAtPlatform(
  options: BatchDeletionOptions,
  alias: string,
  fileReference: string,
): Promise<BatchDeletionResult> {
  const { config } = options;
  const form = new FormData();
  form.set('PSPID', config.pspid);
  form.set('USERID', config.userId);
  form.set('PSWD', config.password);
  form.set('FILE_REFERENCE', fileReference);
  form.set('REPLY_TYPE', 'XML');
  form.set('MODE', 'SYNC');
  form.set('PROCESS_MODE', 'CHECKANDPROCESS');
  form.set('FILE', new Blob([`${deleteAliasLine(alias, config.pspid)}\r\n`], { type: 'text/plain' }), `${fileReference}.txt`);
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  let response: Response;
  let body: string;
  // One signal for the upload: its timeout, or the caller's stop, whichever comes first
  // (AbortSignal.any is not in every Node 20 the package supports).
  const upload = new AbortController();
  const timer = setTimeout(
    () => upload.abort(new DOMException('no answer within the timeout', 'TimeoutError')),
    options.timeoutMs ?? 30_000,
  );
  timer.unref();
  const stop = () => upload.abort(options.signal?.reason);
  if (options.signal?.aborted) stop();
  else options.signal?.addEventListener('abort', stop, { once: true });
  try {
    // The body carries the API password: never replay it to wherever a redirect points.
    response = await fetchImpl(batchUploadUrl(options), {
      method: 'POST',
      body: form,
      redirect: 'manual',
      signal: upload.signal,
    });
    body = await response.text();
  } catch (error) {
    if (options.signal?.aborted) return { confirmed: false, reason: 'the upload was cut off: the server is stopping' };
    const name = error instanceof Error ? error.name : 'Error';
    return {
      confirmed: false,
      reason:
        name === 'TimeoutError' || name === 'AbortError' ? 'no answer from the platform (timeout)' : 'the platform could not be reached',
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
  }
  if (response.status < 200 || response.status > 299) return { confirmed: false, reason: `the platform answered HTTP ${response.status}` };
  return readBatchAnswer(body, config.password, alias);
}

/** Alias Manager guide §3.5: the NCERRORPLUS of an unknown alias, `Alias "…" not Found`. */
const ALIAS_NOT_FOUND_TEXT = /^\s*Alias\s+"[^"]*"\s+not\s+found/i;

/**
 * Each NCERROR of the answer (the file's, then its lines') with the NCERRORPLUS beside it, and
 * whether it is a line's: on a `LINE` element's attributes, or an NCERROR element inside one.
 */
function answerCodes(xml: string): Array<{ code: string; plus: string; line: boolean }> {
  const codes: Array<{ code: string; plus: string; line: boolean }> = [];
  // Attributes of one element (`<LINE … NCERROR="…" NCERRORPLUS="…"/>`), in either quote and with
  // a raw `>` allowed inside a value (XML 1.0 §2.3), names in any case; or elements.
  for (const tag of xml.matchAll(/<([A-Za-z_][^\s/>]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/g)) {
    const attributes = new Map<string, string>();
    for (const attribute of tag[2]!.matchAll(/([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
      attributes.set(attribute[1]!.toUpperCase(), attribute[2] ?? attribute[3] ?? '');
    const code = attributes.get('NCERROR');
    if (code !== undefined)
      codes.push({ code: code.trim(), plus: decodeEntities(attributes.get('NCERRORPLUS') ?? ''), line: tag[1]!.toUpperCase() === 'LINE' });
  }
  // `<LINE …>…</LINE>` spans: an NCERROR element inside one is that line's result.
  const lines = [...xml.matchAll(/<LINE\b[^>]*>[\s\S]*?<\/LINE\s*>/gi)].map((m) => [m.index, m.index + m[0].length] as const);
  for (const element of xml.matchAll(/<NCERROR>\s*([^<\s]*)\s*<\/NCERROR>(?:\s*<NCERRORPLUS>([^<]*)<\/NCERRORPLUS>)?/gi))
    codes.push({
      code: (element[1] ?? '').trim(),
      plus: decodeEntities(element[2] ?? ''),
      line: lines.some(([start, end]) => element.index > start && element.index < end),
    });
  return codes;
}

/** XML's five named entities and its character references (`&#34;`, `&#x22;`). */
const NAMED: Readonly<Record<string, string>> = { quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' };
const decodeEntities = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|quot|apos|lt|gt|amp);/gi, (whole, name: string) => {
    if (name[0] !== '#') return NAMED[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });

/**
 * NCERROR of the file and of each line; only codes are kept, never the echoed request. 50001111 is
 * the platform's "data validation error": it says the alias is gone only with the guide's text
 * (§3.5) — the same code refuses a file it could not read (no line, nothing deleted) or a line.
 */
export function readBatchAnswer(xml: string, password = '', alias = ''): BatchDeletionResult {
  const codes = answerCodes(xml);
  if (codes.length === 0) return { confirmed: false, reason: "the platform's answer carries no NCERROR" };
  const gone = (entry: { code: string; plus: string }) => entry.code === ALIAS_NOT_FOUND && ALIAS_NOT_FOUND_TEXT.test(entry.plus);
  const refused = codes.find((entry) => entry.code !== NCERROR.OK && !gone(entry));
  if (refused) {
    // The platform's text may echo the uploaded form: scrubbed as DirectLink's refusals are (the
    // password verbatim, URL-encoded and HTML-escaped, any PSWD= field, anything card-number-like).
    // The alias it names is a card's charging token: the reason is logged, so it keeps the end
    // a log line shows (server/logger.ts aliasForLog).
    const plus = alias.length >= 4 ? refused.plus.split(alias).join(aliasForLog(alias)) : refused.plus;
    const safePlus = scrub(plus, [password || undefined]);
    return {
      confirmed: false,
      reason: `the platform refused the deletion: NCERROR ${refused.code}${safePlus && safePlus !== '!' ? ` (${safePlus.slice(0, 200)})` : ''}`,
    };
  }
  // docs/ogone-protocol.md §10: NCERROR 0 on the file AND its line confirms. A file accepted
  // (NCERROR 0) whose answer reports no line result says nothing of the DELALIAS: not processed,
  // processed later, or not read as a line. Confirmed, the card was deleted here and announced
  // while the alias could stay stored at the platform, never retried (review r760). Retried
  // instead: a second DELALIAS is harmless (50001111 `Alias "…" not Found` confirms).
  if (!codes.some((entry) => entry.line)) return { confirmed: false, reason: 'the answer reports no line' };
  return { confirmed: true, alreadyGone: codes.some(gone) };
}
