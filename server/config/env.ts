/**
 * The server's configuration, read from environment variables (issue 4, "Configuration").
 * Every setting is validated here so a bad one stops the start with one line naming it; the
 * names, defaults and ranges are the rows of settings.ts, the one list of them.
 */
import { isIP } from 'node:net';
import { parse as parsePostgresUrl } from 'pg-connection-string';
import { z } from 'zod';
import { ENVIRONMENTS, providerConfigSchema, type ProviderConfig } from '../../shared/schemas/config.ts';
import { PARAMETER_MAX_LENGTHS } from '../../shared/parameter-lengths.ts';
import { HASH_ALGORITHMS } from '../../shared/signature.ts';
import { webhookSecretOf } from '../../shared/webhooks/verify.ts';
import { commaList, parseAddressList } from './address-list.ts';
import { onFetchBadPort, urlPort } from './fetch-bad-ports.ts';
import { ConfigError } from './config-error.ts';
import { DATA_DIR_NOT_A_DIRECTORY, dataDirState } from './data-dir.ts';
import { metricsSettings } from './metrics-settings.ts';
import { reconcilerSettings } from './reconciler-settings.ts';
import { parseHttpSettings } from './http-settings.ts';
import { parseLogFormat } from './log-format.ts';
import { settingsHoldingPlaceholders } from './placeholders.ts';
import type { DemoCredentials, ServerConfig } from './server-config.ts';
import { defaultValue, wholeRange, type SettingName } from './settings.ts';

// Importers found these here before the types and the address lists had modules of their own.
export { ConfigError };
export type { DemoCredentials, ServerConfig };
export { NO_ADDRESSES, parseAddressList, type AddressList } from './address-list.ts';

/**
 * The variables that carry Ogone credentials. None of them set is refused unless
 * OGONE_ENVIRONMENT=sandbox asks for the local sandbox (fail closed, issue 13): a forgotten
 * variable must never turn a merchant's server into a payment simulator.
 */
export const CREDENTIAL_VARIABLES = [
  'OGONE_PSPID',
  'OGONE_USER_ID',
  'OGONE_PASSWORD',
  'OGONE_SHA_IN',
  'OGONE_SHA_OUT',
] as const satisfies readonly SettingName[];

/** The environment variable behind each field of the provider configuration (errors name it). */
export const PROVIDER_VARIABLES: Readonly<Record<keyof ProviderConfig, SettingName>> = {
  pspid: 'OGONE_PSPID',
  userId: 'OGONE_USER_ID',
  password: 'OGONE_PASSWORD',
  shaIn: 'OGONE_SHA_IN',
  shaOut: 'OGONE_SHA_OUT',
  hashAlgorithm: 'OGONE_HASH_ALGORITHM',
  environment: 'OGONE_ENVIRONMENT',
  baseUrl: 'OGONE_BASE_URL',
};

/** The one line `serve` prints when no Ogone account is configured and the sandbox was not asked for. */
export const NO_ACCOUNT_MESSAGE = `no Ogone account configured (${CREDENTIAL_VARIABLES.join(', ')}): set them, or set OGONE_ENVIRONMENT=sandbox to run the local test sandbox`;

/**
 * A blank, a control character or an invisible format character (soft hyphen, zero-width and
 * direction marks, byte order mark) at either end of a secret. Not every format character: a flag
 * emoji ends with tag characters (review r1060).
 */
const INVISIBLE = String.raw`[\s\p{Cc}\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]`;
const INVISIBLE_AT_AN_END = new RegExp(`^${INVISIBLE}|${INVISIBLE}$`, 'u');

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

/** Blank takes the table's default, which then passes the same check as a value given. */
const orDefault = (name: SettingName) => optionalText.transform((value) => value ?? defaultValue(name));

/**
 * A whole number within the table's range (digits only), blank taking the table's default; one
 * message for every way it is wrong.
 */
const wholeNumber = (name: SettingName, error: string) => {
  const { min, max = Number.MAX_SAFE_INTEGER, fallback } = wholeRange(name);
  return optionalText.pipe(
    z
      .string()
      .regex(new RegExp(`^\\d{1,${String(max).length}}$`), { error })
      .transform(Number)
      .refine((value) => value >= min && value <= max, { error })
      .optional()
      .transform((value) => value ?? fallback),
  );
};

/** Schema of the raw environment: names are the variables (rows of settings.ts), so errors name them. */
function readableByPg(url: string): boolean {
  try {
    parsePostgresUrl(url);
    return true;
  } catch {
    return false;
  }
}

const DATABASE_URL_SCHEME = /^postgres(ql)?:\/\//;
const DATABASE_URL_NOT_POSTGRES = 'must be a postgres:// or postgresql:// URL';
const DATABASE_URL_UNREADABLE = 'is not a URL PostgreSQL can read: check the host, the port and the brackets around an IPv6 address';
/**
 * A PostgreSQL URL has no fragment: a "#" is a password's, written bare. The parser then ended the
 * host at it and took the password's middle for the host name, which every connection error
 * printed (review r1496).
 */
const DATABASE_URL_FRAGMENT = 'must contain no "#" (a PostgreSQL URL has none): percent-encode one in the password as %23';

/**
 * What is wrong with a DATABASE_URL, as serve refuses it — for the commands that open the database
 * without the whole configuration (migrate, backup, restore): never the value itself.
 */
export function databaseUrlProblem(url: string): string | undefined {
  if (!DATABASE_URL_SCHEME.test(url)) return DATABASE_URL_NOT_POSTGRES;
  if (url.includes('#')) return DATABASE_URL_FRAGMENT;
  return readableByPg(url) ? undefined : DATABASE_URL_UNREADABLE;
}

/**
 * A user name and password in the URL go as HTTP Basic authentication, percent-decoded
 * (webhooks/endpoint.ts): the URL parser keeps a bare "%" as it is, and decoding it would fail
 * every delivery, so such a URL refuses the start instead.
 */
function credentialsDecodable(url: string): boolean {
  try {
    const parsed = new URL(url);
    decodeURIComponent(parsed.username);
    decodeURIComponent(parsed.password);
    return true;
  } catch {
    return false;
  }
}

/**
 * The server's own callback paths (payments/hosted-page.ts FEEDBACK_PATH, payments/setup-session.ts
 * FLEX_RETURN_PATH; not imported: the start does not load them), which PUBLIC_URL is the base of.
 */
const CALLBACK_PATHS = ['/payment/ogone/return', '/payment/flex/return'] as const;

/**
 * Characters the longest URL sent to Ogone adds to PUBLIC_URL: FEEDBACK_PATH (payments/hosted-page.ts;
 * test/server/config/public-url-return-length.test.ts checks they agree), the ACCEPTURL … CANCELURL
 * of every hosted page.
 */
export const RETURN_PATH_LENGTH = CALLBACK_PATHS[0].length;

/** The callback path a URL's path ends with (any case, a trailing slash), if any. */
function callbackPathIn(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const path = new URL(url).pathname.replace(/\/+$/, '').toLowerCase();
  return CALLBACK_PATHS.find((callback) => path.endsWith(callback));
}

/** A URL with a user name or password (an unparseable one is reported by z.url already). */
function hasCredentials(url: string): boolean {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  return parsed !== undefined && (parsed.username !== '' || parsed.password !== '');
}

/**
 * A webhook secret (WEBHOOK_SECRET, WEBHOOK_SECRET_PREVIOUS): ASCII blanks around it ignored, as
 * every verifier ignores them; any other invisible character there refused: the README's PHP and
 * Python verifiers would keep it (review r1030). No message repeats the value.
 */
const webhookSecret = z
  .string()
  .optional()
  .transform((value) => (value === undefined ? undefined : webhookSecretOf(value) || undefined))
  .pipe(
    z
      .string()
      .min(16, { error: 'must be at least 16 characters' })
      .refine((value) => !INVISIBLE_AT_AN_END.test(value), {
        error: 'starts or ends with an invisible character (a byte order mark, a no-break space): remove it, or the verifiers would not',
      })
      .optional(),
  );

const envSchema = z.object({
  OGONE_ENVIRONMENT: optionalText.pipe(z.enum(ENVIRONMENTS, { error: 'must be sandbox, test, production or disabled' }).optional()),
  OGONE_HASH_ALGORITHM: optionalText.pipe(z.enum(HASH_ALGORITHMS, { error: 'must be sha1, sha256 or sha512' }).optional()),
  OGONE_BASE_URL: optionalText.pipe(
    z
      .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
      // The hosted-page form's action is this URL, handed to every shopper's browser; fetch
      // refuses a URL with credentials, and its error would repeat them.
      .refine((url) => !hasCredentials(url), 'must carry no user name or password: the hosted-page form hands it to shoppers')
      // The pages' paths (/ncol/test/orderstandard_utf8.asp…) are appended to it: a query or a
      // fragment swallowed them, and the white label's URL as the guides print it
      // (https://e-payment.postfinance.ch/ncol/prod/) doubled them — every payment to a 404.
      .refine((url) => !/[?#]/.test(url), "must carry no query (?) or fragment (#): the pages' paths are appended to it")
      .refine(
        (url) => !URL.canParse(url) || !/\/ncol(\/|$)/i.test(new URL(url).pathname),
        "must be the platform's origin (a proxy's path at most), without /ncol/…: the pages' paths (/ncol/prod/orderstandard_utf8.asp…) are appended to it",
      )
      .optional(),
  ),
  OGONE_OPERATION: orDefault('OGONE_OPERATION').pipe(
    z.enum(['SAL', 'RES'], { error: 'must be SAL (direct sale) or RES (authorise only)' }),
  ),
  // COF_SCHEDULE for unscheduled stored-credential payments; the guides print no value table (docs/ogone-protocol.md §11, §14).
  OGONE_COF_SCHEDULE: orDefault('OGONE_COF_SCHEDULE').pipe(
    z.enum(['UNSCHED', 'SCHED', 'none'], {
      error: 'must be UNSCHED, SCHED or none (COF_SCHEDULE sent with saved-card storage and merchant charges)',
    }),
  ),
  PUBLIC_URL: optionalText.pipe(
    z
      .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL such as https://pay.example.com' })
      // Our return, status and challenge URLs are this followed by a path: a query or fragment
      // would make them the root page's, credentials would be logged and sent to Ogone.
      // (An unparseable one is already reported by z.url, which lets refinements run.)
      .refine(
        (url) => !URL.canParse(url) || (!url.includes('?') && !url.includes('#')),
        'must have no query (?) or fragment (#): the return URLs are built by adding a path to it',
      )
      .refine((url) => !hasCredentials(url), 'must carry no user name or password')
      // The back-office checklist prints the feedback URL beside it: pasted here, every return
      // URL doubled its path (…/payment/ogone/return/payment/ogone/return), a 404 for each shopper.
      .superRefine((url, issues) => {
        const path = callbackPathIn(url);
        if (path)
          issues.addIssue({
            code: 'custom',
            message: `must be the server's base URL, not one of its callback URLs: drop ${path} (it is added to PUBLIC_URL)`,
          });
      })
      // The hosted page's ACCEPTURL … CANCELURL are this plus the feedback path: a space is not
      // sent, and Ogone takes 255 characters at most — refused here, not at every shopper's
      // first payment (500 hosted_page_invalid).
      .refine((url) => !/\s/.test(url), 'must contain no spaces (percent-encode them as %20)')
      .refine(
        (url) => url.replace(/\/+$/, '').length + RETURN_PATH_LENGTH <= PARAMETER_MAX_LENGTHS.ACCEPTURL,
        `must be at most ${PARAMETER_MAX_LENGTHS.ACCEPTURL - RETURN_PATH_LENGTH} characters: the return URL sent to Ogone adds ${RETURN_PATH_LENGTH} and may be at most ${PARAMETER_MAX_LENGTHS.ACCEPTURL}`,
      )
      .optional(),
  ),
  PORT: wholeNumber('PORT', 'must be a port number (0 to 65535)'),
  HOST: orDefault('HOST').pipe(
    z
      .string()
      .refine(
        (host) => isListenHost(host),
        'must be an address or host name to listen on, such as 0.0.0.0, 127.0.0.1 or ::1 (no port: that is PORT)',
      ),
  ),
  DATA_DIR: orDefault('DATA_DIR'),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(DATABASE_URL_SCHEME, { error: DATABASE_URL_NOT_POSTGRES })
      .refine((url) => !url.includes('#'), { error: DATABASE_URL_FRAGMENT, abort: true })
      // Read as pg reads it (its own parser), so a typo refuses the start naming the setting
      // instead of failing at the first connection; the message never repeats the value.
      .refine(readableByPg, { error: DATABASE_URL_UNREADABLE })
      .optional(),
  ),
  DATABASE_POOL_SIZE: wholeNumber('DATABASE_POOL_SIZE', 'must be a whole number of connections from 1 to 1000'),
  DATABASE_QUERY_TIMEOUT_SECONDS: wholeNumber('DATABASE_QUERY_TIMEOUT_SECONDS', 'must be a whole number of seconds from 1 to 3600'),
  MERCHANT_API_KEYS: optionalText,
  MERCHANT_NAME: optionalText.pipe(z.string().max(100, { error: 'must be at most 100 characters' }).optional()),
  WEBHOOK_URL: optionalText.pipe(
    z
      .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
      .refine(credentialsDecodable, { error: 'has a user name or password with a bare "%": write it as %25' })
      // Port 0 is no port a receiver listens on: every delivery failed, the start clean.
      // z.url's refusal lets the refinements run: a value that is no URL (the scheme left off)
      // made `new URL` throw out of the parser, the setting never named (review r1695).
      .refine((url) => !URL.canParse(url) || urlPort(new URL(url)) !== 0, {
        error: "uses port 0, which nothing listens on: write the receiver's port",
      })
      .refine((url) => !onFetchBadPort(url), {
        error: (issue) =>
          `uses port ${urlPort(new URL(String(issue.input)))}, which fetch never connects to (the Fetch Standard's bad ports): choose another port`,
      })
      .optional(),
  ),
  WEBHOOK_SECRET: webhookSecret,
  // The secret being rotated out, read as WEBHOOK_SECRET is: deliveries carry a signature with each.
  WEBHOOK_SECRET_PREVIOUS: webhookSecret,
  ALLOWED_ORIGINS: optionalText,
  RATE_LIMIT_PER_MINUTE: wholeNumber('RATE_LIMIT_PER_MINUTE', 'must be a whole number of requests per minute (1 to 1000000)'),
  FEEDBACK_RATE_LIMIT_PER_MINUTE: wholeNumber(
    'FEEDBACK_RATE_LIMIT_PER_MINUTE',
    'must be a whole number of requests per minute (1 to 1000000)',
  ),
  FEEDBACK_RATE_LIMIT_EXEMPT: optionalText,
  RETENTION_DAYS: wholeNumber('RETENTION_DAYS', 'must be a whole number of days from 30 to 3650'),
  EVENT_RETENTION_DAYS: wholeNumber('EVENT_RETENTION_DAYS', 'must be a whole number of days from 1 to 3650'),
  FEEDBACK_LOG_RETENTION_DAYS: wholeNumber('FEEDBACK_LOG_RETENTION_DAYS', 'must be a whole number of days from 30 to 3650'),
  DUPLICATE_PAYMENTS: orDefault('DUPLICATE_PAYMENTS').pipe(
    z.enum(['refund', 'keep'], { error: 'must be refund (give a second payment of a paid session back at once) or keep' }),
  ),
  LOG_LEVEL: orDefault('LOG_LEVEL').pipe(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be fatal, error, warn, info, debug, trace or silent',
    }),
  ),
} satisfies Partial<Record<SettingName, z.ZodType>>);

const MIN_API_KEY_LENGTH = 24;

/**
 * What is wrong with MERCHANT_API_KEYS (its comma-separated keys), or undefined: also the
 * standalone sandbox's rule for its control API on a non-loopback address (commands/sandbox.ts).
 */
export function merchantApiKeysProblem(keys: readonly string[]): string | undefined {
  if (keys.length === 0) return `is required: one or more comma-separated API keys of at least ${MIN_API_KEY_LENGTH} characters`;
  if (keys.some((key) => key.length < MIN_API_KEY_LENGTH)) return `every key must be at least ${MIN_API_KEY_LENGTH} characters`;
  // `Authorization: Bearer <key>` carries visible ASCII without spaces: such a key could never sign in.
  if (keys.some((key) => !/^[\x21-\x7e]+$/.test(key)))
    return 'a key holds a space or a character other than visible ASCII, which no Bearer header can carry';
  return undefined;
}

type EnvVariables = z.infer<typeof envSchema>;

/**
 * What a check does with a problem: `parseServerConfig` throws the first (serve stops with one
 * line), `collectConfigErrors` keeps going so doctor reports them all in one run (issue 15).
 */
type Report = (error: ConfigError) => void;

/** Each variable on its own, so one bad value does not hide the next; a bad one reads as unset. */
function parseVariables(env: Record<string, string | undefined>, report: Report): EnvVariables {
  const vars: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(envSchema.shape) as Array<[string, z.ZodType]>) {
    const parsed = schema.safeParse(env[name]);
    if (parsed.success) {
      vars[name] = parsed.data;
    } else {
      report(new ConfigError(name, parsed.error.issues[0]?.message ?? 'invalid'));
      vars[name] = schema.parse(undefined);
    }
  }
  return vars as EnvVariables;
}

/** True only when the environment asks for the sandbox by name (OGONE_ENVIRONMENT=sandbox). */
export function wantsSandbox(env: Record<string, string | undefined>): boolean {
  return env.OGONE_ENVIRONMENT?.trim() === 'sandbox';
}

/**
 * Validates the environment. `demo` supplies generated credentials for the sandbox when the
 * environment has none (start-server.ts loads or creates them in DATA_DIR).
 */
export function parseServerConfig(env: Record<string, string | undefined>, demo?: DemoCredentials): ServerConfig {
  return readServerConfig(env, demo, (error) => {
    throw error;
  })!;
}

/** An address or host name to listen on (HOST, serve --host): no port, no brackets, no scheme. */
export function isListenHost(host: string): boolean {
  return isIP(host) !== 0 || /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host);
}

/**
 * Every problem `parseServerConfig` would stop at, all of them (doctor: one run shows them all).
 * Empty when serve would start.
 */
export function collectConfigErrors(env: Record<string, string | undefined>, demo?: DemoCredentials): ConfigError[] {
  const errors: ConfigError[] = [];
  readServerConfig(env, demo, (error) => errors.push(error));
  return errors;
}

/** The configuration, or undefined once `report` was given a problem and did not throw. */
function readServerConfig(
  env: Record<string, string | undefined>,
  demo: DemoCredentials | undefined,
  report: Report,
): ServerConfig | undefined {
  let problems = 0;
  const problem: Report = (error) => {
    problems++;
    report(error);
  };
  const vars = parseVariables(env, problem);
  const sandbox = wantsSandbox(env);
  const given = CREDENTIAL_VARIABLES.filter((name) => env[name]?.trim());
  const demoCredentials = sandbox && given.length === 0;
  const missing = CREDENTIAL_VARIABLES.filter((name) => !env[name]?.trim());
  if (!sandbox && given.length === 0) {
    // Fail closed: no account at all is refused (exit 1), never taken as a wish for the sandbox.
    problem(new ConfigError('OGONE_ENVIRONMENT', NO_ACCOUNT_MESSAGE, 1));
  } else if (demoCredentials && !demo) {
    problem(new ConfigError('OGONE_PSPID', 'no Ogone credentials given and no demo credentials available'));
  } else if (!sandbox) {
    for (const name of missing)
      problem(
        new ConfigError(
          name,
          `is required when OGONE_ENVIRONMENT is ${vars.OGONE_ENVIRONMENT ?? 'not sandbox'} (set every OGONE_* credential, or OGONE_ENVIRONMENT=sandbox for the local sandbox)`,
        ),
      );
  } else if (given.length > 0) {
    for (const name of missing)
      problem(
        new ConfigError(
          name,
          'is required once any Ogone credential is set (set all of OGONE_PSPID, OGONE_USER_ID, OGONE_PASSWORD, OGONE_SHA_IN, OGONE_SHA_OUT, or none)',
        ),
      );
  }
  // With a credential missing the account cannot be checked as a whole; what can be is below.
  const credentials = demoCredentials
    ? (demo ?? { pspid: '', userId: '', password: '', shaIn: '', shaOut: '' })
    : {
        pspid: env.OGONE_PSPID?.trim() ?? '',
        userId: env.OGONE_USER_ID?.trim() ?? '',
        password: env.OGONE_PASSWORD ?? '',
        shaIn: env.OGONE_SHA_IN ?? '',
        shaOut: env.OGONE_SHA_OUT ?? '',
      };
  const provider = providerConfigSchema.safeParse({
    pspid: credentials.pspid,
    userId: credentials.userId,
    password: credentials.password,
    shaIn: credentials.shaIn,
    shaOut: credentials.shaOut,
    hashAlgorithm: vars.OGONE_HASH_ALGORITHM ?? defaultValue('OGONE_HASH_ALGORITHM'),
    environment: sandbox ? 'sandbox' : (vars.OGONE_ENVIRONMENT ?? defaultValue('OGONE_ENVIRONMENT')),
    baseUrl: vars.OGONE_BASE_URL,
  });
  if (!provider.success) {
    const reported = new Set<string>(problems > 0 ? missing : []);
    for (const issue of provider.error.issues) {
      const field = String(issue.path[0]);
      const variable = PROVIDER_VARIABLES[field as keyof ProviderConfig] ?? field;
      // One line per variable: an unset credential is already reported as missing.
      if (reported.has(variable)) continue;
      reported.add(variable);
      problem(new ConfigError(variable, issue.message));
    }
  }

  // The example file's public placeholders let anyone sign a "paid" feedback or refund through the
  // merchant API: refused where the money is real (config/placeholders.ts, docs/deploy.md §2).
  if (provider.success && provider.data.environment === 'production')
    for (const name of settingsHoldingPlaceholders(env))
      problem(
        new ConfigError(
          name,
          "still holds the example file's change-me placeholder, which is public: replace it with a value of your own (docs/deploy.md)",
        ),
      );

  // Where the money is real, shoppers come back from the hosted page and Ogone's feedback (what
  // marks a payment paid) comes to PUBLIC_URL: over plain http to another host, both are readable
  // and alterable on the way. An http address on this machine's loopback (a local proxy, a test
  // behind nginx) stays allowed, as for OGONE_BASE_URL (shared/schemas/config.ts); doctor says
  // more (a loopback address is one Ogone cannot reach).
  if (provider.success && provider.data.environment === 'production' && vars.PUBLIC_URL && insecurePublicUrl(vars.PUBLIC_URL))
    problem(
      new ConfigError(
        'PUBLIC_URL',
        "must be https in production: shoppers come back from Ogone's payment page and its feedback arrives there (docs/deploy.md)",
      ),
    );

  // Unset, the return URLs name the listening address (http://0.0.0.0:8787, or 127.0.0.1 behind
  // nginx): no shopper's browser reaches it, and only over http. Where the money is real every
  // shopper would be sent back to a dead page (review r1200 left it a log warning); the test
  // platform and the sandbox, run on the listening address, start without it.
  if (provider.success && provider.data.environment === 'production' && !env.PUBLIC_URL?.trim())
    problem(
      new ConfigError(
        'PUBLIC_URL',
        'is required in production: Ogone sends shoppers back to it and its feedback arrives there; set it to the https address the shop is served on (docs/deploy.md)',
      ),
    );

  const merchantApiKeys = commaList(vars.MERCHANT_API_KEYS);
  if (merchantApiKeys.length === 0 && demo && sandbox) merchantApiKeys.push(demo.merchantApiKey);
  const keysProblem = merchantApiKeysProblem(merchantApiKeys);
  if (keysProblem) problem(new ConfigError('MERCHANT_API_KEYS', keysProblem));
  if (vars.WEBHOOK_URL && !vars.WEBHOOK_SECRET && !env.WEBHOOK_SECRET?.trim())
    problem(new ConfigError('WEBHOOK_SECRET', 'is required when WEBHOOK_URL is set (at least 16 characters)'));
  // WEBHOOK_SECRET_PREVIOUS only means something beside another WEBHOOK_SECRET: alone it would sign
  // nothing, and equal to it the new secret is missing — a shop holding the other one would refuse
  // every delivery, the flag day a rotation exists to avoid. Neither message repeats a secret.
  if (vars.WEBHOOK_SECRET_PREVIOUS && !webhookSecretOf(env.WEBHOOK_SECRET ?? ''))
    problem(
      new ConfigError(
        'WEBHOOK_SECRET_PREVIOUS',
        'is set without WEBHOOK_SECRET: during a rotation WEBHOOK_SECRET holds the new secret and WEBHOOK_SECRET_PREVIOUS the old one',
      ),
    );
  else if (vars.WEBHOOK_SECRET_PREVIOUS && vars.WEBHOOK_SECRET_PREVIOUS === vars.WEBHOOK_SECRET)
    problem(
      new ConfigError(
        'WEBHOOK_SECRET_PREVIOUS',
        'equals WEBHOOK_SECRET: it must be the old secret being replaced; remove it once the shop verifies with the new one',
      ),
    );

  const allowedOrigins = commaList(vars.ALLOWED_ORIGINS);
  for (const origin of allowedOrigins) {
    if (origin === '*') continue;
    let valid = false;
    try {
      const url = new URL(origin);
      valid = (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === origin.replace(/\/+$/, '');
    } catch {
      valid = false;
    }
    if (!valid) {
      problem(new ConfigError('ALLOWED_ORIGINS', `${JSON.stringify(origin)} is not an origin such as https://shop.example.com`));
      break;
    }
  }
  const feedbackRateLimitExempt = orReported(problem, () =>
    parseAddressList('FEEDBACK_RATE_LIMIT_EXEMPT', vars.FEEDBACK_RATE_LIMIT_EXEMPT),
  );
  const http = orReported(problem, () => parseHttpSettings(env));
  // SQLite's directory: a file in its way would fail the start later with ENOTDIR, naming nothing.
  if (!vars.DATABASE_URL && vars.DATA_DIR && dataDirState(vars.DATA_DIR) === 'not-a-directory')
    problem(new ConfigError('DATA_DIR', DATA_DIR_NOT_A_DIRECTORY));
  // Read where they are used (start-server.ts), checked here too: doctor runs this list, and
  // must not pass what serve refuses.
  orReported(problem, () => parseLogFormat(env));
  orReported(problem, () => metricsSettings(env));
  const reconciliation = orReported(problem, () => reconcilerSettings(env));
  // A payment is first queried RECONCILE_AFTER_SECONDS after its last change, and no longer once
  // RECONCILE_MAX_AGE_DAYS old: with the first at or past the second, the reconciler never asks
  // about an unresolved payment nor an uncertain capture or refund — every one flagged for a
  // person instead, and the start said nothing (review r1499).
  if (reconciliation && reconciliation.intervalMs > 0 && reconciliation.afterMs >= reconciliation.maxAgeMs)
    problem(
      new ConfigError(
        'RECONCILE_AFTER_SECONDS',
        `must be shorter than RECONCILE_MAX_AGE_DAYS (${reconciliation.maxAgeMs / 86_400_000} days = ${reconciliation.maxAgeMs / 1000} s): no payment would ever be queried`,
      ),
    );
  if (problems > 0 || !provider.success || !feedbackRateLimitExempt || !http) return undefined;

  return {
    provider: provider.data,
    sandbox,
    demoCredentials,
    operation: vars.OGONE_OPERATION,
    cofSchedule: vars.OGONE_COF_SCHEDULE === 'none' ? null : vars.OGONE_COF_SCHEDULE,
    publicUrl: vars.PUBLIC_URL?.replace(/\/+$/, ''),
    port: vars.PORT,
    host: vars.HOST,
    dataDir: vars.DATA_DIR,
    databaseUrl: vars.DATABASE_URL,
    databasePoolSize: vars.DATABASE_POOL_SIZE,
    databaseQueryTimeoutSeconds: vars.DATABASE_QUERY_TIMEOUT_SECONDS,
    merchantApiKeys,
    merchantName: vars.MERCHANT_NAME ?? (sandbox ? 'Sandbox shop' : provider.data.pspid),
    webhookUrl: vars.WEBHOOK_URL,
    webhookSecret: vars.WEBHOOK_SECRET,
    webhookSecretPrevious: vars.WEBHOOK_SECRET_PREVIOUS,
    allowedOrigins: allowedOrigins.map((origin) => origin.replace(/\/+$/, '')),
    rateLimitPerMinute: vars.RATE_LIMIT_PER_MINUTE,
    feedbackRateLimitPerMinute: vars.FEEDBACK_RATE_LIMIT_PER_MINUTE,
    feedbackRateLimitExempt,
    retentionDays: vars.RETENTION_DAYS,
    eventRetentionDays: vars.EVENT_RETENTION_DAYS,
    feedbackLogRetentionDays: vars.FEEDBACK_LOG_RETENTION_DAYS,
    logLevel: vars.LOG_LEVEL,
    http,
    duplicatePayments: vars.DUPLICATE_PAYMENTS,
  };
}

/** The value `read` gives, or undefined after reporting the ConfigError it threw. */
function orReported<T>(report: Report, read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    report(error);
    return undefined;
  }
}

/** An http:// PUBLIC_URL naming another host than this machine's loopback. */
function insecurePublicUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol, hostname } = new URL(url);
  return protocol === 'http:' && !/^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(hostname);
}
