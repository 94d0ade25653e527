/**
 * Waiting for state that settles after an HTTP exchange: offline processing at the platform,
 * feedback and webhooks delivered in the background. Not a timing assertion: the deadline only
 * bounds a hang, and the failure names what never happened with the last value seen.
 */
import assert from 'node:assert/strict';

export interface WaitOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Read again this often (default 10 ms). */
  intervalMs?: number;
}

/** `until` for a `read` that answers `undefined` until the thing exists. */
export function defined<T>(value: T): value is Exclude<T, undefined> {
  return value !== undefined;
}

/** Reads until `until` holds, and returns that value. */
export async function eventually<T, U extends T>(
  read: () => T | Promise<T>,
  until: (value: T) => value is U,
  what: string,
  options?: WaitOptions,
): Promise<U>;
export async function eventually<T>(
  read: () => T | Promise<T>,
  until: (value: T) => boolean,
  what: string,
  options?: WaitOptions,
): Promise<T>;
export async function eventually<T>(
  read: () => T | Promise<T>,
  until: (value: T) => boolean,
  what: string,
  options: WaitOptions = {},
): Promise<T> {
  const { timeoutMs = 10_000, intervalMs = 10 } = options;
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!until(value)) {
    if (Date.now() > deadline) assert.fail(`never happened within ${timeoutMs} ms: ${what}: ${describe(value)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    value = await read();
  }
  return value;
}

function describe(value: unknown): string {
  try {
    return String(JSON.stringify(value)).slice(0, 600);
  } catch {
    return String(value);
  }
}
