/**
 * The typed merchant API client (issue 14): `createClient({ baseUrl, apiKey })`, for a merchant's
 * backend — never a browser page, the key is a secret. fetch only, no dependency at run time:
 * the types come from the zod schemas (`import type`, so zod is not loaded).
 *
 * Every POST carries an Idempotency-Key, generated per call (or the caller's own) and reused on
 * each retry: a session created, a capture, refund or cancel, a charge happens once however many
 * times the network makes the client ask. Errors are one class, OgoneCheckoutError.
 */
import type { CreateButton, CreateCheckoutSession } from '../schemas/api.ts';
import type { CaptureRequest, CreateCharge, OperationRequest } from '../schemas/requests.ts';
import type { CreateSetupSession } from '../schemas/setup-session.ts';
import type {
  Alias,
  AliasDeletion,
  Button,
  ButtonDeleted,
  CheckoutSession,
  DashboardSummary,
  OperationResult,
  Page,
  PingResult,
  SyncResult,
  Transaction,
  TransactionListItem,
  TransactionDetail,
  WebhookEvent,
} from '../schemas/resources.ts';
import type { PaymentState } from '../status.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';
import { send, sleep, type ApiRequest, type CallOptions, type TransportOptions } from './transport.ts';

export { OgoneCheckoutError } from './errors.ts';
export type { CallOptions } from './transport.ts';
export type { RetryPolicy } from './retry.ts';
export type * from '../schemas/resources.ts';
export type { CreateButton, CreateCheckoutSession } from '../schemas/api.ts';
export type { CaptureRequest, CreateCharge, OperationRequest } from '../schemas/requests.ts';
export type { CreateSetupSession } from '../schemas/setup-session.ts';

export interface ClientOptions {
  /** The server's address, e.g. `https://pay.example.com` (the API is under `/api`). */
  baseUrl: string;
  /** One of the server's MERCHANT_API_KEYS. */
  apiKey: string;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Retries after the first request on network errors, timeouts, 5xx and 429 (default 2). */
  maxRetries?: number;
  /** First back-off step in ms (default 500), doubled each retry, jittered, at most `maxRetryDelayMs` (default 8000). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** A Retry-After longer than this is not waited for (default 60000 ms). */
  maxRetryAfterMs?: number;
  /** One request's time limit in ms (default 30000). */
  timeoutMs?: number;
  /** Makes Idempotency-Keys (default crypto.randomUUID). */
  idempotencyKey?: () => string;
  /** For tests: how to wait (`signal`: the call's, if it has one), where randomness comes from. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  userAgent?: string;
}

export interface PageParams {
  /** 1 to 100 (default 20). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface TransactionListParams extends PageParams {
  state?: PaymentState;
  /** ISO 8601 date or date-time: created at or after. */
  from?: string;
  /** ISO 8601 date or date-time: created before. */
  to?: string;
  /** Only the attempts of this checkout session. */
  session?: string;
  includeExpired?: boolean;
  /** Any other filter the server offers, passed as is. */
  [filter: string]: string | number | boolean | undefined;
}

export interface EventListParams extends PageParams {
  type?: string;
  reference?: string;
}

type Query = Record<string, string | number | boolean | undefined>;

const segment = (value: string) => encodeURIComponent(value);

export function createClient(options: ClientOptions) {
  if (!options.baseUrl) throw new TypeError('createClient: baseUrl is required');
  if (!options.apiKey) throw new TypeError('createClient: apiKey is required');
  // Not echoed: fetch's own refusal of such a header value quotes it, secret and all.
  if (!/^[\x21-\x7e]+$/.test(options.apiKey))
    throw new TypeError('createClient: apiKey must be printable ASCII, without spaces or line breaks');
  for (const name of ['maxRetries', 'retryDelayMs', 'maxRetryDelayMs', 'maxRetryAfterMs', 'timeoutMs'] as const) {
    const value = options[name];
    // NaN (Number() of an unset variable) would retry for ever: `attempt > NaN` is never true.
    if (value !== undefined && !(Number.isFinite(value) && value >= 0 && (name !== 'maxRetries' || Number.isInteger(value))))
      throw new TypeError(`createClient: ${name} must be a ${name === 'maxRetries' ? 'whole' : 'finite'} number, 0 or more`);
  }
  const transport: TransportOptions = {
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    retry: {
      maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
      baseDelayMs: options.retryDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
      maxDelayMs: options.maxRetryDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
      maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_RETRY_POLICY.maxRetryAfterMs,
    } satisfies RetryPolicy,
    timeoutMs: options.timeoutMs ?? 30_000,
    newIdempotencyKey: options.idempotencyKey ?? (() => crypto.randomUUID()),
    sleep: options.sleep ?? sleep,
    random: options.random ?? Math.random,
    userAgent: options.userAgent,
  };
  const call = <T>(request: ApiRequest, callOptions?: CallOptions) => send<T>(transport, request, callOptions);
  const get = <T>(path: string, query?: Query, callOptions?: CallOptions) => call<T>({ method: 'GET', path, query }, callOptions);
  const post = <T>(path: string, body: unknown, callOptions?: CallOptions) => call<T>({ method: 'POST', path, body }, callOptions);
  const del = <T>(path: string, callOptions?: CallOptions) => call<T>({ method: 'DELETE', path }, callOptions);

  /** Every item of a list, page after page, following `nextCursor`. */
  async function* all<T>(list: (cursor: string | undefined) => Promise<Page<T>>): AsyncGenerator<T, void, undefined> {
    let cursor: string | undefined;
    do {
      const page = await list(cursor);
      yield* page.data;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  const transactionsList = (params: TransactionListParams = {}, o?: CallOptions) =>
    get<Page<TransactionListItem>>('/api/transactions', params as Query, o);
  const buttonsList = (params: PageParams = {}, o?: CallOptions) => get<Page<Button>>('/api/buttons', params as Query, o);
  const eventsList = (params: EventListParams = {}, o?: CallOptions) => get<Page<WebhookEvent>>('/api/events', params as Query, o);
  const aliasesList = (customerId: string, params: PageParams = {}, o?: CallOptions) =>
    get<Page<Alias>>(`/api/customers/${segment(customerId)}/aliases`, params as Query, o);
  const operation =
    <Input extends OperationRequest>(kind: 'capture' | 'refund' | 'cancel') =>
    (reference: string, input: Input = {} as Input, o?: CallOptions) =>
      post<OperationResult>(`/api/transactions/${segment(reference)}/${kind}`, input, o);

  return {
    sessions: {
      /** Creates a checkout session: a payment (the amount is fixed here) or, with `mode: 'setup'`, a card saved without paying. */
      create: (input: CreateCheckoutSession | CreateSetupSession, o?: CallOptions) =>
        post<CheckoutSession>('/api/checkout-sessions', input, o),
      retrieve: (id: string, o?: CallOptions) => get<CheckoutSession>(`/api/checkout-sessions/${segment(id)}`, undefined, o),
    },
    buttons: {
      create: (input: CreateButton, o?: CallOptions) => post<Button>('/api/buttons', input, o),
      list: buttonsList,
      listAll: (params: Omit<PageParams, 'cursor'> = {}, o?: CallOptions) => all((cursor) => buttonsList({ ...params, cursor }, o)),
      retrieve: (id: string, o?: CallOptions) => get<Button>(`/api/buttons/${segment(id)}`, undefined, o),
      delete: (id: string, o?: CallOptions) => del<ButtonDeleted>(`/api/buttons/${segment(id)}`, o),
    },
    transactions: {
      list: transactionsList,
      /** Every transaction matching `params`, across pages: `for await (const t of client.transactions.listAll())`. */
      listAll: (params: Omit<TransactionListParams, 'cursor'> = {}, o?: CallOptions) =>
        all((cursor) => transactionsList({ ...params, cursor }, o)),
      /** The payments of a filter as CSV text (all pages, streamed by the server). */
      exportCsv: (params: Omit<TransactionListParams, 'cursor' | 'limit'> = {}, o?: CallOptions) =>
        call<string>({ method: 'GET', path: '/api/transactions/export.csv', query: params as Query, text: true }, o),
      retrieve: (reference: string, o?: CallOptions) => get<TransactionDetail>(`/api/transactions/${segment(reference)}`, undefined, o),
      /** Captures an authorised payment: all of what remains, or `amount` minor units; `final: true` closes the order, releasing the rest. */
      capture: operation<CaptureRequest>('capture'),
      /** Refunds a captured payment: all of what remains, or `amount` minor units. */
      refund: operation('refund'),
      /** Cancels an authorisation. */
      cancel: operation('cancel'),
      /** Queries the platform for this payment now. */
      sync: (reference: string, o?: CallOptions) => post<SyncResult>(`/api/transactions/${segment(reference)}/sync`, undefined, o),
    },
    aliases: {
      /** A customer's saved cards. */
      list: aliasesList,
      /** Every saved card of a customer, across pages. */
      listAll: (customerId: string, params: Omit<PageParams, 'cursor'> = {}, o?: CallOptions) =>
        all((cursor) => aliasesList(customerId, { ...params, cursor }, o)),
      retrieve: (id: string, o?: CallOptions) => get<Alias>(`/api/aliases/${segment(id)}`, undefined, o),
      delete: (id: string, o?: CallOptions) => del<AliasDeletion>(`/api/aliases/${segment(id)}`, o),
      /** Charges a saved card without the shopper (merchant-initiated). */
      charge: (id: string, input: CreateCharge, o?: CallOptions) => post<Transaction>(`/api/aliases/${segment(id)}/charges`, input, o),
    },
    events: {
      list: eventsList,
      listAll: (params: Omit<EventListParams, 'cursor'> = {}, o?: CallOptions) => all((cursor) => eventsList({ ...params, cursor }, o)),
      retrieve: (id: string, o?: CallOptions) => get<WebhookEvent>(`/api/events/${segment(id)}`, undefined, o),
      redeliver: (id: string, o?: CallOptions) => post<WebhookEvent>(`/api/events/${segment(id)}/redeliver`, undefined, o),
      /** Sends a test event to WEBHOOK_URL now. */
      ping: (o?: CallOptions) => post<PingResult>('/api/events/ping', undefined, o),
    },
    dashboard: {
      /** Figures of the last `days` whole UTC days (default 14), optionally of one currency. */
      summary: (params: { days?: number; currency?: string } = {}, o?: CallOptions) =>
        get<DashboardSummary>('/api/dashboard/summary', params, o),
    },
  };
}

export type MerchantApiClient = ReturnType<typeof createClient>;
