/**
 * The answers for a saved card that is not there — never saved, forgotten, or another customer's
 * (answered like a missing one: nothing to learn) — one per surface, so each reads the same
 * wherever it is refused.
 */
import { PaymentError } from '../domain/payment-error.ts';

/** The merchant API's (`/api/aliases/:id`, its charges): the path's `id`. */
export const savedCardNotFound = (): PaymentError =>
  new PaymentError('not_found', 'not_found', 'no saved card with this id', { field: 'id' });

/** A checkout session's (the shopper's saved-card payment and Forget): the body's `aliasId`. */
export const customerCardNotFound = (): PaymentError =>
  new PaymentError('not_found', 'alias_not_found', "aliasId: no saved card with this id for this checkout's customer", {
    field: 'aliasId',
  });
