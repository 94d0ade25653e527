import { urlPasswordForms } from './url-password.ts';

/**
 * The secrets docs/deploy/ogone-checkout.env.example ships as `change-me…`. A value left as shipped
 * is public (in the repository and the npm package): the merchant key is the bearer of the whole
 * merchant API (refunds, captures), SHA-OUT is what makes a feedback "paid" believable, the webhook
 * secret signs the events a shop ships orders on (review r1698). In production serve refuses them
 * (env.ts); doctor names them in every environment.
 */
export const PLACEHOLDER_SECRETS = [
  'OGONE_PSPID',
  'OGONE_USER_ID',
  'OGONE_PASSWORD',
  'OGONE_SHA_IN',
  'OGONE_SHA_OUT',
  'MERCHANT_API_KEYS',
  'WEBHOOK_SECRET',
  'WEBHOOK_SECRET_PREVIOUS',
  'DATABASE_URL',
] as const;

export type PlaceholderSecret = (typeof PLACEHOLDER_SECRETS)[number];

/** The example file's marker: every value to replace starts with it. */
const PLACEHOLDER = /^change-me/i;

/** Whether a setting still holds one of the example file's placeholders (one key of a list, a URL's password). */
export function holdsPlaceholder(name: PlaceholderSecret, value: string): boolean {
  if (name === 'MERCHANT_API_KEYS') return value.split(',').some((key) => PLACEHOLDER.test(key.trim()));
  if (name === 'DATABASE_URL') {
    return urlPasswordForms(value).some((password) => PLACEHOLDER.test(password));
  }
  return PLACEHOLDER.test(value.trim());
}

/** The settings of `env` still holding a placeholder, in PLACEHOLDER_SECRETS's order. */
export function settingsHoldingPlaceholders(env: Readonly<Record<string, string | undefined>>): PlaceholderSecret[] {
  return PLACEHOLDER_SECRETS.filter((name) => {
    const value = env[name];
    return value !== undefined && value.trim() !== '' && holdsPlaceholder(name, value);
  });
}
