/**
 * The signed form the browser posts to Ogone's hosted payment page (orderstandard_utf8.asp).
 * Every parameter is built here from what the merchant stored — never from the browser — then
 * validated against the documented lengths (hostedPageRequestSchema) and signed with SHA-IN.
 */
import { toOgoneLanguage } from '../../shared/languages.ts';
import { ogoneAmountProblem, toOgoneAmount } from '../../shared/money.ts';
import { platformUrl, type ProviderConfig } from '../../shared/schemas/config.ts';
import { hostedPageRequestSchema } from '../../shared/schemas/hosted-page.ts';
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

/** Control characters (line breaks, tabs…): a run of them is sent as one space (ogoneText). */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const CONTROL_RUNS = /[\u0000-\u001f\u007f]+/g;

/**
 * A text value as the browser will post it and the platform can store it, within `max` UTF-16
 * units (and so within `max` characters, however the platform counts):
 * - line breaks and other control characters become a space: a browser posts every LF or lone
 *   CR of a form value as CRLF, so a signed "a\nb" arrived as "a\r\nb" and the platform's SHA-IN
 *   no longer matched ([ADV] §11.1: the order is declined) — the shopper could not pay;
 * - never cut inside a character: half of an emoji's surrogate pair became U+FFFD at the platform.
 */
export function ogoneText(value: string, max: number): string {
  const text = CONTROL_CHARACTER.test(value) ? value.replace(CONTROL_RUNS, ' ') : value;
  if (text.length <= max) return text;
  const end = max > 0 && (text.charCodeAt(max - 1) & 0xfc00) === 0xd800 ? max - 1 : max;
  return text.slice(0, end);
}

/** Truncates to Ogone's limit: the schema refuses longer values, the shopper's name must not block a payment. */
const cut = (value: string | undefined, parameter: LimitedParameter) =>
  value ? ogoneText(value, PARAMETER_MAX_LENGTHS[parameter]) : undefined;

type FieldSchemas = Readonly<Record<string, { safeParse(value: unknown): { success: boolean } }>>;
const FIELD_SCHEMAS: FieldSchemas = hostedPageRequestSchema.shape;
/** The parameters the schema requires (PSPID, ORDERID, AMOUNT, CURRENCY, LANGUAGE). */
const REQUIRED_FIELDS = Object.keys(FIELD_SCHEMAS).filter((name) => !FIELD_SCHEMAS[name]!.safeParse(undefined).success);
/** New for every attempt: not worth remembering. */
const PER_ATTEMPT_FIELDS = new Set(['ORDERID', 'ALIAS']);
/** Values remembered per parameter; beyond it the parameter's memo starts over. */
const ACCEPTED_LIMIT = 256;
const accepted = new Map<string, Set<string>>();

/**
 * Whether hostedPageRequestSchema accepts `fields`, checked parameter by parameter, remembering
 * the values each parameter's schema accepted: most of a request (PSPID, the four URLs, OPERATION,
 * the currency, the alias flags, a session's customer) repeats from one attempt to the next, and
 * the whole-object parse was the costliest step of building it (issue 17). The schema is a strict
 * object of independent parameters, so it accepts the object exactly when every name is one of its
 * own, every value is accepted by its parameter's schema and no required one is missing. Only an
 * answer "accepted" is trusted; otherwise the caller parses the whole object, for its message.
 */
export function hostedPageFieldsAccepted(fields: Readonly<Record<string, string>>): boolean {
  for (const name in fields) {
    if (!Object.hasOwn(FIELD_SCHEMAS, name)) return false;
    const value = fields[name]!;
    let known = accepted.get(name);
    if (known?.has(value)) continue;
    if (!FIELD_SCHEMAS[name]!.safeParse(value).success) return false;
    if (PER_ATTEMPT_FIELDS.has(name)) continue;
    if (known === undefined) accepted.set(name, (known = new Set()));
    else if (known.size >= ACCEPTED_LIMIT) known.clear();
    known.add(value);
  }
  for (const name of REQUIRED_FIELDS) if (fields[name] === undefined) return false;
  return true;
}

/** LANGUAGE per locale asked: a handful of distinct values; bounded, the locale comes from the browser. */
const LANGUAGE_LIMIT = 64;
const languages = new Map<string, string>();

function ogoneLanguage(locale: string | null | undefined): string {
  if (!locale) return toOgoneLanguage(locale);
  let language = languages.get(locale);
  if (language === undefined) {
    language = toOgoneLanguage(locale);
    if (languages.size >= LANGUAGE_LIMIT) languages.clear();
    languages.set(locale, language);
  }
  return language;
}

/** The last form action built, by the environment and base URL it was built from. */
let lastAction: { environment: string; baseUrl: string | undefined; platformBaseUrl: string | undefined; action: string } | undefined;

function formAction(options: HostedPageOptions): string {
  const { environment, baseUrl } = options.provider;
  const { platformBaseUrl } = options;
  if (lastAction?.environment === environment && lastAction.baseUrl === baseUrl && lastAction.platformBaseUrl === platformBaseUrl)
    return lastAction.action;
  const action = platformBaseUrl
    ? platformUrl({ environment, baseUrl: platformBaseUrl }, 'orderstandard_utf8.asp')
    : platformUrl(options.provider, 'orderstandard_utf8.asp');
  lastAction = { environment, baseUrl, platformBaseUrl, action };
  return action;
}

export function buildHostedPageRequest(
  options: HostedPageOptions,
  session: CheckoutSessionRecord,
  attempt: HostedPageAttempt,
): { action: string; fields: Record<string, string> } {
  const returnUrl = `${options.publicUrl}${FEEDBACK_PATH}`;
  const customer = session.customer;
  const address = customer?.address;
  // Entry validation refuses such amounts; one stored before it (1.234 KWD) must not go out rounded.
  const amountProblem = ogoneAmountProblem(attempt.amount, session.currency);
  if (amountProblem) throw new HostedPageError(`hosted page request refused: ${amountProblem}`);
  // Built in the order it is sent (and answered to the widget), leaving out what has no value.
  const fields: Record<string, string> = {};
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined && value !== '') fields[name] = value;
  };
  add('PSPID', options.provider.pspid);
  add('ORDERID', attempt.reference);
  // The amount × 100 for every currency, not minor units: ¥1,500 is 150000 (docs/ogone-protocol.md §2).
  add('AMOUNT', toOgoneAmount(attempt.amount, session.currency));
  add('CURRENCY', session.currency);
  add('LANGUAGE', ogoneLanguage(attempt.locale ?? session.locale));
  add('CN', cut(customer?.name, 'CN'));
  add('EMAIL', customer?.email);
  add('OWNERADDRESS', cut(address?.line1, 'OWNERADDRESS'));
  add('OWNERZIP', cut(address?.zip, 'OWNERZIP'));
  add('OWNERTOWN', cut(address?.town, 'OWNERTOWN'));
  add('OWNERCTY', address?.country);
  add('OWNERTELNO', cut(customer?.phone, 'OWNERTELNO'));
  add('COM', cut(session.description ?? undefined, 'COM'));
  add('ACCEPTURL', returnUrl);
  add('DECLINEURL', returnUrl);
  add('EXCEPTIONURL', returnUrl);
  add('CANCELURL', returnUrl);
  add('OPERATION', options.operation);
  if (attempt.alias) {
    add('ALIAS', attempt.alias);
    add('ALIASOPERATION', 'BYMERCHANT');
    add('ALIASUSAGE', cut(`Save this card with ${options.merchantName} for your next purchases`, 'ALIASUSAGE'));
    add('ALIASPERSISTEDAFTERUSE', 'Y');
    // The shopper is present and agrees to storage: the first stored-credential use (§11).
    const credential = storedCredentialFields(firstStorage({ cofSchedule: options.cofSchedule }));
    for (const name in credential) add(name, credential[name]);
  }
  if (!hostedPageFieldsAccepted(fields)) {
    const checked = hostedPageRequestSchema.safeParse(fields);
    if (!checked.success) throw new HostedPageError(`hosted page request refused: ${describeFirstProblem(checked.error)}`);
  }
  // Signed last: SHASIGN follows the parameters it signs, as it always has in the answer.
  fields.SHASIGN = shaSign(fields, { passphrase: options.provider.shaIn, algorithm: options.provider.hashAlgorithm, direction: 'in' });
  return { action: formAction(options), fields };
}
