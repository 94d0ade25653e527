/**
 * One Ogone test account shared by the servers and the sandbox of the scale, fault and
 * security tests, and the list of secrets that must never be printed.
 */
export const ACCOUNT = {
  OGONE_PSPID: 'SCALEPSPID',
  OGONE_USER_ID: 'scale-api-user',
  OGONE_PASSWORD: 'Scale-Api-Pw-7319!',
  OGONE_SHA_IN: 'Scale-Sha-In-Phrase-4471',
  OGONE_SHA_OUT: 'Scale-Sha-Out-Phrase-9302',
  OGONE_HASH_ALGORITHM: 'sha512',
} as const;

export const MERCHANT_API_KEY = 'sk_scale_k3y_0123456789abcdefghij';
export const SECOND_API_KEY = 'sk_scale_k3y_second_9876543210zyxw';
export const WEBHOOK_SECRET = 'whsec_scale_secret_5a7b9c1d3e';

/** Environment of a signer server using `baseUrl` (a sandbox) as the Ogone test platform. */
export function serverEnv(baseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...ACCOUNT,
    OGONE_ENVIRONMENT: 'test',
    OGONE_BASE_URL: baseUrl,
    MERCHANT_API_KEYS: `${MERCHANT_API_KEY},${SECOND_API_KEY}`,
    MERCHANT_NAME: 'Scale Shop',
    WEBHOOK_SECRET,
    ...extra,
  };
}

/** The sandbox configured like the same account. */
export const SANDBOX_ACCOUNT = {
  pspid: ACCOUNT.OGONE_PSPID,
  userId: ACCOUNT.OGONE_USER_ID,
  password: ACCOUNT.OGONE_PASSWORD,
  shaIn: ACCOUNT.OGONE_SHA_IN,
  shaOut: ACCOUNT.OGONE_SHA_OUT,
  hashAlgorithm: 'sha512',
} as const;

/** Every secret of this account: none may appear in a log line, a response or an error. */
export const SECRETS: readonly string[] = [
  ACCOUNT.OGONE_PASSWORD,
  ACCOUNT.OGONE_SHA_IN,
  ACCOUNT.OGONE_SHA_OUT,
  MERCHANT_API_KEY,
  SECOND_API_KEY,
  WEBHOOK_SECRET,
];

/** The secrets found in `text` (names only, so a failing assertion does not print them either). */
export function secretsIn(text: string): string[] {
  const names = ['OGONE_PASSWORD', 'OGONE_SHA_IN', 'OGONE_SHA_OUT', 'MERCHANT_API_KEY', 'SECOND_API_KEY', 'WEBHOOK_SECRET'];
  return SECRETS.flatMap((secret, index) => (text.includes(secret) ? [names[index]!] : []));
}
