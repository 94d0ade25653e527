/**
 * The signed form the browser posts to Ogone's hosted payment page (orderstandard_utf8.asp).
 * Every parameter is built here from what the merchant stored — never from the browser — then
 * validated against the documented lengths (hostedPageRequestSchema) and signed with SHA-IN.
 */
import { toOgoneLanguage } from '../../shared/languages.ts';
import { ogoneAmountProblem, toOgoneAmount } from '../../shared/money.ts';
import { platformUrl, type ProviderConfig } from '../../shared/schemas/config.ts';
import { hostedPageRequestSchema, type HostedPageRequest } from '../../shared/schemas/hosted-page.ts';
import { describeFirstProblem } from '../../shared/schemas/errors.ts';
import { PARAMETER_MAX_LENGTHS, type LimitedParameter } from '../../shared/parameter-lengths.ts';
import { shaSign } from '../ogone/sha.ts';
import type { CheckoutSessionRecord } from '../repository/types.ts';
import { firstStorage, storedCredentialFields } from '../aliases/stored-credentials.ts';

export const FEEDBACK_PATH = '/payment/ogone/return';

export interface HostedPageOptions {
  provider: ProviderConfig;
  /** The platform's base URL actually used (the server's own URL for the sandbox). */
  platformBaseUrl?: string;
  publicUrl: string;
  operation: 'SAL' | 'RES';
  merchantName: string;
  /** COF_SCHEDULE when the card is saved (docs/ogone-protocol.md §11); default UNSCHED, null sends none. */
  cofSchedule?: 'UNSCHED' | 'SCHED' | null;
}

export interface HostedPageAttempt {
  reference: string;
  /** In minor units of the session's currency; sent as Ogone's AMOUNT, the amount × 100. */
  amount: number;
  locale: string | undefined;
  /** The ALIAS to create when the shopper saves the card. */
  alias: string | null;
}

/** The hosted page request we built would be refused by Ogone: a fault of ours, answered 500 (http/on-error.ts). */
export class HostedPageError extends Error {
  override name = 'HostedPageError';
}

/** Truncates to Ogone's limit: the schema refuses longer values, the shopper's name must not block a payment. */
const cut = (value: string | undefined, parameter: LimitedParameter) =>
  value ? value.slice(0, PARAMETER_MAX_LENGTHS[parameter]) : undefined;

export function buildHostedPageRequest(
  options: HostedPageOptions,
  session: CheckoutSessionRecord,
  attempt: HostedPageAttempt,
): { action: string; fields: Record<string, string> } {
  const returnUrl = `${options.publicUrl}${FEEDBACK_PATH}`;
  const customer = session.customer;
  // Entry validation refuses such amounts; one stored before it (1.234 KWD) must not go out rounded.
  const amountProblem = ogoneAmountProblem(attempt.amount, session.currency);
  if (amountProblem) throw new HostedPageError(`hosted page request refused: ${amountProblem}`);
  const request: Record<string, string | undefined> = {
    PSPID: options.provider.pspid,
    ORDERID: attempt.reference,
    // The amount × 100 for every currency, not minor units: ¥1,500 is 150000 (docs/ogone-protocol.md §2).
    AMOUNT: toOgoneAmount(attempt.amount, session.currency),
    CURRENCY: session.currency,
    LANGUAGE: toOgoneLanguage(attempt.locale ?? session.locale),
    CN: cut(customer?.name, 'CN'),
    EMAIL: customer?.email,
    OWNERADDRESS: cut(customer?.address?.line1, 'OWNERADDRESS'),
    OWNERZIP: cut(customer?.address?.zip, 'OWNERZIP'),
    OWNERTOWN: cut(customer?.address?.town, 'OWNERTOWN'),
    OWNERCTY: customer?.address?.country,
    OWNERTELNO: cut(customer?.phone, 'OWNERTELNO'),
    COM: cut(session.description ?? undefined, 'COM'),
    ACCEPTURL: returnUrl,
    DECLINEURL: returnUrl,
    EXCEPTIONURL: returnUrl,
    CANCELURL: returnUrl,
    OPERATION: options.operation,
  };
  if (attempt.alias) {
    request.ALIAS = attempt.alias;
    request.ALIASOPERATION = 'BYMERCHANT';
    request.ALIASUSAGE = cut(`Save this card with ${options.merchantName} for your next purchases`, 'ALIASUSAGE');
    request.ALIASPERSISTEDAFTERUSE = 'Y';
    // The shopper is present and agrees to storage: the first stored-credential use (§11).
    Object.assign(request, storedCredentialFields(firstStorage({ cofSchedule: options.cofSchedule })));
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(request)) if (value !== undefined && value !== '') fields[name] = value;
  const checked = hostedPageRequestSchema.safeParse(fields);
  if (!checked.success) throw new HostedPageError(`hosted page request refused: ${describeFirstProblem(checked.error)}`);
  const signed: HostedPageRequest & Record<string, string> = {
    ...fields,
    SHASIGN: shaSign(fields, { passphrase: options.provider.shaIn, algorithm: options.provider.hashAlgorithm, direction: 'in' }),
  } as HostedPageRequest & Record<string, string>;
  const action = options.platformBaseUrl
    ? platformUrl({ environment: options.provider.environment, baseUrl: options.platformBaseUrl }, 'orderstandard_utf8.asp')
    : platformUrl(options.provider, 'orderstandard_utf8.asp');
  return { action, fields: signed };
}
