/**
 * The sandbox is configured like a real Ogone account (back office "Technical information"):
 * PSPID, API user, SHA-IN / SHA-OUT passphrases, hash algorithm, post-sale URL and method,
 * dynamic e-Commerce parameters. Everything else has a default taken from the guides.
 */
import type { HashAlgorithm } from '../../shared/signature.ts';
import type { StructuredLogger } from '../logger.ts';

export type FeedbackMethod = 'POST' | 'GET';

/**
 * What the sandbox logs: the server's one logger shape (pino's `logger.info(obj, msg)` fits). Only
 * plumbing, no Ogone fact, so the sandbox may share it; never given secrets. A type, erased at run
 * time: the standalone sandbox loads nothing of the signer's for it.
 */
export type SandboxLogger = StructuredLogger;

export interface SandboxOptions {
  pspid: string;
  userId: string;
  password: string;
  shaIn: string;
  shaOut: string;
  hashAlgorithm: HashAlgorithm;
  /** Post-sale (server-to-server) URL; `<PARAMVAR>` is replaced by the order's PARAMVAR. */
  feedbackUrl?: string;
  feedbackMethod?: FeedbackMethod;
  /** Dynamic e-Commerce parameters sent in every feedback (names as Ogone lists them). */
  dynamicParameters?: string[];
  merchantName?: string;
  /**
   * "Online but switch to a deferred request when the online request fails": the real platform
   * retries every 10 minutes, at most 4 times (e-Commerce Advanced guide §9.3.2).
   */
  retry?: { delaysMs?: number[] };
  /** Timeout of one server-to-server request (HTTPTimeOut, 5 s on the real platform). */
  feedbackTimeoutMs?: number;
  /**
   * Maintenance (capture, refund, cancel) is processed offline by the platform: the XML answers
   * 91/81/61 and the status becomes 9/8/6 later. This is how much later.
   */
  maintenanceDelayMs?: number;
  /**
   * The account's "Payment retry" setting (back office, "Global transaction parameters"): how
   * many refused tries a shopper gets on the payment page before the result is final
   * (e-Commerce Advanced guide §9.3.1.1). Default {@link DEFAULT_PAYMENT_TRIES}.
   */
  paymentTries?: number;
  /**
   * "HTTP request for status changes" (back office, "Transaction feedback"): a server-to-server
   * request for later status changes — captures, refunds, cancellations done offline, uncertain
   * payments settled (e-Commerce Advanced guide §5.3, §9.3.1.1). Off by default, as `doctor`
   * tells merchants to set it: status changes reach the server through DirectLink answers and
   * queries (docs/ogone-protocol.md §13).
   */
  statusChangeFeedback?: boolean;
  /**
   * The first PAYID it gives (default 3000001). The platform never gives one twice; this sandbox
   * keeps its payments in memory, so one started again beside a database that outlives it (serve
   * on a DATA_DIR) is given a first PAYID past every earlier one's (start-server.ts).
   */
  firstPayId?: number;
  fetch?: typeof fetch;
  now?: () => Date;
  logger?: SandboxLogger;
}

/**
 * The guide's feedback parameters (ORDERID, AMOUNT, CURRENCY, PM, ACCEPTANCE, STATUS, CARDNO,
 * PAYID, NCERROR, BRAND, ED, TRXDATE, CN — e-Commerce Advanced guide §9.2.3.1) plus ALIAS and IP,
 * which the merchant selects among the dynamic e-Commerce parameters (docs/ogone-protocol.md §13).
 */
export const DEFAULT_DYNAMIC_PARAMETERS: readonly string[] = [
  'ACCEPTANCE',
  'ALIAS',
  'AMOUNT',
  'CARDNO',
  'CN',
  'CURRENCY',
  'IP',
  'NCERROR',
  'ORDERID',
  'PAYID',
  'PM',
  'STATUS',
  'TRXDATE',
  'BRAND',
  'ED',
];

/**
 * Tries a shopper gets on the payment page. The guides name the setting ("Payment retry") but
 * not its default; 10 is the sandbox's choice (docs/ogone-protocol.md §14).
 */
export const DEFAULT_PAYMENT_TRIES = 10;
/** The most tries the sandbox accepts for the setting. */
export const MAX_PAYMENT_TRIES = 99;

/** The account settings a test or the control API may change while the sandbox runs. */
export interface SandboxSettings {
  paymentTries: number;
  statusChangeFeedback: boolean;
}

/** Every 10 minutes, at most 4 times (e-Commerce Advanced guide §9.3.2). */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [600_000, 600_000, 600_000, 600_000];

/** HTTPTimeOut of the post-sale request: 5 s on the platform (docs/ogone-protocol.md §5). */
export const DEFAULT_FEEDBACK_TIMEOUT_MS = 5_000;

export interface ResolvedOptions {
  readonly pspid: string;
  readonly userId: string;
  readonly password: string;
  readonly shaIn: string;
  readonly shaOut: string;
  readonly hashAlgorithm: HashAlgorithm;
  readonly feedbackUrl: string | undefined;
  readonly feedbackMethod: FeedbackMethod;
  readonly dynamicParameters: readonly string[];
  readonly merchantName: string;
  readonly retryDelaysMs: readonly number[];
  readonly feedbackTimeoutMs: number;
  readonly maintenanceDelayMs: number;
  /** Changed by the control API; `initialSettings` is what a reset goes back to. */
  readonly settings: SandboxSettings;
  readonly initialSettings: Readonly<SandboxSettings>;
  readonly fetch: typeof fetch;
  readonly now: () => Date;
  readonly logger: SandboxLogger;
}

const silent: SandboxLogger = { info() {}, warn() {}, error() {} };

export function resolveOptions(options: SandboxOptions, supportedParameters: ReadonlySet<string>): ResolvedOptions {
  for (const key of ['pspid', 'userId', 'password', 'shaIn', 'shaOut'] as const) {
    if (typeof options[key] !== 'string' || options[key] === '') {
      throw new TypeError(`createSandbox: option ${key} is required`);
    }
  }
  const method = options.feedbackMethod ?? 'POST';
  if (method !== 'POST' && method !== 'GET') {
    throw new TypeError(`createSandbox: feedbackMethod must be POST or GET, not ${JSON.stringify(method)}`);
  }
  if (options.feedbackUrl !== undefined && !/^https?:\/\/\S+$/.test(options.feedbackUrl)) {
    throw new TypeError('createSandbox: feedbackUrl must be an absolute http(s) URL');
  }
  const dynamicParameters = (options.dynamicParameters ?? DEFAULT_DYNAMIC_PARAMETERS).map((name) => name.toUpperCase());
  for (const name of dynamicParameters) {
    if (!supportedParameters.has(name)) {
      throw new TypeError(
        `createSandbox: unsupported dynamic parameter ${JSON.stringify(name)} (supported: ${[...supportedParameters].join(', ')})`,
      );
    }
  }
  const retryDelaysMs = options.retry?.delaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  for (const delay of retryDelaysMs) assertDuration('retry.delaysMs', delay);
  const feedbackTimeoutMs = options.feedbackTimeoutMs ?? DEFAULT_FEEDBACK_TIMEOUT_MS;
  assertDuration('feedbackTimeoutMs', feedbackTimeoutMs);
  const maintenanceDelayMs = options.maintenanceDelayMs ?? 0;
  assertDuration('maintenanceDelayMs', maintenanceDelayMs);
  const paymentTries = options.paymentTries ?? DEFAULT_PAYMENT_TRIES;
  if (!isPaymentTries(paymentTries)) {
    throw new TypeError(`createSandbox: paymentTries must be a whole number from 1 to ${MAX_PAYMENT_TRIES}`);
  }
  const statusChangeFeedback = options.statusChangeFeedback ?? false;
  if (typeof statusChangeFeedback !== 'boolean') throw new TypeError('createSandbox: statusChangeFeedback must be true or false');
  const initialSettings: SandboxSettings = { paymentTries, statusChangeFeedback };
  return {
    pspid: options.pspid,
    userId: options.userId,
    password: options.password,
    shaIn: options.shaIn,
    shaOut: options.shaOut,
    hashAlgorithm: options.hashAlgorithm,
    feedbackUrl: options.feedbackUrl,
    feedbackMethod: method,
    dynamicParameters,
    merchantName: options.merchantName ?? options.pspid,
    retryDelaysMs: [...retryDelaysMs],
    feedbackTimeoutMs,
    maintenanceDelayMs,
    settings: { ...initialSettings },
    initialSettings: Object.freeze(initialSettings),
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    now: options.now ?? (() => new Date()),
    logger: options.logger ?? silent,
  };
}

export function isPaymentTries(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 && value <= MAX_PAYMENT_TRIES;
}

function assertDuration(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`createSandbox: ${name} must be a non-negative integer number of milliseconds`);
  }
}

/**
 * A first PAYID past every one an earlier run gave, from the clock (ten a millisecond of a run's
 * life): the sandbox forgets its payments when it stops, while the shop's database remembers them,
 * and a refund of an old payment, named by PAYID, refunded a new one (review r1575) — whether the
 * sandbox is the one `serve` mounts or `ogone-checkout sandbox` beside it (review r1638).
 */
export function firstPayIdFromClock(now: number = Date.now()): number {
  return now * 10;
}
