/**
 * Every merchant account the tests use, with its secrets. Each account is a separate export
 * because tests check values against it (PSPIDs, passphrases, keys): merging two would change
 * what a test asserts. How the passphrases sign is docs/ogone-protocol.md §3.
 */
import type { ProviderConfig } from '../../shared/schemas/config.ts';
import type { HashAlgorithm } from '../../shared/signature.ts';

// ---------------------------------------------------------------------------------------------
// The account of signer servers running as processes (scale, fault, ops and security tests),
// and of the sandbox they use as Ogone.

/** The scale account as environment variables of a signer server. */
export const SCALE_ACCOUNT = {
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
    ...SCALE_ACCOUNT,
    OGONE_ENVIRONMENT: 'test',
    OGONE_BASE_URL: baseUrl,
    MERCHANT_API_KEYS: `${MERCHANT_API_KEY},${SECOND_API_KEY}`,
    MERCHANT_NAME: 'Scale Shop',
    WEBHOOK_SECRET,
    ...extra,
  };
}

/** The sandbox configured like the scale account (the other side of the same contract). */
export const SCALE_SANDBOX_ACCOUNT = {
  pspid: SCALE_ACCOUNT.OGONE_PSPID,
  userId: SCALE_ACCOUNT.OGONE_USER_ID,
  password: SCALE_ACCOUNT.OGONE_PASSWORD,
  shaIn: SCALE_ACCOUNT.OGONE_SHA_IN,
  shaOut: SCALE_ACCOUNT.OGONE_SHA_OUT,
  hashAlgorithm: 'sha512',
} as const;

/** Every secret of the scale account: none may appear in a log line, a response or an error. */
export const SECRETS: readonly string[] = [
  SCALE_ACCOUNT.OGONE_PASSWORD,
  SCALE_ACCOUNT.OGONE_SHA_IN,
  SCALE_ACCOUNT.OGONE_SHA_OUT,
  MERCHANT_API_KEY,
  SECOND_API_KEY,
  WEBHOOK_SECRET,
];

/** The secrets found in `text` (names only, so a failing assertion does not print them either). */
export function secretsIn(text: string): string[] {
  const names = ['OGONE_PASSWORD', 'OGONE_SHA_IN', 'OGONE_SHA_OUT', 'MERCHANT_API_KEY', 'SECOND_API_KEY', 'WEBHOOK_SECRET'];
  return SECRETS.flatMap((secret, index) => (text.includes(secret) ? [names[index]!] : []));
}

// ---------------------------------------------------------------------------------------------
// The account of the in-process app (`createTestApp`): a fixed configuration, no sandbox.

export const TEST_ENV = {
  OGONE_PSPID: 'TESTPSPID',
  OGONE_USER_ID: 'api-user',
  OGONE_PASSWORD: 'Api-Password-42!',
  OGONE_SHA_IN: 'Sha-In-Passphrase-2025!',
  OGONE_SHA_OUT: 'Sha-Out-Passphrase-2025?',
  OGONE_HASH_ALGORITHM: 'sha512',
  OGONE_ENVIRONMENT: 'test',
  PUBLIC_URL: 'https://pay.example.com',
  MERCHANT_API_KEYS: 'sk_test_aaaaaaaaaaaaaaaaaaaaaaaa,sk_test_bbbbbbbbbbbbbbbbbbbbbbbb',
  MERCHANT_NAME: 'Test Shop',
  ALLOWED_ORIGINS: 'https://shop.example.com',
  WEBHOOK_SECRET: 'whsec_test_0123456789abcdef',
} as const;

/** The first of TEST_ENV's merchant API keys: the one `TestApp.api` sends. */
export const API_KEY = 'sk_test_aaaaaaaaaaaaaaaaaaaaaaaa';

/** Every secret of TEST_ENV, in the order password, SHA-IN, SHA-OUT, API keys, webhook secret. */
export const TEST_ENV_SECRETS = [
  TEST_ENV.OGONE_PASSWORD,
  TEST_ENV.OGONE_SHA_IN,
  TEST_ENV.OGONE_SHA_OUT,
  API_KEY,
  'sk_test_bbbbbbbbbbbbbbbbbbbbbbbb',
  TEST_ENV.WEBHOOK_SECRET,
];

// ---------------------------------------------------------------------------------------------
// The account the sandbox's own tests configure it with (they sign as the merchant would).

export const SANDBOX_ACCOUNT = {
  pspid: 'TESTPSPID',
  userId: 'api-user',
  password: 'api-password-42',
  shaIn: 'Sandbox-SHA-IN-key-16',
  shaOut: 'Sandbox-SHA-OUT-key-16',
  hashAlgorithm: 'sha512' as HashAlgorithm,
};

// ---------------------------------------------------------------------------------------------
// The account of the DirectLink client tests: the client's configuration and the sandbox's
// must agree on it.

/** Secrets that must never leak; distinctive so a search for them cannot hit by chance. */
export const DIRECTLINK_SECRETS = {
  password: 'Api-Pa$$w0rd&Secret=42',
  shaIn: 'ShaInPassphrase-7f3Q!x',
  cardNumber: '4111111111111111',
  cvc: '7316',
};

export const DIRECTLINK_ACCOUNT = {
  pspid: 'TESTPSPID',
  userId: 'api-user',
  password: DIRECTLINK_SECRETS.password,
  shaIn: DIRECTLINK_SECRETS.shaIn,
  shaOut: 'ShaOutPassphrase-9kLm#z',
  hashAlgorithm: 'sha512',
} as const satisfies Partial<ProviderConfig>;

/** The DirectLink account as a provider configuration talking to `baseUrl`. */
export function providerConfig(baseUrl: string, overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    ...DIRECTLINK_ACCOUNT,
    environment: 'sandbox',
    baseUrl,
    ...overrides,
  };
}
