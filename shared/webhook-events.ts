/**
 * The webhook events the server POSTs to WEBHOOK_URL, by type: what a merchant's handler switches
 * on (README, "Webhooks and how to verify them"). The one list; the README's and the server's
 * event types are checked against it (test/shared/webhook-events.test.ts).
 */
export const WEBHOOK_EVENT_TYPES = [
  'payment.pending',
  'payment.authorized',
  'payment.captured',
  'payment.declined',
  'payment.cancelled',
  'payment.refunded',
  // A refund the acquirer declined or reversed (94 / 96): the money is back with the merchant.
  'payment.refund_reversed',
  'payment.error',
  'payment.mismatch',
  'payment.needs_attention',
  'payment.duplicate',
  'alias.created',
  'alias.deleted',
  // A setup session saved its card without a payment (issue 19): sent with its alias.created.
  'checkout.setup_completed',
  // Sent only when asked (POST /api/events/ping, the dashboard's "Send test event", doctor) to
  // check that WEBHOOK_URL answers and verifies signatures; never about a payment.
  'ping',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
