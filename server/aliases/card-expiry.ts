/**
 * Whether a saved card's expiry date (the platform's ED / Card.ExpiryDate, MMYY, sometimes written
 * MM/YY) is past. A card is valid through the last day of its month, in its issuer's time zone:
 * counted as past only a day after that month ended in UTC, so no time zone sees a valid card
 * hidden. An expiry not of that shape is never taken as past: the platform decides.
 */
export function cardExpired(expiry: string | null | undefined, now: Date): boolean {
  const digits = (expiry ?? '').replace(/\D/g, '');
  if (digits.length !== 4) return false;
  const month = Number(digits.slice(0, 2));
  if (month < 1 || month > 12) return false;
  const year = 2000 + Number(digits.slice(2));
  // Date.UTC(year, month) is the first day of the month after the expiry's (months count from 0).
  const validUntil = Date.UTC(year, month) + 24 * 60 * 60_000;
  return now.getTime() >= validUntil;
}
