import type { Translation } from './types.ts';

const en: Translation = {
  pay: (amount) => `Pay ${amount}`,
  processing: 'Processing…',
  saveCard: 'Save card',
  saveCardHint: 'Only our payment provider keeps it.',
  chooseCard: 'Choose a card',
  newCard: 'Use another card',
  expires: 'expires',
  forget: 'Forget',
  forgetAsk: 'Forget?',
  yes: 'Yes',
  no: 'No',
  quantity: 'Quantity',
  retry: 'Try again',
  completed: 'Payment complete.',
  setupHint: 'Nothing is charged now.',
  saved: 'Card saved.',
  errors: {
    session_paid: 'Already paid.',
    attempt_in_progress: 'A payment is already in progress.',
    session_expired: 'This link has expired.',
    not_found: 'Payment not found.',
    network: 'Payment server unreachable.',
    origin_not_allowed: 'Payments are unavailable here.',
    rate_limited: 'Too many attempts.',
    payment_declined: 'Payment refused.',
    server: 'Something went wrong.',
  },
};
export default en;
