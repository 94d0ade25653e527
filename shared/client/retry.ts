/**
 * When to try a request again and how long to wait: exponential back-off with jitter, bounded,
 * and the server's Retry-After (seconds or an HTTP date) when it sends one.
 */

export interface RetryPolicy {
  /** Retries after the first attempt (default 2: three requests at most). */
  maxRetries: number;
  /** First back-off step (default 500 ms); doubled each retry. */
  baseDelayMs: number;
  /** Ceiling of one back-off wait (default 8 s). */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the error goes to the caller (default 60 s). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

/**
 * Statuses worth another try: 429 (rate limited), 5xx (a 503 database outage, a 502/504 from the
 * platform or a proxy) except 501 (the server does not offer it: it will not change), and 409
 * `idempotency_in_progress` (the same key is still running: wait for its stored answer).
 */
export function isRetryableStatus(status: number, code: string | undefined): boolean {
  if (status === 429) return true;
  if (status === 409) return code === 'idempotency_in_progress';
  return status >= 500 && status !== 501;
}

/** The wait before retry `retry` (1, 2, …): half the exponential step fixed, half random. */
export function backoffMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** Retry-After as milliseconds from `now`: delay-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Every HTTP-date form names its month: a bare `-5` is no date (Date.parse would read a year).
  const date = /[a-z]{3}/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
