/**
 * The server-to-server feedback ("post-sale request"), in the platform's "online but switch to a
 * deferred request when the online request fails" timing: one request right after the payment,
 * the shopper waiting for it; on a non-2xx answer, a network error or no answer within the
 * timeout, retries later on the configured schedule (every 10 minutes, at most 4 times on the
 * real platform — e-Commerce Advanced guide §9.3.2). Redirects are not followed and the request
 * carries the platform's User-Agent (docs/ogone-protocol.md §13).
 *
 * Faults can be injected (control API): the next N requests fail without being sent, or wait.
 */
import type { ResolvedOptions } from '../options.ts';
import type { Delivery, Payment, SandboxStore } from '../store.ts';
import type { Timers } from '../timers.ts';
import { encodeParameters, feedbackParameters, withParameters } from './parameters.ts';

export const PLATFORM_USER_AGENT = 'Mozilla/3.0 (compatible; Indy Library)';
/** Indy's default Accept header, which the platform's requests carry as well. */
export const PLATFORM_ACCEPT = 'text/html, */*';

export interface Faults {
  /** The next N server-to-server requests fail (not sent, counted as a failed attempt). */
  fail: number;
  /** The next N requests wait `delayMs` before being sent. */
  delay: number;
  delayMs: number;
}

export class FeedbackSender {
  private readonly faults: Faults = { fail: 0, delay: 0, delayMs: 0 };
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly controllers = new Set<AbortController>();
  /** Bumped by reset/close: work started before is abandoned. */
  private generation = 0;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly store: SandboxStore,
    private readonly timers: Timers,
  ) {}

  getFaults(): Faults {
    return { ...this.faults };
  }

  setFaults(change: Partial<Faults>): Faults {
    Object.assign(this.faults, change);
    return this.getFaults();
  }

  /**
   * Sends the feedback of a payment now; resolves once this first (online) attempt is over, with
   * retries scheduled if it failed. Undefined when no post-sale URL is configured, or for a
   * status change while status-change requests are off.
   */
  send(payment: Payment, reason: Delivery['reason']): Promise<Delivery | undefined> {
    const url = this.urlFor(payment);
    if (url === undefined) return Promise.resolve(undefined);
    // Later status changes are only sent with "HTTP request for status changes" on
    // (e-Commerce Advanced guide §9.3.1.1); the payment's own feedback and a resend always go.
    if (reason === 'status-change' && !this.options.settings.statusChangeFeedback) return Promise.resolve(undefined);
    const delivery: Delivery = {
      id: this.store.newDeliveryId(),
      reason,
      method: this.options.feedbackMethod,
      url,
      parameters: feedbackParameters(payment, this.options),
      attempts: [],
      state: 'sending',
    };
    payment.deliveries.push(delivery);
    return this.track(this.attempt(payment, delivery, 0, this.generation)).then(() => delivery);
  }

  /** Abandons scheduled retries and requests in flight, clears faults. */
  reset(): void {
    this.generation++;
    for (const controller of this.controllers) controller.abort(new Error('sandbox reset'));
    this.faults.fail = 0;
    this.faults.delay = 0;
    this.faults.delayMs = 0;
  }

  /** Resolves when the requests in flight have settled (after `reset`, at once in practice). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private urlFor(payment: Payment): string | undefined {
    const configured = this.options.feedbackUrl;
    if (configured === undefined) return undefined;
    // PARAMVAR fills the variable part of the post-sale URL (e-Commerce Advanced §9.3.1.2).
    return configured.replaceAll('<PARAMVAR>', encodeURIComponent(payment.paramVar));
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work)).catch(() => {});
    return work;
  }

  private async attempt(payment: Payment, delivery: Delivery, retry: number, generation: number): Promise<void> {
    const ok = await this.request(delivery, payment.charset, generation);
    if (generation !== this.generation) {
      delivery.state = 'abandoned';
      return;
    }
    const log = {
      payId: payment.payId,
      orderId: payment.orderId,
      status: payment.status,
      delivery: delivery.id,
      attempt: delivery.attempts.length,
    };
    if (ok) {
      delivery.state = 'delivered';
      this.options.logger.info(log, 'sandbox: feedback delivered');
      return;
    }
    const delay = this.options.retryDelaysMs[retry];
    if (delay === undefined) {
      delivery.state = 'failed';
      this.options.logger.error({ ...log, last: delivery.attempts.at(-1) }, 'sandbox: feedback failed, no retry left');
      return;
    }
    delivery.state = 'retrying';
    this.options.logger.warn(
      { ...log, last: delivery.attempts.at(-1), retryInMs: delay },
      'sandbox: feedback failed, deferred retry scheduled',
    );
    this.timers.after(delay, () => {
      if (generation === this.generation) void this.track(this.attempt(payment, delivery, retry + 1, generation));
    });
  }

  private async request(delivery: Delivery, charset: Payment['charset'], generation: number): Promise<boolean> {
    const at = this.options.now().toISOString();
    if (this.faults.delay > 0) {
      this.faults.delay--;
      await this.timers.sleep(this.faults.delayMs);
      if (generation !== this.generation) return false;
    }
    if (this.faults.fail > 0) {
      this.faults.fail--;
      delivery.attempts.push({ at, ok: false, error: 'simulated failure (sandbox control API)' });
      return false;
    }
    const body = encodeParameters(delivery.parameters, charset);
    const get = delivery.method === 'GET';
    const controller = new AbortController();
    this.controllers.add(controller);
    const timeout = setTimeout(() => controller.abort(new TimeoutError()), this.options.feedbackTimeoutMs);
    try {
      const response = await this.options.fetch(get ? withParameters(delivery.url, delivery.parameters, charset) : delivery.url, {
        method: delivery.method,
        headers: get
          ? { 'user-agent': PLATFORM_USER_AGENT, accept: PLATFORM_ACCEPT }
          : { 'user-agent': PLATFORM_USER_AGENT, accept: PLATFORM_ACCEPT, 'content-type': 'application/x-www-form-urlencoded' },
        ...(get ? {} : { body }),
        redirect: 'manual',
        signal: controller.signal,
      });
      await response.arrayBuffer();
      const ok = response.status >= 200 && response.status < 300;
      delivery.attempts.push(
        ok ? { at, ok, httpStatus: response.status } : { at, ok, httpStatus: response.status, error: `HTTP ${response.status}` },
      );
      return ok;
    } catch (error) {
      const reason =
        controller.signal.reason instanceof TimeoutError ? `no answer within ${this.options.feedbackTimeoutMs} ms` : describe(error);
      delivery.attempts.push({ at, ok: false, error: reason });
      return false;
    } finally {
      clearTimeout(timeout);
      this.controllers.delete(controller);
    }
  }
}

class TimeoutError extends Error {}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}
