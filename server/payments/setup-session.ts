/**
 * Setup sessions (issue 19): a checkout session that saves a card without paying, on Ogone's
 * FlexCheckout tokenization page (docs/ogone-protocol.md §15). The session is created with amount
 * 0; each attempt is an ORDERID of its own — ALIAS.ORDERID on the FlexCheckout page, then the
 * ORDERID of the card verification (a small authorisation with the new alias, cancelled at once:
 * aliases/setup-return.ts, maintenance/setup-verification.ts) — stored as a draft transaction
 * whose aliasRequest is the alias we name, so the return can only complete what we asked for.
 */
import { toOgoneLanguage } from '../../shared/languages.ts';
import { currencyExponent } from '../../shared/money.ts';
import type { SetupSessionInput } from '../../shared/schemas/setup-session.ts';
import type { AppContext } from '../app-context.ts';
import { PaymentError } from '../domain/payment-error.ts';
import { newId, randomToken } from '../ids.ts';
import { flexCheckoutUrl } from '../ogone/flexcheckout.ts';
import type { CheckoutSessionRecord } from '../repository/types.ts';
import { assertPayable, type AttemptInput } from './attempts.ts';
import { assertNoPaymentBeingDecided, assertUnclaimed } from './session-claims.ts';
import { newDraftTransaction } from './draft-transaction.ts';
import { newOrderId } from './reference.ts';

/** Where FlexCheckout sends the shopper back (PARAMETERS.ACCEPTURL and PARAMETERS.EXCEPTIONURL). */
export const FLEX_RETURN_PATH = '/payment/flex/return';

/** The verification's currency when the merchant names none (docs/ogone-protocol.md §15 "choices"). */
export const DEFAULT_SETUP_CURRENCY = 'EUR';

/** What `POST /checkout/sessions/:id/attempts` answers for a setup session: the page to open at top level. */
export interface NavigateResult {
  kind: 'navigate';
  reference: string;
  url: string;
}

export function setupSessionFromInput(input: SetupSessionInput, now: Date): CheckoutSessionRecord {
  return {
    id: newId('cs', now.getTime()),
    buttonId: null,
    amount: 0,
    currency: input.currency ?? DEFAULT_SETUP_CURRENCY,
    merchantReference: input.reference ?? null,
    description: input.description ?? null,
    // Required by createSetupSessionSchema: a saved card belongs to a customer.
    customer: input.customer,
    locale: input.locale ?? null,
    saveCard: 'always',
    successUrl: input.successUrl ?? null,
    failureUrl: input.failureUrl ?? null,
    metadata: input.metadata ?? null,
    quantity: 1,
    status: 'open',
    paidReference: null,
    expiresAt: new Date(now.getTime() + input.expiresIn * 1000).toISOString(),
    createdAt: now.toISOString(),
    mode: 'setup',
  };
}

/**
 * The card verification's amount: one unit of the currency (1.00 EUR, ¥1), the smallest amount
 * every acquirer authorises (zero-amount authorisations are not in the guides), cancelled at once.
 */
export function verificationAmount(currency: string): number {
  return 10 ** currencyExponent(currency);
}

/**
 * A setup session's card is verified through DirectLink (§15): without an API user the shopper
 * would type a card FlexCheckout stores, and the return would then fail. 501 before anything.
 */
export function assertSetupOffered(ctx: AppContext): void {
  if (!ctx.directLink)
    throw new PaymentError(
      'not_offered',
      'directlink_unavailable',
      'mode: a setup session verifies the card through DirectLink, which is not configured on this server (no API user)',
      { field: 'mode' },
    );
}

/** A FlexCheckout attempt: a draft verification transaction and the signed page URL (§15). */
export async function createSetupAttempt(ctx: AppContext, session: CheckoutSessionRecord, input: AttemptInput): Promise<NavigateResult> {
  const now = ctx.clock.now();
  assertPayable(ctx, session, now);
  assertSetupOffered(ctx);
  // Another attempt's verification holds the session (its 3-D Secure under way, or an answer
  // awaited or still being decided): 409, as a hosted-page attempt beside a saved-card payment
  // (docs/ogone-protocol.md §8). Handed out, the link had the shopper type a card FlexCheckout
  // stores for good, whose return could only be refused (§15 "One card per session").
  assertNoPaymentBeingDecided(session);
  assertUnclaimed(session, now);
  if (input.aliasId !== undefined)
    throw new PaymentError('invalid', 'invalid_request', 'aliasId: a setup session saves a new card; it does not pay with a saved one', {
      field: 'aliasId',
    });
  if (!session.customer?.id)
    throw new PaymentError('invalid', 'invalid_request', 'customer.id: a setup session needs a customer', { field: 'customer.id' });
  const reference = newOrderId(now, session.merchantReference);
  // Named by us, like the hosted page's aliases (§10): a return naming another alias is refused.
  const alias = `OC-${randomToken(20)}`;
  const locale = input.locale ?? session.locale ?? null;
  const transaction = {
    ...newDraftTransaction(ctx, session, { reference, locale, now, aliasRequest: alias }),
    amount: verificationAmount(session.currency),
    // An authorisation only, whatever OGONE_OPERATION says: it is cancelled, never captured.
    operation: 'RES' as const,
  };
  const returnUrl = `${ctx.config.publicUrl}${FLEX_RETURN_PATH}`;
  const fields: Record<string, string> = {
    'ACCOUNT.PSPID': ctx.config.provider.pspid,
    'ALIAS.ALIASID': alias,
    'ALIAS.ORDERID': reference,
    // Kept until deleted, not two hours (§15 "ALIAS.STOREPERMANENTLY absent").
    'ALIAS.STOREPERMANENTLY': 'Y',
    'CARD.PAYMENTMETHOD': 'CreditCard',
    'LAYOUT.LANGUAGE': toOgoneLanguage(locale),
    'PARAMETERS.ACCEPTURL': returnUrl,
    'PARAMETERS.EXCEPTIONURL': returnUrl,
  };
  const url = flexCheckoutUrl(ctx.config.provider, fields, ctx.platformBaseUrl);
  await ctx.repository.createTransaction(transaction);
  ctx.logger.info({ reference, sessionId: session.id }, 'setup attempt created');
  return { kind: 'navigate', reference, url };
}
