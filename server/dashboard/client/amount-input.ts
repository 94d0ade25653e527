/**
 * Reads an amount the merchant typed in major units ("5", "5.00", "5,00") into minor units with
 * shared/money.ts (decimal strings, never floats), checked against what is left. Pure.
 */
import { currencyExponent, formatMoney, toMajorString, toMinorUnits } from '../../../shared/money.ts';

export type AmountCheck = { ok: true; minor: number } | { ok: false; message: string };

export function readAmount(text: string, currency: string, remaining: number, verb: string): AmountCheck {
  const most = formatMoney(remaining, currency, 'en-GB');
  const typed = text.trim().replace(/\s/g, '');
  if (typed === '') return { ok: false, message: `Type the amount to ${verb}, at most ${most}.` };
  // One comma and no dot is a decimal comma ("5,00"); both is a thousands separator we do not guess.
  const decimal = typed.includes(',') && !typed.includes('.') && typed.split(',').length === 2 ? typed.replace(',', '.') : typed;
  // More decimals than the currency has, even zeros, is a thousands separator read as a decimal
  // one: "1,000" or "1.000" yen is ¥1,000 to whoever typed it, never ¥1. Refused, not guessed.
  const exponent = currencyExponent(currency);
  const decimals = decimal.includes('.') ? decimal.length - decimal.lastIndexOf('.') - 1 : 0;
  if (decimals > exponent) {
    const has = exponent === 0 ? 'has no decimals' : `has ${exponent} decimal${exponent === 1 ? '' : 's'}`;
    return {
      ok: false,
      message: `"${text.trim()}" is not an amount in ${currency}, which ${has}: type digits without thousands separators, such as ${sample(currency)}.`,
    };
  }
  // A comma before exactly three digits, in a currency with three decimals or more (KWD, BHD,
  // JOD, OMR, TND; CLF and UYW have four), is either: "1,500" dinars is 1500 to whoever writes a
  // thousands comma, 1.500 to whoever writes a decimal one. Read as 1.500, an operator refunded a
  // thousandth of what was meant (reviews r1190, r1210). Refused; the dot the box reads back is
  // not ambiguous.
  if (exponent >= 3 && /^\d+,\d{3}$/.test(typed))
    return {
      ok: false,
      message: `"${text.trim()}" could be either amount in ${currency}: type the decimals after a dot, such as ${sample(currency)}.`,
    };
  let minor: number;
  try {
    minor = toMinorUnits(decimal, currency);
  } catch {
    return { ok: false, message: `"${text.trim()}" is not an amount in ${currency}: type digits such as ${sample(currency)}.` };
  }
  if (minor <= 0) return { ok: false, message: `The amount to ${verb} must be more than zero.` };
  if (minor > remaining) return { ok: false, message: `At most ${most} can be ${pastOf(verb)}.` };
  return { ok: true, minor };
}

/**
 * An amount as the box reads it back (readAmount): digits and a dot, whatever the currency's
 * symbol — the formatted amount stripped of all else made XCG's "Cg." a leading dot.
 */
export function amountText(minor: number, currency: string): string {
  return toMajorString(minor, currency);
}

/** The example in readAmount's refusals: 5 units of the currency. */
function sample(currency: string): string {
  return amountText(500, currency);
}

function pastOf(verb: string): string {
  return verb === 'capture' ? 'captured' : verb === 'refund' ? 'refunded' : `${verb}ed`;
}
