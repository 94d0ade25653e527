/** Checkout sessions from the merchant API's input, and from a payment button's click. */
import type { z } from 'zod';
import type { createCheckoutSessionSchema } from '../../shared/schemas/api.ts';
import { ogoneAmountProblem } from '../../shared/money.ts';
import { PARAMETER_MAX_LENGTHS } from '../../shared/parameter-lengths.ts';
import { newId } from '../ids.ts';
import { PaymentError } from '../domain/payment-error.ts';
import type { ButtonRecord, CheckoutSessionRecord } from '../repository/types.ts';
import { ogoneText } from './hosted-page.ts';

export type CheckoutSessionInput = z.output<typeof createCheckoutSessionSchema>;

/** Button sessions live an hour: long enough to pay, short enough not to pile up. */
export const BUTTON_SESSION_SECONDS = 3600;

export function sessionFromInput(input: CheckoutSessionInput, now: Date): CheckoutSessionRecord {
  if (input.saveCard !== 'never' && !input.customer?.id) {
    throw new PaymentError(
      'invalid',
      'invalid_request',
      `customer.id: saving a card (saveCard ${input.saveCard}) needs a customer id to attach the card to`,
      { field: 'customer.id' },
    );
  }
  return {
    id: newId('cs', now.getTime()),
    buttonId: null,
    amount: input.amount,
    currency: input.currency,
    merchantReference: input.reference ?? null,
    description: input.description ?? null,
    customer: input.customer ?? null,
    locale: input.locale ?? null,
    saveCard: input.saveCard,
    successUrl: input.successUrl ?? null,
    failureUrl: input.failureUrl ?? null,
    metadata: input.metadata ?? null,
    quantity: 1,
    status: 'open',
    paidReference: null,
    expiresAt: new Date(now.getTime() + input.expiresIn * 1000).toISOString(),
    createdAt: now.toISOString(),
  };
}

/**
 * Why `quantity` × `amount` cannot go out as Ogone's AMOUNT (docs/ogone-protocol.md §2), if it
 * cannot: checked on each click and, for `maxQuantity`, when the button is made.
 */
export function buttonTotalProblem(amount: number, quantity: number, currency: string): string | undefined {
  const total = amount * quantity;
  return Number.isSafeInteger(total) ? ogoneAmountProblem(total, currency) : 'amount is too large';
}

export function sessionFromButton(button: ButtonRecord, quantity: number, now: Date): CheckoutSessionRecord {
  // The total goes out as Ogone's AMOUNT, the amount × 100 (docs/ogone-protocol.md §2): a button
  // stored before entry validation may not be payable at all; a large quantity may overflow 15 digits.
  const unitProblem = ogoneAmountProblem(button.amount, button.currency);
  if (unitProblem)
    throw new PaymentError('invalid', 'invalid_request', `amount: this button cannot be paid: ${unitProblem}`, { field: 'amount' });
  const amount = button.amount * quantity;
  const totalProblem = buttonTotalProblem(button.amount, quantity, button.currency);
  if (totalProblem)
    throw new PaymentError(
      'invalid',
      'invalid_request',
      `quantity: the total amount (${quantity} × ${button.amount}) cannot be paid: ${totalProblem}`,
      { field: 'quantity' },
    );
  return {
    id: newId('cs', now.getTime()),
    buttonId: button.id,
    amount,
    currency: button.currency,
    merchantReference: null,
    description: buttonDescription(button.name, quantity),
    customer: null,
    locale: null,
    // A button has no customer to attach a card to.
    saveCard: 'never',
    successUrl: button.successUrl,
    failureUrl: button.failureUrl,
    metadata: { button: button.id, quantity: String(quantity) },
    quantity,
    status: 'open',
    paidReference: null,
    expiresAt: new Date(now.getTime() + BUTTON_SESSION_SECONDS * 1000).toISOString(),
    createdAt: now.toISOString(),
  };
}

/**
 * The order's COM for a button: its name, with the quantity when more than one, within COM's 100
 * characters. The name is what gets cut: cut at the end, a name of 96 characters lost the "× 3"
 * that says what the shopper pays for.
 */
export function buttonDescription(name: string, quantity: number): string {
  if (quantity <= 1) return ogoneText(name, PARAMETER_MAX_LENGTHS.COM);
  const suffix = ` × ${quantity}`;
  return `${ogoneText(name, PARAMETER_MAX_LENGTHS.COM - suffix.length).trimEnd()}${suffix}`;
}
