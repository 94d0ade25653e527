/**
 * AMOUNT as the platform reads and writes it — the sandbox's own arithmetic, written from the
 * guides, not borrowed from the signer (docs/ogone-protocol.md §2, §13):
 * - in a request, AMOUNT is "the amount to be paid MULTIPLIED BY 100", for every currency, digits
 *   only, at most 15 (e-Commerce Advanced guide, "AMOUNT"; DirectLink guide §3.1.2, §4.1.2):
 *   `AMOUNT=150000` JPY is ¥1,500, `AMOUNT=1999` EUR is €19.99, `AMOUNT=123` KWD is 1.230 KWD;
 * - in a feedback and a DirectLink answer, amount is the "order amount (not multiplied by 100)":
 *   "1500", "19.99", "15", "1.23" (e-Commerce Advanced guide §9.2; DirectLink guide §3.2).
 * The sandbox keeps every amount as received: hundredths of the major unit, whatever the currency.
 */

/** N 15: digits only, no sign, no separator. */
const REQUEST_AMOUNT = /^\d{1,15}$/;

/** A request's AMOUNT in hundredths of the major unit, or undefined when not numeric or too long. */
export function readRequestAmount(text: string): number | undefined {
  if (!REQUEST_AMOUNT.test(text)) return undefined;
  const hundredths = Number(text);
  return Number.isSafeInteger(hundredths) ? hundredths : undefined;
}

/**
 * The amount as the platform writes it back: major units, trailing zeros dropped
 * (150000 → "1500", 1999 → "19.99", 1500 → "15", 1550 → "15.5", 123 → "1.23").
 */
export function answerAmount(hundredths: number): string {
  const digits = String(hundredths).padStart(3, '0');
  const whole = digits.slice(0, -2);
  const cents = digits.slice(-2).replace(/0+$/, '');
  return cents === '' ? whole : `${whole}.${cents}`;
}

/**
 * The amount shown to the shopper, formatted for their language with the currency's usual
 * decimals (¥1,500, €19.99, KWD 1.230). A request may carry a fraction the currency does not
 * usually show (AMOUNT=150050 JPY): it is shown, never rounded away.
 */
export function shopperAmount(hundredths: number, currency: string, lang: string): string {
  const usual = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const format = new Intl.NumberFormat(lang, {
    style: 'currency',
    currency,
    minimumFractionDigits: usual,
    maximumFractionDigits: Math.max(usual, 2),
  });
  // A decimal string, so Intl formats the exact value (no binary fraction in between).
  return format.format(answerAmount(hundredths) as unknown as number);
}
