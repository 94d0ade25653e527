/**
 * Money as integers in minor units, with the ISO 4217 exponent of each currency.
 * No float ever carries an amount: conversions work on decimal strings.
 */

/**
 * Active ISO 4217 alphabetic codes (ISO 4217 list one, 2024 amendment) mapped to their minor
 * unit exponent where it is not 2. Ogone's CURRENCY is ISO 4217 alpha (docs/ogone-protocol.md §4;
 * e-Commerce Advanced guide, "CURRENCY: ISO alpha order currency code").
 */
const EXPONENT_EXCEPTIONS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

const ISO_4217_CODES =
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN ' +
  'BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ' +
  'ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD ' +
  'JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT ' +
  'MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG ' +
  'QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT ' +
  'TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF ' +
  'XPF YER ZAR ZMW ZWG';

// Pure, so bundles that only format (the widget) drop the code list.
export const CURRENCIES: ReadonlySet<string> = /* @__PURE__ */ new Set(/* @__PURE__ */ ISO_4217_CODES.split(' '));

export function isCurrency(code: string): boolean {
  return CURRENCIES.has(code);
}

/** Minor-unit exponent of an ISO 4217 currency (EUR 2, JPY 0, KWD 3). Throws on unknown codes. */
export function currencyExponent(currency: string): number {
  if (!CURRENCIES.has(currency)) throw new RangeError(`${JSON.stringify(currency)} is not an ISO 4217 currency code`);
  return knownExponent(currency);
}

/** The exponent of a code already known to be ISO 4217: no check, so no code list needed. */
function knownExponent(currency: string): number {
  // Own properties only, as formatMinorUnits takes any code: "constructor" would find a function.
  return Object.hasOwn(EXPONENT_EXCEPTIONS, currency) ? EXPONENT_EXCEPTIONS[currency]! : 2;
}

const MAJOR_AMOUNT = /^(\d+)(?:\.(\d*))?$/;

/**
 * Parses a major-unit decimal amount ("15", "15.5", "15.00", "19.99") into minor units.
 * More decimals than the currency has are refused unless they are zeros ("15.500" EUR is 1550,
 * "15.505" EUR is an error) — an amount is never silently rounded.
 */
export function toMinorUnits(major: string | number, currency: string): number {
  const exponent = currencyExponent(currency);
  const text = typeof major === 'number' ? numberToPlainString(major) : major.trim();
  const match = MAJOR_AMOUNT.exec(text);
  if (!match) throw new RangeError(`${JSON.stringify(String(major))} is not a decimal amount`);
  const whole = match[1] ?? '0';
  let fraction = match[2] ?? '';
  if (fraction.length > exponent) {
    if (!/^0*$/.test(fraction.slice(exponent))) {
      throw new RangeError(`${JSON.stringify(text)} has more decimals than ${currency} allows (${exponent})`);
    }
    fraction = fraction.slice(0, exponent);
  }
  const digits = (whole + fraction.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  const minor = Number(digits);
  if (!Number.isSafeInteger(minor)) throw new RangeError(`${JSON.stringify(text)} is too large`);
  return minor;
}

/**
 * A JavaScript number as the shortest decimal string that round-trips (19.99 → "19.99"),
 * never in exponent notation — so 19.99 becomes 1999 minor units, not 1998.
 */
function numberToPlainString(value: number): string {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${value} is not a non-negative amount`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // Tiny or huge numbers: expand the exponent by hand.
  const [mantissa = '0', exp = '0'] = text.toLowerCase().split('e');
  const power = Number(exp);
  const [int = '0', frac = ''] = mantissa.split('.');
  const digits = int + frac;
  const point = int.length + power;
  if (point <= 0) return '0.' + '0'.repeat(-point) + digits;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return digits.slice(0, point) + '.' + digits.slice(point);
}

/** Minor units as a fixed major-unit string with every decimal ("1999" EUR → "19.99", JPY 20 → "20"). */
export function toMajorString(minor: number, currency: string): string {
  return majorDigits(minor, currencyExponent(currency));
}

function majorDigits(minor: number, exponent: number): string {
  assertMinor(minor);
  if (exponent === 0) return String(minor);
  const digits = String(minor).padStart(exponent + 1, '0');
  return digits.slice(0, -exponent) + '.' + digits.slice(-exponent);
}

/**
 * The AMOUNT Ogone writes into a feedback or a DirectLink answer: major units, "not multiplied by
 * 100", without trailing zeros ("15", "15.5", "12.34"; docs/ogone-protocol.md §2).
 */
export function toFeedbackAmount(minor: number, currency: string): string {
  const major = toMajorString(minor, currency);
  return major.includes('.') ? major.replace(/\.?0+$/, '') : major;
}

/**
 * Parses the AMOUNT of a feedback or a DirectLink answer — major units ("15", "15.5", "15.00",
 * JPY "1500", KWD "1.23") — into minor units, exactly, to compare with the stored amount
 * (docs/ogone-protocol.md §2).
 */
export function parseFeedbackAmount(amount: string, currency: string): number {
  return toMinorUnits(amount, currency);
}

export function assertMinor(minor: number): void {
  if (!Number.isSafeInteger(minor) || minor < 0) {
    throw new RangeError(`${minor} is not an amount in minor units (a non-negative integer)`);
  }
}

/**
 * Formats minor units for people with Intl ("19,99 €" in fr, "€19.99" in en, "¥20" in ja).
 * Digits are set from the currency exponent so JPY shows no decimals and KWD three.
 */
export function formatMoney(minor: number, currency: string, locale: string | undefined, display: 'symbol' | 'name' = 'symbol'): string {
  currencyExponent(currency);
  return formatMinorUnits(minor, currency, locale, display);
}

/**
 * formatMoney for a currency validated upstream (the widget gets it from our server): an unknown
 * code is not refused here (Intl still refuses malformed ones), which keeps the ISO 4217 code list
 * out of the widget's bundle.
 */
export function formatMinorUnits(
  minor: number,
  currency: string,
  locale: string | undefined,
  display: 'symbol' | 'name' = 'symbol',
): string {
  const exponent = knownExponent(currency);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    currencyDisplay: display,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl accepts decimal strings exactly (no float rounding) where supported; minor/10^e is exact
  // for every amount below 2^53 / 10^e in practice, so the number path is a safe fallback.
  const major = majorDigits(minor, exponent);
  return format.format(major as unknown as number);
}

/*
 * Ogone's AMOUNT on the wire: the amount in MAJOR units multiplied by 100, for every currency
 * (docs/ogone-protocol.md §2; e-Commerce Advanced guide, "Hosted payment page: AMOUNT — amount to
 * be paid MULTIPLIED BY 100"; DirectLink guide §3.1 and §4.1). It is not ISO minor units:
 * ¥1,500 is "150000", €19.99 "1999", 1.230 KWD "123". Our amounts stay in minor units; these
 * functions are the only way from one to the other, on decimal strings (never floats).
 */

/** Ogone's AMOUNT is at most 15 digits (e-Commerce Advanced guide, parameter table: AMOUNT N 15). */
export const OGONE_AMOUNT_MAX_DIGITS = 15;

/** The most decimals an ISO 4217 currency has (CLF and UYW: 4), so the most a major amount carries. */
export const MAX_CURRENCY_EXPONENT = 4;

/**
 * The smallest step, in minor units, that Ogone's AMOUNT can carry: 1 for currencies with up to
 * two decimals, 10 for three (KWD: 0.010), 100 for four (CLF). An amount that is not a multiple
 * of it leaves a fraction once × 100 and cannot be sent (docs/ogone-protocol.md §2).
 */
export function ogoneAmountStep(currency: string): number {
  const exponent = currencyExponent(currency);
  return exponent <= 2 ? 1 : 10 ** (exponent - 2);
}

/** Per currency, computed once: every signed request checks its amount (unknown codes throw, so only ISO ones). */
const maxOgoneMinorAmounts = /* @__PURE__ */ new Map<string, number>();

/** The largest amount in minor units whose AMOUNT still fits in 15 digits (JPY 9999999999999, EUR 999999999999999). */
export function maxOgoneMinorAmount(currency: string): number {
  let max = maxOgoneMinorAmounts.get(currency);
  if (max === undefined) {
    const exponent = currencyExponent(currency);
    const maxWire = '9'.repeat(OGONE_AMOUNT_MAX_DIGITS);
    const digits = exponent <= 2 ? maxWire.slice(0, OGONE_AMOUNT_MAX_DIGITS - (2 - exponent)) : maxWire + '0'.repeat(exponent - 2);
    max = Math.min(Number(digits), Number.MAX_SAFE_INTEGER - (Number.MAX_SAFE_INTEGER % ogoneAmountStep(currency)));
    maxOgoneMinorAmounts.set(currency, max);
  }
  return max;
}

/**
 * Why an amount in minor units cannot be sent as Ogone's AMOUNT, in words naming `amount`, or
 * undefined when it can. The message gives the smallest accepted step, so a merchant knows what
 * to send instead.
 */
export function ogoneAmountProblem(minor: number, currency: string): string | undefined {
  if (!Number.isSafeInteger(minor) || minor < 1) return 'amount must be a positive integer number of minor units';
  const step = ogoneAmountStep(currency);
  if (minor % step !== 0) {
    return `amount must be a multiple of ${step} for ${currency} (${toMajorString(step, currency)} ${currency}), Ogone's AMOUNT is the amount × 100`;
  }
  const max = maxOgoneMinorAmount(currency);
  if (minor > max) {
    return `amount must be at most ${max} for ${currency} (${toMajorString(max, currency)} ${currency}), Ogone's AMOUNT (the amount × 100) has at most ${OGONE_AMOUNT_MAX_DIGITS} digits`;
  }
  return undefined;
}

/** Whether an amount in minor units can be sent as Ogone's AMOUNT. */
export function isOgoneAmount(minor: number, currency: string): boolean {
  return ogoneAmountProblem(minor, currency) === undefined;
}

/**
 * Minor units → Ogone's AMOUNT: the major amount × 100 as digits (JPY 1500 → "150000",
 * EUR 1999 → "1999", KWD 1230 → "123"). Throws a RangeError naming `amount` when the amount
 * cannot be sent (a fraction left after × 100, or more than 15 digits).
 */
export function toOgoneAmount(minor: number, currency: string): string {
  const problem = ogoneAmountProblem(minor, currency);
  if (problem) throw new RangeError(problem);
  const exponent = currencyExponent(currency);
  const digits = String(minor);
  return exponent <= 2 ? digits + '0'.repeat(2 - exponent) : digits.slice(0, digits.length - (exponent - 2));
}
