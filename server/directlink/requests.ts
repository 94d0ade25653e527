/**
 * The three DirectLink requests as typed objects, their zod schemas, and their conversion to
 * Ogone's parameters. Names and limits follow the DirectLink guide v4.3.3 (§3.1.2 new order,
 * §4.1.2 maintenance, §5.1.2 query) and docs/ogone-protocol.md §8 (ECI), §11 (stored
 * credentials), §12 (3-D Secure fields); every name sent is on the official SHA-IN list.
 *
 * Amounts are integers in minor units. Ogone's AMOUNT is "the amount multiplied by 100" for every
 * currency (guide §3.1.2 and §4.1.2; docs/ogone-protocol.md §2): ¥1,500 → "150000", €19.99 →
 * "1999", 1.230 KWD → "123" — the same rule as the hosted page request (toOgoneAmount).
 */
import { z } from 'zod';
import { isCurrency, ogoneAmountProblem, toOgoneAmount } from '../../shared/money.ts';
import { OGONE_LANGUAGES } from '../../shared/languages.ts';
import { orderIdRules } from '../../shared/order-id.ts';
import { ORDER_OPERATIONS } from '../../shared/order-operations.ts';
import { PARAMETER_MAX_LENGTHS } from '../../shared/parameter-lengths.ts';
import { minorAmountIntegerMessage } from '../../shared/schemas/amount.ts';

const text = (field: string, ogone: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .min(1, { error: `${field} (${ogone}) must not be empty` })
    .max(max, { error: `${field} (${ogone}) must be at most ${max} characters` });

const httpUrl = (field: string, ogone: string) =>
  text(field, ogone, 255).regex(/^https?:\/\/\S+$/, { error: `${field} (${ogone}) must be an absolute http(s) URL` });

const orderId = orderIdRules(
  z.string({ error: 'orderId is required' }).min(1, { error: 'orderId (ORDERID) is required' }),
  'orderId (ORDERID)',
);

const payId = z
  .string({ error: 'payId must be a string of digits' })
  .regex(/^[1-9]\d{0,19}$/, { error: "payId (PAYID) must be the platform's numeric payment reference" });

/** Minor units; N 15 (guide §3.1.2) applies to the AMOUNT sent, the amount × 100 (amountIssue). */
const minorAmount = (field: string) =>
  z
    .number({ error: `${field} must be a number of minor units` })
    // Past 2^53 it is the limit that is said, not "integer" (review r1362; docs/ogone-protocol.md §2 "Length").
    .int({
      error: minorAmountIntegerMessage(field, `${field} must be an integer number of minor units (1999 for 19.99 EUR), never a decimal`),
    })
    .min(1, { error: `${field} must be at least 1 minor unit` });

/** An amount Ogone's AMOUNT cannot carry in this currency (docs/ogone-protocol.md §2), as an issue on `amount`. */
function amountIssue(request: { amount?: number | undefined; currency?: string | undefined }, ctx: z.RefinementCtx): void {
  if (request.amount === undefined || request.currency === undefined || !isCurrency(request.currency)) return;
  const problem = ogoneAmountProblem(request.amount, request.currency);
  if (problem) ctx.addIssue({ code: 'custom', path: ['amount'], message: problem.replace(/^amount/, 'amount (AMOUNT)') });
}

const currency = z
  .string({ error: 'currency is required' })
  .refine(isCurrency, { error: 'currency (CURRENCY) must be an ISO 4217 code such as EUR' });

/** Guide §4.1.2: capture (SAL partial, SAS last), refund (RFD partial, RFS last), delete (DEL keep open, DES close), renew (REN). */
export const MAINTENANCE_OPERATIONS = ['SAS', 'SAL', 'RFD', 'RFS', 'DES', 'DEL', 'REN'] as const;
export type MaintenanceOperation = (typeof MAINTENANCE_OPERATIONS)[number];

/** Guide §3.1.2 ECI list; 5 and 6 (3-D Secure results) are set by the platform, never sent. */
export const ECI_VALUES = [0, 1, 2, 3, 4, 7, 9] as const;
export type Eci = (typeof ECI_VALUES)[number];

const card = z.strictObject({
  number: z
    .string({ error: 'card.number is required' })
    .regex(/^\d{12,19}$/, { error: 'card.number (CARDNO) must be 12 to 19 digits without spaces' }),
  /** MM/YY or MMYY (guide §3.1.2). */
  expiry: z
    .string({ error: 'card.expiry is required' })
    .regex(/^(0[1-9]|1[0-2])\/?\d{2}$/, { error: 'card.expiry (ED) must be MM/YY or MMYY' }),
  /** Mandatory for a payment with card data per the guide; left optional so the platform has the last word. */
  cvc: z
    .string()
    .regex(/^\d{3,4}$/, { error: 'card.cvc (CVC) must be 3 or 4 digits' })
    .optional(),
});

const alias = z.strictObject({
  name: text('alias.name', 'ALIAS', PARAMETER_MAX_LENGTHS.ALIAS),
  /** BYMERCHANT: we chose the name; BYPSP: the platform generates it. */
  operation: z.enum(['BYMERCHANT', 'BYPSP'], { error: 'alias.operation (ALIASOPERATION) must be BYMERCHANT or BYPSP' }).optional(),
  /** false deletes the alias two hours after use (docs/ogone-protocol.md §10). */
  persistedAfterUse: z.boolean({ error: 'alias.persistedAfterUse must be true or false' }).optional(),
  usage: text('alias.usage', 'ALIASUSAGE', PARAMETER_MAX_LENGTHS.ALIASUSAGE).optional(),
});

const customer = z.strictObject({
  name: text('customer.name', 'CN', PARAMETER_MAX_LENGTHS.CN).optional(),
  email: text('customer.email', 'EMAIL', PARAMETER_MAX_LENGTHS.EMAIL).optional(),
  address: text('customer.address', 'OWNERADDRESS', PARAMETER_MAX_LENGTHS.OWNERADDRESS).optional(),
  zip: text('customer.zip', 'OWNERZIP', PARAMETER_MAX_LENGTHS.OWNERZIP).optional(),
  town: text('customer.town', 'OWNERTOWN', PARAMETER_MAX_LENGTHS.OWNERTOWN).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, { error: 'customer.country (OWNERCTY) must be a two-letter country code such as BE' })
    .optional(),
  phone: text('customer.phone', 'OWNERTELNO', PARAMETER_MAX_LENGTHS.OWNERTELNO).optional(),
});

const pixels = (field: string, ogone: string) =>
  z
    .number({ error: `${field} must be a number` })
    .int({ error: `${field} (${ogone}) must be an integer number of pixels` })
    .min(0, { error: `${field} (${ogone}) must not be negative` })
    .max(999_999, { error: `${field} (${ogone}) must be at most 6 digits` });

/** EMVCo 3DS 2 "Browser Screen Color Depth" allows only these bits per pixel (docs/ogone-protocol.md §12): 30 is not one. */
export const BROWSER_COLOR_DEPTHS = [1, 4, 8, 15, 16, 24, 32, 48] as const;

/** The browser data 3-D Secure 2 needs (docs/ogone-protocol.md §12; formats as EMVCo browser fields). */
const browser = z.strictObject({
  acceptHeader: text('threeDSecure.browser.acceptHeader', 'BROWSERACCEPTHEADER', 2048).optional(),
  userAgent: text('threeDSecure.browser.userAgent', 'BROWSERUSERAGENT', 2048).optional(),
  colorDepth: z.literal(BROWSER_COLOR_DEPTHS, {
    error: `threeDSecure.browser.colorDepth (BROWSERCOLORDEPTH) must be one of ${BROWSER_COLOR_DEPTHS.join(', ')}`,
  }),
  javaEnabled: z.boolean({ error: 'threeDSecure.browser.javaEnabled must be true or false' }),
  javascriptEnabled: z.boolean({ error: 'threeDSecure.browser.javascriptEnabled must be true or false' }).optional(),
  language: z
    .string({ error: 'threeDSecure.browser.language is required' })
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, {
      error: 'threeDSecure.browser.language (BROWSERLANGUAGE) must be a BCP 47 tag such as fr-BE',
    })
    .max(8, { error: 'threeDSecure.browser.language (BROWSERLANGUAGE) must be at most 8 characters' }),
  screenHeight: pixels('threeDSecure.browser.screenHeight', 'BROWSERSCREENHEIGHT'),
  screenWidth: pixels('threeDSecure.browser.screenWidth', 'BROWSERSCREENWIDTH'),
  /** Minutes between UTC and local time as `Date#getTimezoneOffset` gives them (-120 in Brussels in summer). */
  timezoneOffset: z
    .number({ error: 'threeDSecure.browser.timezoneOffset must be a number of minutes' })
    .int({ error: 'threeDSecure.browser.timezoneOffset (BROWSERTIMEZONE) must be an integer number of minutes' })
    .min(-840, { error: 'threeDSecure.browser.timezoneOffset (BROWSERTIMEZONE) must be between -840 and 720' })
    .max(720, { error: 'threeDSecure.browser.timezoneOffset (BROWSERTIMEZONE) must be between -840 and 720' }),
});

const threeDSecure = z.strictObject({
  /** MAINW (default) shows the issuer's page in the main window; POPUP is forced to MAINW for Visa/MC/JCB. */
  window: z.enum(['MAINW', 'POPUP', 'POPIX'], { error: 'threeDSecure.window (WIN3DS) must be MAINW, POPUP or POPIX' }).default('MAINW'),
  httpAccept: text('threeDSecure.httpAccept', 'HTTP_ACCEPT', 2048),
  httpUserAgent: text('threeDSecure.httpUserAgent', 'HTTP_USER_AGENT', 2048),
  browser: browser.optional(),
});

const returnUrls = z.strictObject({
  accept: httpUrl('returnUrls.accept', 'ACCEPTURL').optional(),
  decline: httpUrl('returnUrls.decline', 'DECLINEURL').optional(),
  exception: httpUrl('returnUrls.exception', 'EXCEPTIONURL').optional(),
  cancel: httpUrl('returnUrls.cancel', 'CANCELURL').optional(),
});

/**
 * Stored credentials (card on file, docs/ogone-protocol.md §11). The names are on the SHA-IN
 * list; the values (CIT/MIT, FIRST/SUBSEQ, SCHED/UNSCHED) are those Ingenico's SDK and ePDQ
 * integrations send — the guides at hand print no value table (§14), so keep to these.
 */
const storedCredential = z.strictObject({
  initiator: z.enum(['CIT', 'MIT'], { error: 'storedCredential.initiator (COF_INITIATOR) must be CIT or MIT' }),
  schedule: z.enum(['SCHED', 'UNSCHED'], { error: 'storedCredential.schedule (COF_SCHEDULE) must be SCHED or UNSCHED' }).optional(),
  transaction: z.enum(['FIRST', 'SUBSEQ'], { error: 'storedCredential.transaction (COF_TRANSACTION) must be FIRST or SUBSEQ' }),
  recurringExpiry: z
    .string()
    .regex(/^\d{8}$/, { error: 'storedCredential.recurringExpiry (COF_RECURRING_EXPIRY) must be YYYYMMDD' })
    .optional(),
  recurringFrequency: z
    .string()
    .regex(/^\d{1,4}$/, { error: 'storedCredential.recurringFrequency (COF_RECURRING_FREQUENCY) must be 1 to 4 digits' })
    .optional(),
});

export const newOrderRequestSchema = z
  .strictObject({
    orderId,
    amount: minorAmount('amount'),
    currency,
    operation: z.enum(ORDER_OPERATIONS, { error: 'operation (OPERATION) must be RES, SAL or PAU' }),
    card: card.optional(),
    alias: alias.optional(),
    eci: z.literal(ECI_VALUES, { error: 'eci (ECI) must be one of 0, 1, 2, 3, 4, 7, 9' }).optional(),
    storedCredential: storedCredential.optional(),
    threeDSecure: threeDSecure.optional(),
    returnUrls: returnUrls.optional(),
    language: z.enum(OGONE_LANGUAGES, { error: `language (LANGUAGE) must be one of ${OGONE_LANGUAGES.join(', ')}` }).optional(),
    customer: customer.optional(),
    description: text('description', 'COM', PARAMETER_MAX_LENGTHS.COM).optional(),
    complus: text('complus', 'COMPLUS', PARAMETER_MAX_LENGTHS.COMPLUS).optional(),
    /** `a=1&b=2`: echoed back as separate parameters in the feedback that closes a 3-D Secure payment. */
    paramplus: text('paramplus', 'PARAMPLUS', PARAMETER_MAX_LENGTHS.PARAMPLUS).optional(),
    /** The shopper's IP for the fraud module, or NONE to skip its country check. */
    remoteAddr: z
      .string({ error: 'remoteAddr must be a string' })
      .regex(/^(NONE|[0-9A-Fa-f:.]{2,45})$/, { error: 'remoteAddr (REMOTE_ADDR) must be an IP address or NONE' })
      .optional(),
    globalOrderId: text('globalOrderId', 'GLOBORDERID', 40).optional(),
    creditDebit: z.enum(['C', 'D'], { error: 'creditDebit (CREDITDEBIT) must be C or D' }).optional(),
  })
  .superRefine((order, ctx) => {
    amountIssue(order, ctx);
    if (!order.card && !order.alias) {
      ctx.addIssue({
        code: 'custom',
        path: ['card'],
        message: 'card or alias is required: card data, an alias, or both to create or update the alias',
      });
    }
    if (order.alias?.operation === 'BYPSP' && !order.card) {
      ctx.addIssue({
        code: 'custom',
        path: ['alias', 'operation'],
        message: 'alias.operation BYPSP creates an alias, which needs card data',
      });
    }
  });

export type NewOrderRequest = z.input<typeof newOrderRequestSchema>;

export const maintenanceRequestSchema = z
  .strictObject({
    payId: payId.optional(),
    orderId: orderId.optional(),
    operation: z.enum(MAINTENANCE_OPERATIONS, { error: 'operation (OPERATION) must be one of SAS, SAL, RFD, RFS, DES, DEL, REN' }),
    /** Partial amounts need it; the guide recommends it always. Never above the original. */
    amount: minorAmount('amount').optional(),
    /**
     * The payment's currency: not sent (the guide's maintenance request has no CURRENCY), but
     * AMOUNT is the amount × 100, so turning minor units into it needs the currency's decimals.
     */
    currency: currency.optional(),
  })
  .superRefine((request, ctx) => {
    if (!request.payId && !request.orderId) {
      ctx.addIssue({ code: 'custom', path: ['payId'], message: 'payId or orderId is required (payId recommended)' });
    }
    if (request.amount !== undefined && request.currency === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['currency'],
        message: 'currency is required with an amount: AMOUNT is the amount × 100, which depends on its decimals',
      });
    }
    amountIssue(request, ctx);
  });

export type MaintenanceRequest = z.input<typeof maintenanceRequestSchema>;

export const queryRequestSchema = z
  .strictObject({
    payId: payId.optional(),
    orderId: orderId.optional(),
    /** History level of a maintenance operation on the PAYID. */
    payIdSub: z
      .number({ error: 'payIdSub must be a number' })
      .int({ error: 'payIdSub (PAYIDSUB) must be an integer history level' })
      .min(0, { error: 'payIdSub (PAYIDSUB) must not be negative' })
      .optional(),
    /**
     * The payment's currency: not sent (the guide's query has no CURRENCY), but an answer whose
     * `amount` comes without a `currency` is read in it — else its amount could not be checked.
     */
    currency: currency.optional(),
  })
  .superRefine((request, ctx) => {
    if (!request.payId && !request.orderId) {
      ctx.addIssue({ code: 'custom', path: ['payId'], message: 'payId or orderId is required (payId recommended)' });
    }
    if (request.payIdSub !== undefined && !request.payId) {
      ctx.addIssue({ code: 'custom', path: ['payIdSub'], message: 'payIdSub can only be used with payId' });
    }
  });

export type QueryRequest = z.input<typeof queryRequestSchema>;

type Parsed<T extends z.ZodType> = z.output<T>;

/** Ogone's parameters for a validated new order (credentials and SHASIGN are added by the client). */
export function newOrderParameters(order: Parsed<typeof newOrderRequestSchema>): Record<string, string> {
  const p: Record<string, string | undefined> = {
    ORDERID: order.orderId,
    AMOUNT: toOgoneAmount(order.amount, order.currency),
    CURRENCY: order.currency,
    OPERATION: order.operation,
    CARDNO: order.card?.number,
    ED: order.card?.expiry,
    CVC: order.card?.cvc,
    ALIAS: order.alias?.name,
    ALIASOPERATION: order.alias?.operation,
    ALIASPERSISTEDAFTERUSE: order.alias?.persistedAfterUse === undefined ? undefined : order.alias.persistedAfterUse ? 'Y' : 'N',
    ALIASUSAGE: order.alias?.usage,
    ECI: order.eci === undefined ? undefined : String(order.eci),
    COF_INITIATOR: order.storedCredential?.initiator,
    COF_SCHEDULE: order.storedCredential?.schedule,
    COF_TRANSACTION: order.storedCredential?.transaction,
    COF_RECURRING_EXPIRY: order.storedCredential?.recurringExpiry,
    COF_RECURRING_FREQUENCY: order.storedCredential?.recurringFrequency,
    ACCEPTURL: order.returnUrls?.accept,
    DECLINEURL: order.returnUrls?.decline,
    EXCEPTIONURL: order.returnUrls?.exception,
    CANCELURL: order.returnUrls?.cancel,
    LANGUAGE: order.language,
    CN: order.customer?.name,
    EMAIL: order.customer?.email,
    OWNERADDRESS: order.customer?.address,
    OWNERZIP: order.customer?.zip,
    OWNERTOWN: order.customer?.town,
    OWNERCTY: order.customer?.country,
    OWNERTELNO: order.customer?.phone,
    COM: order.description,
    COMPLUS: order.complus,
    PARAMPLUS: order.paramplus,
    REMOTE_ADDR: order.remoteAddr,
    GLOBORDERID: order.globalOrderId,
    CREDITDEBIT: order.creditDebit,
  };
  const secure = order.threeDSecure;
  if (secure) {
    Object.assign(p, {
      FLAG3D: 'Y',
      WIN3DS: secure.window,
      HTTP_ACCEPT: secure.httpAccept,
      HTTP_USER_AGENT: secure.httpUserAgent,
    });
    const b = secure.browser;
    if (b) {
      Object.assign(p, {
        BROWSERACCEPTHEADER: b.acceptHeader ?? secure.httpAccept,
        BROWSERUSERAGENT: b.userAgent ?? secure.httpUserAgent,
        BROWSERCOLORDEPTH: String(b.colorDepth),
        BROWSERJAVAENABLED: String(b.javaEnabled),
        BROWSERJAVASCRIPTENABLED: b.javascriptEnabled === undefined ? undefined : String(b.javascriptEnabled),
        BROWSERLANGUAGE: b.language,
        BROWSERSCREENHEIGHT: String(b.screenHeight),
        BROWSERSCREENWIDTH: String(b.screenWidth),
        BROWSERTIMEZONE: String(b.timezoneOffset),
      });
    }
  }
  return compact(p);
}

export function maintenanceParameters(request: Parsed<typeof maintenanceRequestSchema>): Record<string, string> {
  return compact({
    PAYID: request.payId,
    ORDERID: request.orderId,
    OPERATION: request.operation,
    AMOUNT: request.amount === undefined || request.currency === undefined ? undefined : toOgoneAmount(request.amount, request.currency),
  });
}

export function queryParameters(request: Parsed<typeof queryRequestSchema>): Record<string, string> {
  return compact({
    PAYID: request.payId,
    ORDERID: request.orderId,
    PAYIDSUB: request.payIdSub === undefined ? undefined : String(request.payIdSub),
  });
}

/** Drops absent values: the platform treats empty and absent alike, and SHA-IN skips empty ones. */
function compact(params: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') out[name] = value;
  return out;
}
