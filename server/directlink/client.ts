/**
 * DirectLink client: new orders, maintenance (capture, refund, cancel, renew) and queries,
 * server to server.
 *
 * Each call is one form-encoded POST (DirectLink guide v4.3.3 §2.1) of PSPID, USERID, PSWD,
 * the request's parameters and SHASIGN — SHA-IN over every parameter but SHASIGN, PSWD included
 * (guide §3.5 and appendix 8) — to the `_utf8` page under the configured base URL
 * (docs/ogone-protocol.md §1). The XML answer is parsed and validated (`response.ts`).
 *
 * What the caller gets:
 * - a `DirectLinkResult` whenever the platform answered with an ncresponse — including its
 *   rejections (NCERROR ≠ 0, STATUS 0): duplicate ORDERID 50001113 (carries the original PAYID),
 *   unknown alias or missing data 50001111, wrong password 50001119, unknown PSPID 50001118,
 *   IP not allowed 50001116, SHA mismatch 50001184, maintenance in the wrong status 50001127.
 *   They are answers, not failures: the caller decides (see `statuses.ts`, or `assertAccepted`
 *   to turn one into a `DirectLinkError` of kind `platform`). A query answer with a STATUS is
 *   the payment's status even with an NCERROR (a decline answers STATUS 2 and 30001001):
 *   `readQueryAnswer` tells it from the query's own failures (docs/ogone-protocol.md §8);
 * - a thrown `DirectLinkRequestError` when the request is invalid (nothing is sent);
 * - a thrown `DirectLinkError` when no usable answer came: `timeout`, `network`, `http`,
 *   `malformed` — or `platform` for a plain-text refusal such as "unknown order/1/s" that
 *   carries no ncresponse. `outcomeUnknown` says whether the platform may have acted anyway.
 *
 * The client holds no state and writes nothing: whatever happens, our records are unchanged.
 */
import type { z } from 'zod';
import { platformUrl, type OgonePage, type ProviderConfig } from '../../shared/schemas/config.ts';
import { describeProblems } from '../../shared/schemas/errors.ts';
import { aliasForLog, NO_LOG, type StructuredLogger } from '../logger.ts';
import { shaSign } from '../ogone/sha.ts';
import { DirectLinkError, DirectLinkRequestError, errorCode, sanitizeError, scrub, type DirectLinkCall } from './errors.ts';
import {
  maintenanceParameters,
  maintenanceRequestSchema,
  newOrderParameters,
  newOrderRequestSchema,
  queryParameters,
  queryRequestSchema,
  type MaintenanceRequest,
  type NewOrderRequest,
  type QueryRequest,
} from './requests.ts';
import { strangerAnswer, type AnswerSubject } from './answer-subject.ts';
import { decodeBody, parseDirectLinkResponse, type DirectLinkResult } from './response.ts';

export interface DirectLinkClientOptions {
  config: Pick<ProviderConfig, 'pspid' | 'userId' | 'password' | 'shaIn' | 'hashAlgorithm' | 'environment' | 'baseUrl'>;
  fetch?: typeof fetch;
  /**
   * How long to wait for an answer, in ms. Must be above RTIMEOUT, the platform's own timeout
   * (guide §3.1.2: "smaller than the timeout value in your system"). Default 40 s, for RTIMEOUT 30 s.
   */
  timeoutMs?: number;
  /** For `querydirect`: the guide's fallback procedure expects an answer within 10 s (§5.4). Default min(10 s, timeoutMs). */
  queryTimeoutMs?: number;
  /** RTIMEOUT sent with new orders, 30–90 s (guide §3.1.2; 30 s recommended in §5.4). `false` sends none. Default 30. */
  rtimeoutSeconds?: number | false;
  /** Ask for the wrapping root element (WITHROOT=Y) on new orders. The parser reads both shapes. */
  withRoot?: boolean;
  /** Never given a secret (see `errors.ts`'s scrubbing); silent by default. */
  logger?: Pick<StructuredLogger, 'info' | 'warn'>;
}

export interface DirectLinkClient {
  /** `orderdirect_utf8.asp`: a payment with card data and/or an alias, 3-D Secure if asked. */
  newOrder(request: NewOrderRequest): Promise<DirectLinkResult>;
  /** `maintenancedirect_utf8.asp`: capture (SAL/SAS), refund (RFD/RFS), cancel (DEL/DES), renew (REN). */
  maintenance(request: MaintenanceRequest): Promise<DirectLinkResult>;
  /**
   * `querydirect_utf8.asp`: the current status of a payment, by PAYID (recommended) or ORDERID.
   * `stop` cuts the query (a server stopping): it throws, as any query that got no answer.
   */
  query(request: QueryRequest, options?: QueryOptions): Promise<DirectLinkResult>;
}

export interface QueryOptions {
  /**
   * Aborted when the asker stops (the reconciler at close): the query is cut rather than waited
   * for up to its timeout, and ends in a `DirectLinkError` — never an answer. Only a query takes
   * one: it changes nothing, so cutting it leaves nothing unknown.
   */
  stop?: AbortSignal | undefined;
}

export const DEFAULT_TIMEOUT_MS = 40_000;
export const DEFAULT_RTIMEOUT_SECONDS = 30;
const QUERY_TIMEOUT_MS = 10_000;

/** Connection errors that prove the request never reached the platform. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** Plain-text refusals the platform writes instead of an ncresponse (guide §3.5, appendix 7). */
const PLATFORM_TEXT =
  /unknown order\/[01]\/[isr]|PSPID not found|Connection to API feature not allowed|not a valid currency|currency is not accepted|amount too long or not numeric|PAYMENT METHOD NOT FOUND|^no [A-Z_]+\b|^[A-Z_]+ too long/i;

export function createDirectLinkClient(options: DirectLinkClientOptions): DirectLinkClient {
  const { config } = options;
  for (const key of ['pspid', 'userId', 'password', 'shaIn'] as const) {
    if (typeof config[key] !== 'string' || config[key] === '') throw new TypeError(`createDirectLinkClient: config.${key} is required`);
  }
  if (config.environment === 'disabled') {
    throw new TypeError('createDirectLinkClient: the provider is disabled (environment "disabled"); DirectLink calls are not allowed');
  }
  if (config.environment === 'sandbox' && !config.baseUrl) {
    throw new TypeError("createDirectLinkClient: the sandbox environment needs config.baseUrl (the sandbox's address)");
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  assertPositiveInteger('timeoutMs', timeoutMs);
  const queryTimeoutMs = options.queryTimeoutMs ?? Math.min(QUERY_TIMEOUT_MS, timeoutMs);
  assertPositiveInteger('queryTimeoutMs', queryTimeoutMs);
  const rtimeout = options.rtimeoutSeconds ?? DEFAULT_RTIMEOUT_SECONDS;
  if (rtimeout !== false) {
    if (!Number.isInteger(rtimeout) || rtimeout < 30 || rtimeout > 90) {
      throw new TypeError('createDirectLinkClient: rtimeoutSeconds (RTIMEOUT) must be an integer from 30 to 90, or false');
    }
    if (timeoutMs <= rtimeout * 1000) {
      throw new TypeError(
        `createDirectLinkClient: timeoutMs (${timeoutMs}) must be above RTIMEOUT (${rtimeout} s) so the platform gives up first; raise timeoutMs or pass rtimeoutSeconds: false`,
      );
    }
  }
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const logger = options.logger ?? NO_LOG;

  interface Call {
    call: DirectLinkCall;
    page: OgonePage;
    subject: string;
    params: Record<string, string>;
    timeoutMs: number;
    /** Whether the request can change a payment (queries cannot). */
    mutating: boolean;
    currency?: string;
    /** What the request named: an answer about another order, payment or level is not ours. */
    about: AnswerSubject;
    secrets: ReadonlyArray<string | undefined>;
    log: object;
    /** A query's `stop` (QueryOptions). */
    stop?: AbortSignal | undefined;
  }

  async function send(c: Call): Promise<DirectLinkResult> {
    const form: Record<string, string> = { PSPID: config.pspid, USERID: config.userId, PSWD: config.password, ...c.params };
    form['SHASIGN'] = shaSign(form, { passphrase: config.shaIn, algorithm: config.hashAlgorithm, direction: 'in' });
    const secrets = [config.password, config.shaIn, form['SHASIGN'], ...c.secrets];
    const url = platformUrl(config, c.page);
    const host = new URL(url).host;
    const fail = (error: DirectLinkError): DirectLinkError => {
      logger.warn(
        { call: c.call, kind: error.kind, outcomeUnknown: error.outcomeUnknown, ...c.log, error: error.message },
        'directlink call failed',
      );
      return error;
    };
    const unchanged = 'Nothing was changed on our side.';
    const advice = !c.mutating
      ? 'A query changes nothing: ask again later.'
      : c.call === 'new order'
        ? 'The platform may still have processed it: query the order before sending it again.'
        : 'The platform may still have processed it: query the payment before repeating the operation, so it never happens twice.';

    // Cut: the asker is stopping. An error, never an answer: nothing about the payment is read
    // into it (not "unknown order", not "no such level"), and it is asked again later.
    const cut = (cause?: Error) =>
      fail(
        new DirectLinkError(`DirectLink ${c.subject} was cut: the server is stopping. ${unchanged} ${advice}`, {
          kind: 'network',
          call: c.call,
          outcomeUnknown: c.mutating,
          ...(cause ? { cause } : {}),
        }),
      );
    if (c.stop?.aborted) throw cut();

    logger.info({ call: c.call, page: c.page, ...c.log }, 'directlink request');
    const timeout = AbortSignal.timeout(c.timeoutMs);
    const signal = c.stop ? AbortSignal.any([timeout, c.stop]) : timeout;
    let response: Response;
    let bytes: Uint8Array | undefined;
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/xml, application/xml' },
        body: new URLSearchParams(form).toString(),
        signal,
        // The body carries the API password: never replay it to wherever a redirect points.
        redirect: 'manual',
      });
      bytes = await readCapped(response, MAX_ANSWER_BYTES);
    } catch (error) {
      const cause = sanitizeError(error, secrets);
      if (c.stop?.aborted && !timeout.aborted) throw cut(cause);
      if (isTimeout(error, signal)) {
        throw fail(
          new DirectLinkError(`DirectLink ${c.subject} got no answer within ${c.timeoutMs} ms (timeout). ${unchanged} ${advice}`, {
            kind: 'timeout',
            call: c.call,
            outcomeUnknown: c.mutating,
            cause,
          }),
        );
      }
      const code = errorCode(error);
      const neverSent = code !== undefined && NEVER_SENT.has(code);
      throw fail(
        new DirectLinkError(
          `DirectLink ${c.subject} failed on the network: ${neverSent ? `the platform at ${host} could not be reached` : `the connection to ${host} failed`} (${code ?? cause.message}). ${unchanged} ${neverSent ? 'The request never reached the platform.' : advice}`,
          { kind: 'network', call: c.call, outcomeUnknown: c.mutating && !neverSent, cause },
        ),
      );
    }

    if (bytes === undefined) {
      throw fail(
        new DirectLinkError(
          `DirectLink ${c.subject} was answered with more than ${MAX_ANSWER_BYTES / 1024} KiB (HTTP ${response.status}), which is no ncresponse: check OGONE_BASE_URL. ${unchanged} ${advice}`,
          { kind: 'malformed', call: c.call, outcomeUnknown: c.mutating },
        ),
      );
    }
    const body = decodeBody(bytes, response.headers.get('content-type'));
    if (response.status < 200 || response.status > 299) {
      const snippet = excerpt(body, secrets);
      throw fail(
        new DirectLinkError(
          `DirectLink ${c.subject} was answered with HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${snippet ? ` ("${snippet}")` : ''}. ${unchanged} ${response.status >= 500 ? advice : 'The platform did not process it.'}`,
          { kind: 'http', call: c.call, httpStatus: response.status, outcomeUnknown: c.mutating && response.status >= 500 },
        ),
      );
    }

    const parsed = parseDirectLinkResponse(body, c.currency === undefined ? {} : { currency: c.currency });
    if (!parsed.ok && parsed.ncError !== undefined && !c.mutating) {
      // An ncresponse with an NCERROR and no STATUS: the query itself failed (§8), a refusal
      // that says nothing about the payment.
      throw fail(
        new DirectLinkError(
          `DirectLink ${c.subject} failed at the platform: NCERROR ${parsed.ncError} and no STATUS. ${unchanged} ${advice}`,
          {
            kind: 'platform',
            call: c.call,
            ncError: parsed.ncError,
            outcomeUnknown: false,
          },
        ),
      );
    }
    if (!parsed.ok) {
      const snippet = excerpt(body, secrets);
      if (snippet && PLATFORM_TEXT.test(snippet)) {
        throw fail(
          new DirectLinkError(`DirectLink ${c.subject} was refused by the platform: "${snippet}". ${unchanged}`, {
            kind: 'platform',
            call: c.call,
            outcomeUnknown: false,
          }),
        );
      }
      throw fail(
        new DirectLinkError(
          `DirectLink ${c.subject} got an answer that is not a valid ncresponse: ${scrub(parsed.problem, secrets)}. ${unchanged} ${advice}`,
          {
            kind: 'malformed',
            call: c.call,
            outcomeUnknown: c.mutating,
          },
        ),
      );
    }
    // The platform's free text may echo what it got (a refused password, the form): the
    // answer's text is cleaned of our secrets before anyone — a message, a log, an API answer —
    // reads it.
    const result: DirectLinkResult = {
      ...parsed.result,
      ncErrorPlus: scrub(parsed.result.ncErrorPlus, secrets),
      raw: Object.fromEntries(Object.entries(parsed.result.raw).map(([name, value]) => [name, scrub(value, secrets)])),
    };
    const stranger = strangerAnswer(result, c.about);
    if (stranger) {
      throw fail(
        new DirectLinkError(`DirectLink ${c.subject} got an answer about ${stranger}: it is not applied. ${unchanged} ${advice}`, {
          kind: 'malformed',
          call: c.call,
          outcomeUnknown: c.mutating,
        }),
      );
    }
    logger.info(
      { call: c.call, status: result.status, ncError: result.ncError, payId: result.payId, payIdSub: result.payIdSub, ...c.log },
      'directlink response',
    );
    return result;
  }

  return {
    async newOrder(request) {
      const order = validate('new order', newOrderRequestSchema, request);
      const params = newOrderParameters(order);
      if (rtimeout !== false) params['RTIMEOUT'] = String(rtimeout);
      if (options.withRoot) params['WITHROOT'] = 'Y';
      return send({
        call: 'new order',
        page: 'orderdirect_utf8.asp',
        subject: `new order ${order.orderId} (${order.operation}${order.alias ? ' with alias' : ''})`,
        params,
        timeoutMs,
        mutating: true,
        currency: order.currency,
        about: { orderId: order.orderId },
        secrets: [order.card?.number, order.card?.cvc, order.card?.expiry],
        log: {
          orderId: order.orderId,
          operation: order.operation,
          amount: order.amount,
          currency: order.currency,
          alias: aliasForLog(order.alias?.name),
          threeDSecure: order.threeDSecure !== undefined,
        },
      });
    },
    async maintenance(request) {
      const m = validate('maintenance', maintenanceRequestSchema, request);
      return send({
        call: 'maintenance',
        page: 'maintenancedirect_utf8.asp',
        subject: `maintenance ${m.operation} on ${m.payId ? `PAYID ${m.payId}` : `ORDERID ${m.orderId}`}`,
        params: maintenanceParameters(m),
        timeoutMs,
        mutating: true,
        secrets: [],
        ...(m.currency === undefined ? {} : { currency: m.currency }),
        about: { payId: m.payId, orderId: m.orderId },
        log: { payId: m.payId, orderId: m.orderId, operation: m.operation, amount: m.amount },
      });
    },
    async query(request, queryOptions = {}) {
      const q = validate('query', queryRequestSchema, request);
      return send({
        stop: queryOptions.stop,
        call: 'query',
        page: 'querydirect_utf8.asp',
        subject: `query for ${q.payId ? `PAYID ${q.payId}${q.payIdSub !== undefined ? `/${q.payIdSub}` : ''}` : `ORDERID ${q.orderId}`}`,
        params: queryParameters(q),
        timeoutMs: queryTimeoutMs,
        mutating: false,
        secrets: [],
        ...(q.currency === undefined ? {} : { currency: q.currency }),
        about: { payId: q.payId, orderId: q.orderId, payIdSub: q.payIdSub },
        log: { payId: q.payId, orderId: q.orderId, payIdSub: q.payIdSub },
      });
    },
  };
}

/**
 * Turns a platform rejection into an error, for callers that want one:
 * `assertAccepted(await client.newOrder(order), 'new order')`.
 */
export function assertAccepted(result: DirectLinkResult, call: DirectLinkCall): DirectLinkResult {
  if (result.ok) return result;
  // The platform's text is not ours: strip anything shaped like a card number or a secret field.
  const plus = scrub(result.ncErrorPlus.trim(), []);
  throw new DirectLinkError(
    `DirectLink ${call}${result.orderId ? ` ${result.orderId}` : ''} was refused by the platform: NCERROR ${result.ncError} (${result.ncErrorMessage}${plus && plus !== '!' ? `: ${plus}` : ''}), STATUS ${result.status}. Nothing was changed on our side.`,
    { kind: 'platform', call, ncError: result.ncError, outcomeUnknown: false },
  );
}

function validate<T extends z.ZodType>(call: DirectLinkCall, schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new DirectLinkRequestError(call, describeProblems(parsed.error));
  return parsed.data;
}

function isTimeout(error: unknown, signal: AbortSignal): boolean {
  if (error instanceof Error && error.name === 'TimeoutError') return true;
  return signal.aborted && (signal.reason as { name?: unknown } | undefined)?.name === 'TimeoutError';
}

/**
 * A DirectLink answer is a few KB. Whatever answers at OGONE_BASE_URL (a proxy's page, a wrong
 * host, an endless stream) is read no further than this: read whole, 96 MiB took 192 MiB.
 */
const MAX_ANSWER_BYTES = 1024 * 1024;

/** The answer's bytes, or undefined past `max` (the rest is not read). */
async function readCapped(response: Response, max: number): Promise<Uint8Array | undefined> {
  const declared = Number(response.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > max) {
    await response.body?.cancel().catch(() => {});
    return undefined;
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, total);
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
}

/** The start of a body as one line of plain text, secrets removed. */
function excerpt(body: string, secrets: ReadonlyArray<string | undefined>): string {
  const plain = scrub(
    body
      // Not `<[^>]*>`: on `<` after `<` with no `>` it backtracks to the end from each one, and
      // 100 KB of them held the event loop 15 s.
      .replace(/<[^<>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
    secrets,
  );
  return plain.length > 200 ? `${plain.slice(0, 200)}…` : plain;
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new TypeError(`createDirectLinkClient: ${name} must be a positive integer number of milliseconds`);
}
