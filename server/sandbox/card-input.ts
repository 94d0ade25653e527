/**
 * Checks card data as typed on the payment page or sent to DirectLink. Each problem carries the
 * NCERROR the platform uses for it (DirectLink answers with the first one) and a sentence for
 * the payment page. The full number leaves this module only as digits for the caller's request.
 */
import { brandOf, cvcLength, luhnValid, normalizeCardNumber, parseExpiry, type Brand } from './cards.ts';
import { NCERROR } from './ncerrors.ts';

export type CardField = 'CARDNO' | 'ED' | 'CVC' | 'CN';

export interface CardProblem {
  readonly field: CardField;
  readonly ncError: string;
  readonly message: string;
}

export interface CardInput {
  readonly cardNo: string;
  readonly ed: string;
  readonly cvc: string;
  readonly cn: string;
}

export interface CheckedCard {
  readonly digits: string;
  readonly brand: Brand;
  /** MMYY */
  readonly ed: string;
  readonly cn: string;
}

export interface CardRules {
  readonly cvcRequired: boolean;
  readonly cnRequired: boolean;
}

/** CN is AN 35 (DirectLink guide). */
const CN_MAX = 35;
/** CARDNO is AN 21 (Ingenico's online DirectLink guide, "Request a new order"; docs/ogone-protocol.md §8). */
const CARDNO_MAX = 21;

export function checkCard(
  input: CardInput,
  now: Date,
  rules: CardRules,
): { ok: true; card: CheckedCard } | { ok: false; problems: CardProblem[] } {
  const problems: CardProblem[] = [];
  const add = (field: CardField, ncError: string, message: string) => problems.push({ field, ncError, message });

  const digits = normalizeCardNumber(input.cardNo);
  let brand: Brand | undefined;
  if (digits === '') add('CARDNO', NCERROR.CARDNO_EMPTY, 'Enter the card number.');
  else if (!/^\d+$/.test(digits)) add('CARDNO', NCERROR.CARDNO_NOT_NUMERIC, 'The card number may only contain digits.');
  else if (digits.length > CARDNO_MAX) add('CARDNO', NCERROR.CARDNO_TOO_LONG, 'The card number is too long.');
  else {
    brand = brandOf(digits);
    if (brand === undefined)
      add(
        'CARDNO',
        NCERROR.UNKNOWN_CARD_TYPE,
        'Unknown card type: use a VISA, MasterCard or American Express number (see the test cards).',
      );
    else if (!luhnValid(digits)) add('CARDNO', NCERROR.PAN_INVALID, 'The card number is not valid: check it digit by digit.');
  }

  const details = checkDetails(input, brand, now, rules);
  problems.push(...details.problems);

  if (problems.length > 0 || brand === undefined || details.ed === undefined) return { ok: false, problems };
  return { ok: true, card: { digits, brand, ed: details.ed, cn: details.cn } };
}

/** The saved card (ALIAS) as the platform keeps it: its number is never typed again. */
export interface SavedCardDetails {
  readonly brand: Brand;
  /** MMYY */
  readonly ed: string;
  readonly cn: string;
}

/**
 * Checks the details sent or typed beside a saved card (ALIAS): the number and brand stay the
 * alias's; an ED or CN given is the card's new expiry or holder (Alias Manager guide §3.1 for the
 * hosted page, §3.2 for DirectLink, "édition de détails pendant l'usage") and is checked exactly
 * like a typed card's (DirectLink guide §3.3: invalid payment data → STATUS 0 with a 500… NCERROR).
 * Without an ED (`edRequired` false: DirectLink's "usage simple") the stored expiry is the one
 * used, and a card expired since is refused too: "l'alias ne sera pas fonctionnel avant que les
 * données de la carte aient été mises à jour" (Alias Manager guide §2.5, remarque 1), with
 * 50001183 "Expiration date must be in the future", the code of the same date typed. The card
 * returned is what the payment uses and, once accepted, what the alias becomes.
 */
export function checkSavedCard(
  input: Omit<CardInput, 'cardNo'>,
  saved: SavedCardDetails,
  now: Date,
  rules: CardRules & { readonly edRequired: boolean },
): { ok: true; ed: string; cn: string } | { ok: false; problems: CardProblem[] } {
  const sentEd = input.ed.trim() !== '' || rules.edRequired;
  const details = checkDetails({ ...input, ed: sentEd ? input.ed : saved.ed }, saved.brand, now, rules);
  if (details.problems.length > 0 || details.ed === undefined) return { ok: false, problems: details.problems };
  return { ok: true, ed: details.ed, cn: details.cn !== '' ? details.cn : saved.cn };
}

/** ED, CVC and CN: the expiry as MMYY when valid, the name trimmed. */
function checkDetails(
  input: Omit<CardInput, 'cardNo'>,
  brand: Brand | undefined,
  now: Date,
  rules: CardRules,
): { problems: CardProblem[]; ed: string | undefined; cn: string } {
  const problems: CardProblem[] = [];
  const add = (field: CardField, ncError: string, message: string) => problems.push({ field, ncError, message });

  const expiry = parseExpiry(input.ed, now);
  if (!expiry.ok) {
    if (expiry.problem === 'missing') add('ED', NCERROR.EXPIRY_DATE_ERROR, 'Enter the expiry date as MM/YY.');
    else if (expiry.problem === 'not-numeric') add('ED', NCERROR.ED_NOT_NUMERIC, 'Enter the expiry date as MM/YY, for example 12/30.');
    else if (expiry.problem === 'month') add('ED', NCERROR.ED_INVALID_MONTH, 'The expiry month must be from 01 to 12.');
    else add('ED', NCERROR.ED_IN_THE_PAST, 'This card has expired: the expiry date must be in the future.');
  }

  const cvc = input.cvc.trim();
  if (cvc === '') {
    if (rules.cvcRequired) add('CVC', NCERROR.CVC_MISSING, 'Enter the card verification code.');
  } else if (!/^\d+$/.test(cvc)) add('CVC', NCERROR.CVC_NOT_NUMERIC, 'The card verification code may only contain digits.');
  else if (cvc.length > 4) add('CVC', NCERROR.CVC_TOO_LONG, 'The card verification code is too long.');
  else if (brand !== undefined && cvc.length !== cvcLength(brand)) {
    add('CVC', NCERROR.CVC_FORMAT_INVALID, `The card verification code of a ${brand} card has ${cvcLength(brand)} digits.`);
  }

  const cn = input.cn.trim();
  if (cn === '' && rules.cnRequired) add('CN', NCERROR.DATA_VALIDATION, "Enter the card holder's name.");
  else if (cn.length > CN_MAX) add('CN', NCERROR.CN_TOO_LONG, `The card holder's name must be at most ${CN_MAX} characters.`);

  return { problems, ed: expiry.ok ? expiry.ed : undefined, cn };
}
