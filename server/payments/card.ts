/**
 * Card data as we may keep it: masked only. Ogone already masks CARDNO (`XXXXXXXXXXXX1111`); if
 * a misconfigured platform ever sent more digits, we mask them before anything is stored or logged.
 */
const CARD_VERIFICATION_NAMES = new Set(['CVC', 'CVV', 'CVC2', 'ECOM_PAYMENT_CARD_VERIFICATION']);

/**
 * Card data a feedback may carry that is never kept, though SHA-OUT lists it (a merchant may
 * select it in the back office): DIGESTCARDNO, a digest of the card number — beside the BIN and
 * the last four digits, a search of a million candidates gives the number back unless it is
 * salted, which the guides do not say — and ENCCARDNO, the number encrypted. Checked with the
 * signature as received, then dropped (docs/ogone-protocol.md §5).
 */
const CARD_NUMBER_FORMS = new Set(['DIGESTCARDNO', 'ENCCARDNO']);

export function maskCardNumber(cardNumber: string | undefined): string | null {
  if (!cardNumber) return null;
  const digits = cardNumber.replace(/[\s-]/g, '');
  const visible = (digits.match(/\d/g) ?? []).length;
  // Keep at most the last four digits (and, as Ogone does for some brands, the masking chars).
  if (visible <= 4) return cardNumber;
  const last4 = digits.slice(-4);
  return 'X'.repeat(Math.max(digits.length - 4, 0)) + last4;
}

export function lastFour(cardNumber: string | null): string | null {
  if (!cardNumber) return null;
  const match = /(\d{4})$/.exec(cardNumber);
  return match ? match[1]! : null;
}

/** Parameters safe to keep in the feedback log: card number masked, verification codes and other forms of the number dropped. */
export function sanitizeFeedbackParams(params: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    const upper = name.toUpperCase();
    if (CARD_VERIFICATION_NAMES.has(upper) || CARD_NUMBER_FORMS.has(upper)) continue;
    out[name] = upper === 'CARDNO' ? (maskCardNumber(value) ?? '') : value;
  }
  return out;
}
