/**
 * What Ogone's amounts look like as text (docs/ogone-protocol.md §2), for the schemas that check
 * them. A module of its own, apart from money.ts, so that the widget, which formats money, does
 * not carry these expressions.
 */
import { MAX_CURRENCY_EXPONENT, OGONE_AMOUNT_MAX_DIGITS } from './money.ts';

/** A request's AMOUNT (the amount × 100): digits only, at most 15, no sign, no separator. */
export const OGONE_AMOUNT_PATTERN = new RegExp(`^\\d{1,${OGONE_AMOUNT_MAX_DIGITS}}$`);

const MAJOR_AMOUNT = `\\d{1,${OGONE_AMOUNT_MAX_DIGITS}}(\\.\\d{1,${MAX_CURRENCY_EXPONENT}})?`;

/**
 * The amount of a feedback, major units "not multiplied by 100" ("1500", "19.99", "1.23"):
 * up to 15 whole digits and up to MAX_CURRENCY_EXPONENT decimals.
 */
export const FEEDBACK_AMOUNT_PATTERN = new RegExp(`^${MAJOR_AMOUNT}$`);

/** The same in a DirectLink answer, which may also leave it empty (`amount=""`). */
export const ANSWER_AMOUNT_PATTERN = new RegExp(`^(${MAJOR_AMOUNT})?$`);
