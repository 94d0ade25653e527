/** `@ogone-checkout/shared/webhooks`: verifying a delivery, and the event types it may carry. */
export * from './verify.ts';
export * from '../webhook-events.ts';
