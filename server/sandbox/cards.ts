/**
 * Test cards and card checks. Card numbers live only in the memory of one request: what is
 * kept (payments, aliases, logs, feedback) is the masked number, the brand and the behaviour.
 *
 * Documented cards come from public sources (docs/ogone-protocol.md §13: ePDQ FAQ, Ogone Basic guide,
 * ActiveMerchant); the others are ours, chosen Luhn-valid with the status in their last digits.
 */

/** What the simulated acquirer does with a card. */
export type CardBehaviour = 'accept' | 'refuse' | 'challenge' | 'uncertain' | 'exception';

export interface TestCard {
  readonly number: string;
  readonly brand: Brand;
  readonly behaviour: CardBehaviour;
  readonly result: string;
  readonly source: string;
}

export type Brand = 'VISA' | 'MasterCard' | 'American Express';

export const TEST_CARDS: readonly TestCard[] = [
  {
    number: '4111111111111111',
    brand: 'VISA',
    behaviour: 'accept',
    result: 'accepted: STATUS 5 with OPERATION=RES, 9 with SAL (default)',
    source: 'ePDQ FAQ, Ogone Basic guide',
  },
  { number: '5399999999999999', brand: 'MasterCard', behaviour: 'accept', result: 'accepted: STATUS 5 / 9', source: 'ePDQ FAQ' },
  { number: '374111111111111', brand: 'American Express', behaviour: 'accept', result: 'accepted: STATUS 5 / 9', source: 'ePDQ FAQ' },
  { number: '4000100011112224', brand: 'VISA', behaviour: 'accept', result: 'accepted: STATUS 5 / 9', source: 'ActiveMerchant tests' },
  {
    number: '4000000000000002',
    brand: 'VISA',
    behaviour: 'challenge',
    result: '3-D Secure: STATUS 46, then the challenge page (approve → 5 / 9, fail → 2)',
    source: 'ePDQ FAQ, Drupal commerce_ingenico',
  },
  {
    number: '5555555555554444',
    brand: 'MasterCard',
    behaviour: 'challenge',
    result: '3-D Secure: STATUS 46, then the challenge page',
    source: 'ePDQ FAQ (Drupal lists 5300000000000006)',
  },
  {
    number: '371449635311004',
    brand: 'American Express',
    behaviour: 'challenge',
    result: '3-D Secure: STATUS 46, then the challenge page',
    source: 'ePDQ FAQ',
  },
  {
    number: '4000000000000200',
    brand: 'VISA',
    behaviour: 'refuse',
    result: 'refused: STATUS 2, NCERROR 30001001 (Payment refused by the acquirer)',
    source: 'sandbox',
  },
  {
    number: '4000000000009292',
    brand: 'VISA',
    behaviour: 'uncertain',
    result: 'uncertain: STATUS 92 (52 for an authorisation, RES), NCERROR 20001001 → EXCEPTIONURL',
    source: 'sandbox',
  },
  {
    number: '4000000000005258',
    brand: 'VISA',
    behaviour: 'exception',
    result: 'authorisation not known: STATUS 52, NCERROR 20002005 → EXCEPTIONURL',
    source: 'sandbox',
  },
];

const BY_NUMBER: ReadonlyMap<string, TestCard> = new Map(TEST_CARDS.map((card) => [card.number, card]));

/** The test card with this number; other valid numbers are accepted like 4111111111111111. */
export function behaviourOf(cardNumber: string): CardBehaviour {
  return BY_NUMBER.get(cardNumber)?.behaviour ?? 'accept';
}

/** Removes the spaces and dashes people type or paste. */
export function normalizeCardNumber(input: string): string {
  return input.replace(/[\s-]+/g, '');
}

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = digits.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Brand from the number's prefix and length (the platform "derives this from the card number"). */
export function brandOf(digits: string): Brand | undefined {
  if (/^4\d{12}(\d{3}){0,2}$/.test(digits)) return 'VISA';
  if (/^(5[1-5]\d{14}|2(2[2-9]\d|[3-6]\d\d|7[01]\d|720)\d{12})$/.test(digits)) return 'MasterCard';
  if (/^3[47]\d{13}$/.test(digits)) return 'American Express';
  return undefined;
}

/** Ogone's masking: every digit but the last four becomes X ("XXXXXXXXXXXX1111"). */
export function maskCardNumber(digits: string): string {
  return 'X'.repeat(Math.max(0, digits.length - 4)) + digits.slice(-4);
}

/** CVC length per brand: 4 on the front of an Amex, 3 on the back of the others. */
export function cvcLength(brand: Brand): number {
  return brand === 'American Express' ? 4 : 3;
}

export type ExpiryCheck = { ok: true; ed: string } | { ok: false; problem: 'missing' | 'not-numeric' | 'month' | 'past' };

/**
 * Parses an expiry as typed ("12/30", "1230", "12 / 2030") into Ogone's ED "MMYY" and checks
 * it is not before the current month.
 */
export function parseExpiry(input: string, now: Date): ExpiryCheck {
  const text = input.replace(/\s+/g, '');
  if (text === '') return { ok: false, problem: 'missing' };
  const match = /^(\d{2})\/?(\d{2}|\d{4})$/.exec(text);
  if (!match) return { ok: false, problem: 'not-numeric' };
  const month = Number(match[1]);
  if (month < 1 || month > 12) return { ok: false, problem: 'month' };
  const yearText = match[2] ?? '';
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
  if (year * 12 + (month - 1) < current) return { ok: false, problem: 'past' };
  return { ok: true, ed: match[1] + String(year % 100).padStart(2, '0') };
}
