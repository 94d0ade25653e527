/** Runs autocannon against a URL and returns the figures the benchmark table prints. */
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Several bodies sent in turn (e.g. one signed feedback per payment). */
  bodies?: string[];
  connections?: number;
  durationSeconds?: number;
  /** Fixed request rate over all connections (for latency at a given load). */
  overallRate?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  total: number;
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const bodies = options.bodies;
  let next = 0;
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    connections: options.connections ?? 16,
    duration: options.durationSeconds ?? 5,
    overallRate: options.overallRate,
    requests: bodies ? [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: bodies[next++ % bodies.length] }) }] : undefined,
  } as autocannon.Options);
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    total: result.requests.total,
  };
}
