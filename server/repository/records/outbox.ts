/**
 * The outbox: webhook events written in the same database transaction as the change they
 * report, then delivered in order per payment, with every delivery attempt kept.
 */
import type { Page } from '../page.ts';

/** failed: gave up after the retry window (or a redelivery / ping asked by hand failed). */
export type WebhookEventStatus = 'pending' | 'delivered' | 'failed';

/** How long after its creation a failed delivery is retried: the dispatcher's back-off gives up past it. */
export const WEBHOOK_RETRY_WINDOW_MS = 72 * 60 * 60_000;

/**
 * The `lastError` of an event marked never sent by the first start of webhook delivery: written
 * over the retry window before any instance had WEBHOOK_URL (OutboxStore.startDelivery).
 */
export const NEVER_SENT_ERROR = 'never sent: written before WEBHOOK_URL was first set, over 72 hours before delivery started';

export interface WebhookEventRecord {
  id: string;
  type: string;
  reference: string | null;
  data: unknown;
  createdAt: string;
  status: WebhookEventStatus;
  attempts: number;
  nextAttemptAt: string;
  deliveredAt: string | null;
  lastError: string | null;
  /** The platform it was made for, true for Ogone production (migration 0023); absent on rows made before it. */
  livemode?: boolean;
}

export interface WebhookAttemptRecord {
  id: string;
  eventId: string;
  attemptedAt: string;
  statusCode: number | null;
  error: string | null;
  ok: boolean;
}

/** An event before it is written: its id and delivery bookkeeping are the outbox's. */
export interface EventDraft {
  type: string;
  reference: string | null;
  data: unknown;
}

/** `deliveries`: the newest attempts only (outbox.ts ATTEMPTS_SHOWN); `deliveriesTruncated` when there were more. */
export type WebhookEventWithDeliveries = WebhookEventRecord & { deliveries: WebhookAttemptRecord[]; deliveriesTruncated?: boolean };

export interface OutboxStore {
  /** Appends events to the outbox outside any payment change (e.g. alias.deleted). */
  insertEvents(events: EventDraft[]): Promise<WebhookEventRecord[]>;
  listEvents(options: { cursor?: string; limit: number; type?: string; reference?: string }): Promise<Page<WebhookEventWithDeliveries>>;
  getEvent(id: string): Promise<WebhookEventWithDeliveries | undefined>;
  /**
   * Claims up to `limit` due events for delivery (FOR UPDATE SKIP LOCKED on PostgreSQL), oldest
   * first, never an event whose payment has an older undelivered one, and pushes their next
   * attempt `leaseMs` ahead so no other instance picks them while they are in flight.
   */
  claimDueEvents(options: { limit: number; leaseMs: number }): Promise<WebhookEventRecord[]>;
  /**
   * Records that webhook delivery has started on this database, once: the first call (of any
   * instance) marks the events written over the retry window before it and never tried as failed,
   * never sent (NEVER_SENT_ERROR), so an endpoint configured late is not sent months of old events
   * as new; later calls change nothing. `first`: whether this call was the first.
   */
  startDelivery(): Promise<{ first: boolean; neverSent: number }>;
  /** How many events wait for delivery and when the oldest was written (the metrics' backlog gauges). */
  outboxBacklog(): Promise<{ pending: number; oldestPendingCreatedAt: string | null }>;
  /**
   * Schedules a delivery attempt of an event now, whatever its status (a failed one after the
   * retry window, a delivered one again): one attempt, not retried when it fails
   * (the dispatcher's `askedByHand`), except for a pending event, brought forward in its retries,
   * never put later. One attempt at a time: while one is already due or in flight (claimed, not
   * yet recorded) nothing changes, so concurrent requests schedule one.
   * Undefined when no event has this id; otherwise the event as it is afterwards.
   */
  redeliverEvent(id: string): Promise<WebhookEventWithDeliveries | undefined>;
  /**
   * Writes an event already sent by hand (a ping) with its one attempt: delivered or failed,
   * never picked up by the dispatcher.
   */
  recordSentEvent(event: WebhookEventRecord, attempt: { statusCode: number | null; error: string | null; ok: boolean }): Promise<void>;
  /**
   * Records one delivery attempt and what follows for the event. `ownLeases` — the nextAttemptAt
   * of each claim of this delivery by the caller (claimDueEvents), read as the write is made —
   * changes the event only while one of them is still its lease: a result arriving after another
   * instance took the event over (the lease ran out) is kept as an attempt, counted in `attempts`,
   * and never overwrites that instance's outcome. Without `ownLeases`, always. A failure keeps
   * `deliveredAt` of an event delivered before (a redelivery asked by hand that failed): it was
   * delivered then.
   */
  recordDelivery(
    eventId: string,
    attempt: { statusCode: number | null; error: string | null; ok: boolean },
    next: { status: 'delivered' } | { status: 'pending'; nextAttemptAt: string } | { status: 'failed' },
    ownLeases?: () => readonly string[],
  ): Promise<void>;
}
