/**
 * Provider configuration: an Ogone account as the back office defines it.
 * Limits from the DirectLink guide v4.3.3 (PSPID AN 30, USERID AN 20 min 2) and the seeds'
 * passphrase rule (16–32 characters, SHA-IN different from SHA-OUT; docs/ogone-protocol.md §3).
 */
import { z } from 'zod';
import { PARAMETER_MAX_LENGTHS } from '../parameter-lengths.ts';
import { DEFAULT_HASH_ALGORITHM, HASH_ALGORITHMS } from '../signature.ts';

export const ENVIRONMENTS = ['sandbox', 'test', 'production', 'disabled'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Where each environment's pages live: `${baseUrl}/ncol/${segment}/orderstandard_utf8.asp`. */
export const DEFAULT_BASE_URLS: Readonly<Record<Exclude<Environment, 'sandbox' | 'disabled'>, string>> = {
  test: 'https://ogone.test.v-psp.com',
  production: 'https://secure.ogone.com',
};

/** PSPID AN 30 (DirectLink guide v4.3.3): the account's name on every request. */
export const PSPID_MAX_LENGTH = PARAMETER_MAX_LENGTHS.PSPID;

/** The PSPID rules, for the account configuration and the hosted page request alike. */
export const pspidSchema = z
  .string({ error: 'PSPID is required' })
  .min(1, { error: 'PSPID is required' })
  .max(PSPID_MAX_LENGTH, { error: `PSPID must be at most ${PSPID_MAX_LENGTH} characters` });

/** SHA-IN and SHA-OUT passphrases: 16 to 32 characters (docs/ogone-protocol.md §3). */
export const PASSPHRASE_MIN_LENGTH = 16;
export const PASSPHRASE_MAX_LENGTH = 32;

/** A line break, tab or other control character: no back-office form puts one in a secret. */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

const passphrase = (name: string) => {
  const message = `${name} must be ${PASSPHRASE_MIN_LENGTH} to ${PASSPHRASE_MAX_LENGTH} characters long`;
  return (
    z
      .string({ error: `${name} is required` })
      // A secret file's last line break (a Kubernetes secret, `echo` into a file) read with the
      // passphrase: every SHA-IN signed with it, every payment refused by the platform, the start
      // silent (review r1498). Refused rather than trimmed: the message never repeats the value.
      .refine((value) => !CONTROL_CHARACTER.test(value), {
        error: `${name} contains a line break or another control character (a secret file's last line break?): remove it`,
      })
      .min(PASSPHRASE_MIN_LENGTH, { error: message })
      .max(PASSPHRASE_MAX_LENGTH, { error: message })
  );
};

export const providerConfigSchema = z
  .object({
    pspid: pspidSchema,
    userId: z
      .string({ error: 'API user id is required' })
      .min(2, { error: 'API user id must be 2 to 20 characters' })
      .max(20, { error: 'API user id must be 2 to 20 characters' }),
    password: z
      .string({ error: 'API password is required' })
      .min(1, { error: 'API password is required' })
      .refine((value) => !CONTROL_CHARACTER.test(value), {
        error: "API password contains a line break or another control character (a secret file's last line break?): remove it",
      }),
    shaIn: passphrase('SHA-IN passphrase'),
    shaOut: passphrase('SHA-OUT passphrase'),
    hashAlgorithm: z.enum(HASH_ALGORITHMS, { error: 'hash algorithm must be sha1, sha256 or sha512' }).default(DEFAULT_HASH_ALGORITHM),
    environment: z.enum(ENVIRONMENTS, { error: 'environment must be sandbox, test, production or disabled' }),
    baseUrl: z.url({ protocol: /^https?$/, error: 'base URL must be an absolute http(s) URL' }).optional(),
  })
  .superRefine((config, ctx) => {
    if (config.shaIn === config.shaOut) {
      ctx.addIssue({ code: 'custom', path: ['shaOut'], message: 'SHA-OUT passphrase must differ from the SHA-IN passphrase' });
    }
    // Real money over plain HTTP: DirectLink requests carry the API user's password (PSWD) and the
    // hosted page takes the shopper's card. Only a proxy on this machine (loopback) may be http.
    if (config.environment === 'production' && config.baseUrl && insecureRemote(config.baseUrl)) {
      ctx.addIssue({
        code: 'custom',
        path: ['baseUrl'],
        message:
          'must be https in production (DirectLink sends the API password, the hosted page takes cards); http only to a loopback proxy',
      });
    }
  });

/** An http:// URL to another host than this machine's loopback. */
function insecureRemote(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'http:' && !/^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(hostname);
}

export type ProviderConfigInput = z.input<typeof providerConfigSchema>;
export type ProviderConfig = z.output<typeof providerConfigSchema>;

/** The `/ncol/<segment>/` part of the platform's URLs for an environment. */
export function ncolSegment(environment: Environment): 'test' | 'prod' {
  return environment === 'production' ? 'prod' : 'test';
}

/** The platform's base URL for a configuration (the override, or Ogone's host for the environment). */
export function platformBaseUrl(config: Pick<ProviderConfig, 'environment' | 'baseUrl'>): string {
  if (config.baseUrl) return config.baseUrl.replace(/\/+$/, '');
  if (config.environment === 'production') return DEFAULT_BASE_URLS.production;
  return DEFAULT_BASE_URLS.test;
}

export type OgonePage = 'orderstandard_utf8.asp' | 'orderdirect_utf8.asp' | 'maintenancedirect_utf8.asp' | 'querydirect_utf8.asp';

/** Full URL of one platform page, always the `_utf8` variant (docs/ogone-protocol.md §1). */
export function platformUrl(config: Pick<ProviderConfig, 'environment' | 'baseUrl'>, page: OgonePage): string {
  return `${platformBaseUrl(config)}/ncol/${ncolSegment(config.environment)}/${page}`;
}
