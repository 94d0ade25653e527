/**
 * Card data as we may keep it: masked only. Ogone already masks CARDNO (`XXXXXXXXXXXX1111`); if
 * a misconfigured platform ever sent more digits, we mask them before anything is stored or logged.
 */
const CARD_VERIFICATION_NAMES = new Set(['CVC', 'CVV', 'CVC2', 'ECOM_PAYMENT_CARD_VERIFICATION']);

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

/** Parameters safe to keep in the feedback log: card number masked, verification codes dropped. */
export function sanitizeFeedbackParams(params: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (CARD_VERIFICATION_NAMES.has(name.toUpperCase())) continue;
    out[name] = name.toUpperCase() === 'CARDNO' ? (maskCardNumber(value) ?? '') : value;
  }
  return out;
}
