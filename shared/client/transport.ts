/**
 * One merchant API call with its retries: the bearer key, JSON in and out, an Idempotency-Key on
 * every POST and DELETE — generated once per call and sent unchanged on each retry, so the server runs the
 * call once and replays its answer to the retries (server/http/idempotency.ts) — and back-off on
 * network errors, timeouts, 5xx and 429. fetch only: it runs in Node, Deno, Bun and browsers.
 */
import { OgoneCheckoutError } from './errors.ts';
import { backoffMs, isRetryableStatus, retryAfterMs, type RetryPolicy } from './retry.ts';

export interface TransportOptions {
  baseUrl: string;
  apiKey: string;
  fetch: typeof fetch;
  retry: RetryPolicy;
  /** One attempt's time limit (default 30 s; a DirectLink call behind a capture may take 20). */
  timeoutMs: number;
  newIdempotencyKey: () => string;
  /** Waits before a retry; given the caller's signal, it may end the wait when it aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  userAgent?: string | undefined;
}

/** Per call: a key of the caller's own (e.g. stored with its order) and a signal to give up. */
export interface CallOptions {
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export interface ApiRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined> | undefined;
  body?: unknown;
  /** The answer is text (the CSV export), not JSON. */
  text?: boolean;
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; field?: unknown };
}

/** What the server takes as an Idempotency-Key (1 to 255 characters) and a header value can carry. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?$/;

function urlOf(options: TransportOptions, request: ApiRequest): string {
  const url = new URL(`${options.baseUrl.replace(/\/+$/, '')}${request.path}`);
  for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
  return url.toString();
}

/** The answer's JSON, or its text as it came when it is not JSON (`json: false`). */
async function readBody(response: Response): Promise<{ json: boolean; value: unknown; text: string }> {
  const text = await response.text();
  if (text === '') return { json: true, value: undefined, text };
  try {
    return { json: true, value: JSON.parse(text) as unknown, text };
  } catch {
    return { json: false, value: text, text };
  }
}

/**
 * A 2xx that is not JSON did not come from the API: a baseUrl naming the shop's own site, whose
 * pages answer 200 to every path, or a proxy's page. Resolving with it, a capture would look done.
 */
function invalidResponse(response: Response, idempotencyKey: string | undefined, attempts: number): OgoneCheckoutError {
  return new OgoneCheckoutError({
    status: response.status,
    code: 'invalid_response',
    message: `the server answered ${response.status} with a body that is not the API's answer (${response.headers.get('content-type') ?? 'no content type'}): check baseUrl`,
    requestId: response.headers.get('x-request-id') ?? undefined,
    idempotencyKey,
    attempts,
  });
}

function apiError(response: Response, body: unknown, idempotencyKey: string | undefined, attempts: number): OgoneCheckoutError {
  const error = (typeof body === 'object' && body !== null ? (body as ErrorBody).error : undefined) ?? {};
  return new OgoneCheckoutError({
    status: response.status,
    code: typeof error.code === 'string' ? error.code : `http_${response.status}`,
    message: typeof error.message === 'string' ? error.message : `the server answered ${response.status} ${response.statusText}`.trim(),
    field: typeof error.field === 'string' ? error.field : undefined,
    requestId: response.headers.get('x-request-id') ?? undefined,
    idempotencyKey,
    attempts,
  });
}

function transportError(error: unknown, timedOut: boolean, idempotencyKey: string | undefined, attempts: number): OgoneCheckoutError {
  const reason = error instanceof Error ? error.message : String(error);
  return new OgoneCheckoutError({
    status: 0,
    code: timedOut ? 'timeout' : 'network_error',
    message: timedOut ? 'the server did not answer in time' : `the request did not reach the server or its answer was lost: ${reason}`,
    idempotencyKey,
    attempts,
    cause: error,
  });
}

/** The default wait: a timer, cleared when `signal` aborts (rejecting with its reason). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The wait before a retry, ended at once by the caller's signal: a 503 or 429 with
 * `Retry-After: 15` kept an aborted call pending for 15 s (review r1230). A `sleep` of the
 * caller's own that ignores the signal is raced with it.
 */
async function pause(options: TransportOptions, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return options.sleep(ms);
  signal.throwIfAborted();
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([options.sleep(ms, signal), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Sends `request`, retrying as the policy says; resolves with the parsed JSON answer. */
export async function send<T>(options: TransportOptions, request: ApiRequest, call: CallOptions = {}): Promise<T> {
  // POST and DELETE: a retry after a lost answer replays the first answer (a DELETE's retry was
  // otherwise 404 for the object it had deleted).
  const idempotencyKey =
    request.method === 'POST' || request.method === 'DELETE' ? (call.idempotencyKey ?? options.newIdempotencyKey()) : undefined;
  // A key that cannot be a header value is the caller's mistake, found before anything is sent:
  // fetch's own TypeError read as a network error ("may have reached the server") and was retried.
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey))
    throw new TypeError('idempotencyKey must be 1 to 255 printable ASCII characters, without leading or trailing spaces');
  const headers: Record<string, string> = { authorization: `Bearer ${options.apiKey}`, accept: 'application/json' };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  if (options.userAgent) headers['user-agent'] = options.userAgent;
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  const url = urlOf(options, request);

  for (let attempt = 1; ; attempt++) {
    call.signal?.throwIfAborted();
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
    let failure: OgoneCheckoutError;
    let wait: number | undefined;
    try {
      const response = await options.fetch(url, { method: request.method, headers, ...(body === undefined ? {} : { body }), signal });
      const parsed = await readBody(response);
      // The CSV export, only as the API sends it: the shop's HTML page answering 200 to every path
      // (a wrong baseUrl) resolved as the merchant's payments export.
      if (response.ok && request.text) {
        if (!/^text\/csv\b/i.test(response.headers.get('content-type') ?? '')) throw invalidResponse(response, idempotencyKey, attempt);
        return parsed.text as T;
      }
      // Every answer of the API but a 204 has a JSON body: an empty 200 (a load balancer's, another
      // service's) resolved a capture with undefined.
      if (response.ok && (!parsed.json || (parsed.text === '' && response.status !== 204)))
        throw invalidResponse(response, idempotencyKey, attempt);
      if (response.ok) return parsed.value as T;
      failure = apiError(response, parsed.value, idempotencyKey, attempt);
      if (!isRetryableStatus(response.status, failure.code)) throw failure;
      wait = retryAfterMs(response.headers.get('retry-after'));
      if (wait !== undefined && wait > options.retry.maxRetryAfterMs) throw failure;
    } catch (error) {
      if (error instanceof OgoneCheckoutError) throw error;
      // The caller gave up: not a failure of the server, and not retried.
      if (call.signal?.aborted) throw call.signal.reason;
      failure = transportError(error, timeout.aborted, idempotencyKey, attempt);
    }
    if (attempt > options.retry.maxRetries) throw failure;
    await pause(options, wait ?? backoffMs(options.retry, attempt, options.random), call.signal);
  }
}
