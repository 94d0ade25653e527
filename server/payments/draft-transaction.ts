/**
 * A payment attempt before Ogone has said anything about it: the one shape every way of paying
 * starts from (the hosted page in attempts.ts, a saved card in aliases/pay.ts), so a column added
 * to transactions gets its starting value in one place.
 */
import type { AppContext } from '../app-context.ts';
import type { AliasRecord, CheckoutSessionRecord, TransactionRecord } from '../repository/types.ts';
import { isoTime } from './iso-time.ts';

export interface DraftTransactionInput {
  reference: string;
  locale: string | null;
  now: Date;
  /** The alias name asked of Ogone when the shopper saves the card on the hosted page. */
  aliasRequest?: string | null;
  /** The saved card paying, known before Ogone answers (DirectLink's XML has no card number). */
  card?: Pick<AliasRecord, 'brand' | 'cardNumber' | 'expiry' | 'cardHolder'>;
}

export function newDraftTransaction(ctx: AppContext, session: CheckoutSessionRecord, input: DraftTransactionInput): TransactionRecord {
  // The attempt's ORDERID stamp formatted the same instant just before (reference.ts).
  const at = isoTime(input.now);
  return {
    reference: input.reference,
    sessionId: session.id,
    amount: session.amount,
    currency: session.currency,
    capturedAmount: 0,
    refundedAmount: 0,
    state: 'draft',
    lastStatus: null,
    payid: null,
    pm: null,
    brand: input.card?.brand ?? null,
    cardNumber: input.card?.cardNumber ?? null,
    expiry: input.card?.expiry ?? null,
    cardHolder: input.card?.cardHolder ?? null,
    ncError: null,
    trxDate: null,
    amountMismatch: false,
    aliasRequest: input.aliasRequest ?? null,
    customerId: session.customer?.id ?? null,
    // Copied onto the payment so the merchant API's search finds it through an index (issue 16).
    merchantReference: session.merchantReference,
    customerEmail: session.customer?.email ?? null,
    operation: ctx.config.operation,
    locale: input.locale,
    createdAt: at,
    updatedAt: at,
  };
}
