/** The merchant API as the dashboard calls it: bearer key, JSON, errors as `{ error: { code, message, field } }`. */
import { newIdempotencyKey } from './idempotency-key.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface Api {
  get<T>(path: string): Promise<T>;
  /**
   * `idempotencyKey`: the caller's key when a retry must be the same request (a money action);
   * otherwise a fresh one per call.
   */
  post<T>(path: string, body: unknown, options?: { idempotencyKey?: string }): Promise<T & { httpStatus?: number }>;
  /** A file behind the key (the CSV export), whole, for the browser to save. */
  download(path: string): Promise<Blob>;
}

export function createApi(apiKey: string, base = ''): Api {
  async function send(method: 'GET' | 'POST', path: string, body?: unknown, idempotencyKey?: string, accept = 'application/json') {
    try {
      return await fetch(base + path, {
        method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          accept,
          ...(body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': idempotencyKey ?? newIdempotencyKey() }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'network', 'the server could not be reached');
    }
  }
  async function fail(response: Response): Promise<never> {
    const data = (await response.json().catch(() => undefined)) as
      { error?: { code?: string; message?: string; field?: string } } | undefined;
    const problem = data?.error;
    throw new ApiError(
      response.status,
      problem?.code ?? `http_${response.status}`,
      problem?.message ?? `HTTP ${response.status}`,
      problem?.field,
    );
  }
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, idempotencyKey?: string): Promise<T> {
    const response = await send(method, path, body, idempotencyKey);
    if (!response.ok) return fail(response);
    const data = (await response.json().catch(() => undefined)) as T;
    return method === 'POST' && data && typeof data === 'object' ? { ...data, httpStatus: response.status } : data;
  }
  return {
    get: (path) => call('GET', path),
    post: (path, body, options) => call('POST', path, body, options?.idempotencyKey),
    async download(path) {
      const response = await send('GET', path, undefined, undefined, 'text/csv');
      if (!response.ok) return fail(response);
      return response.blob();
    },
  };
}
