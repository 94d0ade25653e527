/**
 * Delivers outbox events to WEBHOOK_URL, at least once. Events are written in the same database
 * transaction as the payment change (repository.mutateTransaction), so none is lost; this loop
 * claims due ones (row locks with SKIP LOCKED on PostgreSQL, so several instances share the
 * work), posts them signed, and retries failures with exponential back-off for 3 days (the
 * issue asks for at least 24 hours). Per payment, an event waits for the previous one.
 */
import { CLOCK_SKEW_TOLERANCE_MS, type Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Repository, WebhookEventRecord } from '../repository/types.ts';
import { eventRows } from '../repository/outbox.ts';
import { WEBHOOK_RETRY_WINDOW_MS } from '../repository/records/outbox.ts';
import { rowToEvent } from '../repository/rows.ts';
import { webhookEndpoint } from './endpoint.ts';
import { SIGNATURE_HEADER, signatureHeader, signingSecrets } from './signature.ts';

/**
 * How long a claim keeps an event from other instances while it is posted: the POST's timeout and
 * a margin, plus the clock difference docs/deploy.md allows between instances (server/clock.ts).
 * The lease is stamped with the claimer's clock and read with another's: at one minute, an
 * instance 90 s ahead took an event another was posting, and the endpoint had it twice at once
 * (review r1010). An instance that dies mid-delivery delays that event's retry by as much.
 */
export function deliveryLeaseMs(timeoutMs = DEFAULT_TIMEOUT_MS): number {
  return timeoutMs + 5_000 + CLOCK_SKEW_TOLERANCE_MS;
}

export interface BackoffOptions {
  /** Delay after the first failure; doubles each time. */
  baseMs: number;
  maxMs: number;
  /** Give up (status failed) once an event is this old. */
  giveUpAfterMs: number;
}

/** How long a POST to the endpoint may take. */
const DEFAULT_TIMEOUT_MS = 10_000;

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 10_000, maxMs: 60 * 60_000, giveUpAfterMs: WEBHOOK_RETRY_WINDOW_MS };

/**
 * Whether a claimed event's attempt was asked by hand, so one attempt and not retried when it
 * fails: a `ping` (only ever sent when asked), or a redelivery of an event already delivered (its
 * automatic delivery ended with that 2xx, and recordDelivery keeps its time). A redelivery of a
 * failed event is one attempt too, as its retry window is over (a failed event younger than the
 * window is a ping's); of a pending one, it only brings its next retry forward.
 */
export function askedByHand(event: Pick<WebhookEventRecord, 'type' | 'deliveredAt'>): boolean {
  return event.type === 'ping' || event.deliveredAt !== null;
}

export interface WebhookDispatcherOptions {
  repository: Repository;
  url: string;
  secret: string;
  /** WEBHOOK_SECRET_PREVIOUS: while set, every delivery carries a second signature made with it. */
  previousSecret?: string | undefined;
  clock: Clock;
  logger: Logger;
  fetch?: typeof fetch;
  pollIntervalMs?: number;
  /** How long a claimed event stays invisible to other instances while being delivered (deliveryLeaseMs by default). */
  leaseMs?: number;
  /** Deliveries in flight at once (each claimed as a slot frees); 10 by default. */
  batchSize?: number;
  timeoutMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** 0 ≤ random() < 1, for jitter; tests pass () => 0. */
  random?: () => number;
  /** Whether events are about real money (Ogone production): carried by every delivery. */
  livemode?: boolean;
  /** Told each delivery's outcome (the metrics); nothing when absent. */
  observer?: WebhookDeliveryObserver;
}

export interface WebhookDeliveryObserver {
  delivered(): void;
  /** `retry`: tried again after the back-off; `abandoned`: the retry window is over. */
  failed(outcome: 'retry' | 'abandoned'): void;
}

export interface WebhookDispatcher {
  start(): void;
  /** Look for due events now (called after a payment change). */
  nudge(): void;
  /** Claims due events for the free delivery slots and waits for them; resolves with how many were claimed. */
  runOnce(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Delay before attempt `attempts + 1`, after `attempts` failed ones: doubling, with up to 20 %
 * jitter so receivers coming back are not hit by every event at once, and never more than
 * `maxMs` (the README's "at most an hour apart": the cap applied before the jitter let gaps reach
 * 72 minutes).
 */
export function backoffDelay(attempts: number, backoff: BackoffOptions, random: () => number = Math.random): number {
  const exponential = backoff.baseMs * 2 ** Math.max(0, attempts - 1);
  return Math.min(Math.round(exponential * (1 + 0.2 * random())), backoff.maxMs);
}

/**
 * The JSON body of a delivery: `{ id, type, created, livemode, data }`. `livemode` is false for
 * the sandbox and Ogone's test platform, so a merchant never ships goods for a test payment: the
 * event's own, recorded when it was written (payments/livemode.ts); `livemode` (this server's
 * setting) only for an event written before migration 0023 recorded it.
 */
export function webhookBody(event: WebhookEventRecord, livemode = false): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    created: event.createdAt,
    livemode: event.livemode ?? livemode,
    data: event.data,
  });
}

export interface PostEventOptions {
  url: string;
  secret: string;
  /** WEBHOOK_SECRET_PREVIOUS: while set, the delivery carries a second signature made with it. */
  previousSecret?: string | undefined;
  clock: Clock;
  livemode: boolean;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Aborted when the sender stops (the dispatcher at close): the POST is cut, its outcome `cut`. */
  stop?: AbortSignal;
}

/** What the receiver made of one POST: its status (null when none came) or why there was none. */
export interface PostOutcome {
  statusCode: number | null;
  /** `timeout` or `network error (ECONNREFUSED)`: never the URL, which may carry a token. */
  error: string | null;
  ok: boolean;
  latencyMs: number;
  /** No answer came because `stop` cut the POST: the receiver may or may not have the event. */
  cut?: boolean;
}

/** The error recorded for a delivery cut by the server's stop (README, "Operations: what is guaranteed", Shutdown). */
export const CUT_AT_STOP_ERROR = 'cut: the server stopped before an answer';

/** POSTs one event, signed, to the merchant's endpoint: the one way an event leaves this server. */
export async function postEvent(event: WebhookEventRecord, options: PostEventOptions): Promise<PostOutcome> {
  const body = webhookBody(event, options.livemode);
  const timestamp = Math.floor(options.clock.now().getTime() / 1000);
  const started = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const endpoint = webhookEndpoint(options.url);
    const response = await (options.fetch ?? fetch)(endpoint.url, {
      method: 'POST',
      headers: {
        ...(endpoint.authorization ? { authorization: endpoint.authorization } : {}),
        'content-type': 'application/json',
        'user-agent': 'ogone-checkout-webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(signingSecrets(options.secret, options.previousSecret), timestamp, body),
        'Ogone-Checkout-Event-Id': event.id,
      },
      body,
      redirect: 'manual',
      signal: options.stop
        ? AbortSignal.any([AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS), options.stop])
        : AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
    statusCode = response.status;
    await response.body?.cancel().catch(() => {});
  } catch (caught) {
    if (options.stop?.aborted)
      return { statusCode: null, error: CUT_AT_STOP_ERROR, ok: false, latencyMs: Math.round(performance.now() - started), cut: true };
    const cause = (caught as { cause?: { code?: string } }).cause?.code;
    error = `${(caught as Error).name === 'TimeoutError' ? 'timeout' : 'network error'}${cause ? ` (${cause})` : ''}`;
  }
  const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
  return { statusCode, error: ok ? null : (error ?? `HTTP ${statusCode}`), ok, latencyMs: Math.round(performance.now() - started) };
}

export interface PingResult extends PostOutcome {
  /** The ping's id: it is kept in the outbox with its one attempt, like any delivery. */
  eventId: string;
}

/**
 * Sends a `ping` event to WEBHOOK_URL now and records it, delivered or failed, in the outbox:
 * never retried — it asks whether the endpoint answers and verifies our signature, nothing more.
 */
export async function sendPing(options: PostEventOptions & { repository: Repository; logger: Logger }): Promise<PingResult> {
  const [event] = eventRows(
    [{ type: 'ping', reference: null, data: { message: 'A test event from ogone-checkout.' } }],
    null,
    options.clock,
    options.livemode ? 1 : 0,
  ).map(rowToEvent);
  const outcome = await postEvent(event!, options);
  await options.repository.recordSentEvent(event!, { statusCode: outcome.statusCode, error: outcome.error, ok: outcome.ok });
  options.logger.info(
    { eventId: event!.id, type: 'ping', statusCode: outcome.statusCode, error: outcome.error, latencyMs: outcome.latencyMs },
    'webhook ping sent',
  );
  return { ...outcome, eventId: event!.id };
}

export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...options.backoff };
  const doFetch = options.fetch ?? fetch;
  const random = options.random ?? Math.random;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let again = false;
  let closed = false;
  // Aborted by close(): a POST in flight is cut rather than waited for up to its timeout, past
  // serve's stop deadline (review r1737), as the alias deleter cuts its DELALIAS (review r1697).
  const stopping = new AbortController();

  async function deliver(event: WebhookEventRecord): Promise<void> {
    const { statusCode, error, ok, cut } = await postEvent(event, {
      url: options.url,
      secret: options.secret,
      previousSecret: options.previousSecret,
      clock: options.clock,
      livemode: options.livemode ?? false,
      fetch: doFetch,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      stop: stopping.signal,
    });
    // Every lease this instance's claims of this delivery held, as they stand when the write is
    // made (claimFreeSlots adds one on a re-claim while it is in flight).
    const ownLeases = () => leases.get(event.id) ?? [event.nextAttemptAt];
    if (ok) {
      await options.repository.recordDelivery(event.id, { statusCode, error: null, ok }, { status: 'delivered' }, ownLeases);
      options.logger.info({ eventId: event.id, type: event.type, attempt: event.attempts, statusCode }, 'webhook delivered');
      options.observer?.delivered();
      return;
    }
    const now = options.clock.now().getTime();
    if (cut) {
      // Cut by the stop, not failed by the endpoint: recorded as not delivered and due again at
      // once — after the restart, or on another instance now — with the same event id (at least
      // once: the endpoint may have it already). Neither back-off nor the end of the retry
      // window applies, nor "asked by hand: one attempt": what was asked was never answered.
      await options.repository.recordDelivery(
        event.id,
        { statusCode, error, ok: false },
        { status: 'pending', nextAttemptAt: new Date(now).toISOString() },
        ownLeases,
      );
      options.logger.warn(
        { eventId: event.id, type: event.type, attempt: event.attempts },
        'webhook delivery cut: the server is stopping; sent again later',
      );
      return;
    }
    const byHand = askedByHand(event);
    const giveUp = byHand || now - Date.parse(event.createdAt) >= backoff.giveUpAfterMs;
    const nextAttemptAt = new Date(now + backoffDelay(event.attempts, backoff, random)).toISOString();
    await options.repository.recordDelivery(
      event.id,
      { statusCode, error, ok: false },
      giveUp ? { status: 'failed' } : { status: 'pending', nextAttemptAt },
      ownLeases,
    );
    options.logger.warn(
      { eventId: event.id, type: event.type, attempt: event.attempts, statusCode, error, nextAttemptAt: giveUp ? null : nextAttemptAt },
      byHand
        ? 'webhook redelivery failed (asked by hand: not retried)'
        : giveUp
          ? 'webhook delivery abandoned'
          : 'webhook delivery failed, will retry',
    );
    options.observer?.failed(giveUp ? 'abandoned' : 'retry');
  }

  /**
   * Deliveries in flight, at most `batchSize`: a slot freed by one answer is filled at once, so a
   * slow endpoint for one event (up to the timeout) holds back one slot, not a whole batch.
   */
  const slots = Math.max(1, options.batchSize ?? 10);
  /**
   * Each delivery, by its event's id. A delivery that outlasts its lease (a stalled database
   * write, a timeout above the lease) is claimable again, by this instance too: it is not posted a
   * second time while its first POST is open.
   */
  const inFlight = new Map<string, Promise<void>>();
  /**
   * The leases of each delivery's claims by this instance. A delivery claimed again while in
   * flight is not posted twice, but its result is recorded under any of them, so it still counts;
   * a lease taken by another instance makes the result an attempt only (recordDelivery).
   */
  const leases = new Map<string, string[]>();
  let reserved = 0;

  /**
   * Delivery's start recorded before the first claim (OutboxStore.startDelivery): on a database
   * whose webhooks are delivered for the first time, events written over the retry window before
   * are marked never sent, not posted as new. Tried again at the next claim if it failed.
   */
  let started: Promise<void> | undefined;
  function deliveryStarted(): Promise<void> {
    started ??= options.repository.startDelivery().then(
      ({ first, neverSent }) => {
        if (first) options.logger.info({ neverSent }, 'webhook delivery started on this database');
        if (neverSent > 0)
          options.logger.warn(
            { neverSent },
            'webhook events written before WEBHOOK_URL was first set, over 72 hours ago, marked never sent',
          );
      },
      (error: unknown) => {
        started = undefined;
        throw error;
      },
    );
    return started;
  }

  function send(event: WebhookEventRecord): Promise<void> {
    const delivery: Promise<void> = deliver(event)
      .catch((error: unknown) => {
        // The claim's lease runs out and the event is claimed again: at least once.
        options.logger.error({ err: { message: (error as Error).message }, eventId: event.id }, 'webhook dispatcher error');
      })
      .finally(() => {
        inFlight.delete(event.id);
        leases.delete(event.id);
        if (timer && !closed) tick();
      });
    inFlight.set(event.id, delivery);
    return delivery;
  }

  /** Claims due events for the free slots and sends them; resolves with how many were claimed. */
  async function claimFreeSlots(): Promise<{ claimed: number; asked: number }> {
    // Slots asked for are reserved until the claim answers: two claims at once (runOnce beside
    // the loop) never fill more than `slots` between them. Nothing is claimed once closed.
    if (!closed) await deliveryStarted();
    const asked = closed ? 0 : slots - inFlight.size - reserved;
    if (asked <= 0) return { claimed: 0, asked };
    reserved += asked;
    let events: WebhookEventRecord[];
    try {
      events = await options.repository.claimDueEvents({ limit: asked, leaseMs: options.leaseMs ?? deliveryLeaseMs(options.timeoutMs) });
    } finally {
      reserved -= asked;
    }
    for (const event of events) {
      if (inFlight.has(event.id)) leases.get(event.id)?.push(event.nextAttemptAt);
      else {
        leases.set(event.id, [event.nextAttemptAt]);
        void send(event);
      }
    }
    return { claimed: events.length, asked };
  }

  async function runOnce(): Promise<number> {
    const before = new Set(inFlight.values());
    const { claimed } = await claimFreeSlots();
    await Promise.all([...inFlight.values()].filter((delivery) => !before.has(delivery)));
    return claimed;
  }

  function tick(): void {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        // Keep claiming while every free slot found an event, so a backlog drains without waiting.
        // (Closed, no slot is asked for: the loop ends.)
        for (;;) {
          const { claimed, asked } = await claimFreeSlots();
          if (asked <= 0 || claimed < asked) break;
        }
      } catch (error) {
        options.logger.error({ err: { message: (error as Error).message } }, 'webhook dispatcher error');
      }
    })().finally(() => {
      running = undefined;
      if (again && !closed) {
        again = false;
        tick();
      }
    });
  }

  return {
    start() {
      if (timer || closed) return;
      timer = setInterval(tick, pollIntervalMs);
      timer.unref();
      tick();
    },
    nudge() {
      if (timer) setImmediate(tick);
    },
    runOnce,
    async close() {
      closed = true;
      stopping.abort();
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
      // Each delivery records its outcome before it settles: none is left half-recorded.
      await Promise.all(inFlight.values());
    },
  };
}
