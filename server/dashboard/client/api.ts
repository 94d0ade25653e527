/** The merchant API as the dashboard calls it: bearer key, JSON, errors as `{ error: { code, message, field } }`. */

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
  post<T>(path: string, body: unknown): Promise<T>;
}

export function createApi(apiKey: string, base = ''): Api {
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(base + path, {
        method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'network', 'the server could not be reached');
    }
    const data = (await response.json().catch(() => undefined)) as
      { error?: { code?: string; message?: string; field?: string } } | undefined;
    if (response.ok) return data as T;
    const problem = data?.error;
    throw new ApiError(
      response.status,
      problem?.code ?? `http_${response.status}`,
      problem?.message ?? `HTTP ${response.status}`,
      problem?.field,
    );
  }
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
  };
}
