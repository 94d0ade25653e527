import type { Translation } from './types.ts';

const en: Translation = {
  $code: 'en',
  pay: (amount) => `Pay ${amount}`,
  loading: 'Loading…',
  processing: 'Processing…',
  saveCard: 'Save my card for future payments',
  saveCardHint: 'Kept by our payment provider, never by this shop.',
  payWith: 'Pay with',
  newCard: 'New card',
  quantity: 'Quantity',
  retry: 'Try again',
  completed: 'Payment complete. Thank you!',
  errors: {
    session_paid: 'This payment has already been made.',
    attempt_in_progress: 'A payment is already being processed. Wait a moment for its result.',
    session_expired: 'This payment link has expired.',
    not_found: 'Payment not found.',
    network: 'Cannot reach the payment server.',
    origin_not_allowed: 'Payments are unavailable on this page.',
    rate_limited: 'Too many attempts. Try again shortly.',
    payment_declined: 'Payment refused. Try another card.',
    server: 'The payment could not start. Try again.',
  },
};
export default en;
