/**
 * Every environment variable the server, the demo, the sandbox and `doctor` read, in one table:
 * its group, what it is for, its default and whether it is a secret (issue 18, "one source per
 * fact"). The parsers (env.ts, http-settings.ts, whole-setting.ts, reconciler-settings.ts, metrics-settings.ts) take
 * names, defaults and ranges from here; `serve --help` prints `renderSettingsUsage()`; and
 * test/server/config/settings-table.test.ts fails when the sources, the usage text or the
 * README's configuration table list a variable this table does not.
 */
import { DEFAULT_HASH_ALGORITHM } from '../../shared/signature.ts';

/** The groups, in the order the usage text and the README show them. */
export const SETTING_GROUPS = {
  account: 'Ogone account',
  payments: 'Payments',
  server: 'Server',
  database: 'Database',
  security: 'Security and HTTP',
  webhooks: 'Webhooks',
  reconciler: 'Reconciler',
  retention: 'Retention',
  doctor: 'doctor',
} as const;

export type SettingGroup = keyof typeof SETTING_GROUPS;

/** A whole-number setting's default and accepted range; the parsers apply exactly these. */
export interface WholeRange {
  readonly fallback: number;
  readonly min: number;
  /** No upper bound when absent (the reconciler's delays). */
  readonly max?: number;
  /** Named in the error message of whole-setting.ts ("a whole number of seconds …"). */
  readonly unit: string;
}

export interface Setting<Name extends string = string> {
  readonly name: Name;
  readonly group: SettingGroup;
  /** One line: what the variable changes. */
  readonly description: string;
  /** What applies when it is unset, as text: a value, `required` or `none`. */
  readonly default: string;
  /** The value the server's parser applies when unset, when that is one fixed value. */
  readonly value?: string;
  /** Never printed or logged: passphrases, passwords, keys, URLs that may hold a password. */
  readonly secret: boolean;
  /** Set for whole-number settings: the default above is `String(whole.fallback)`. */
  readonly whole?: WholeRange;
}

/** A fixed default the parser applies, and a note on who sets another one (the demo). */
interface Fallback {
  value: string;
  note?: string;
}

// A fixed default is written once: the parser applies `value`, the text shows it and the note.
const text = <const Name extends string>(
  name: Name,
  group: SettingGroup,
  fallback: string | Fallback,
  description: string,
  secret = false,
): Setting<Name> =>
  typeof fallback === 'string'
    ? { name, group, description, default: fallback, secret }
    : {
        name,
        group,
        description,
        default: fallback.note ? `${fallback.value} (${fallback.note})` : fallback.value,
        value: fallback.value,
        secret,
      };

// The default text is derived from the range so the number the parser applies is written once.
const whole = <const Name extends string>(name: Name, group: SettingGroup, range: WholeRange, description: string): Setting<Name> => ({
  name,
  group,
  description,
  default: String(range.fallback),
  secret: false,
  whole: range,
});

const SECRET = true;

// One row a line so the table reads as a table.
// prettier-ignore
export const SETTINGS = [
  text('OGONE_PSPID', 'account', 'required', 'the Ogone account (PSPID); none of the five credentials set: only OGONE_ENVIRONMENT=sandbox starts'),
  text('OGONE_USER_ID', 'account', 'required', 'the API user for DirectLink (saved cards, capture, refund, cancel, status queries)'),
  text('OGONE_PASSWORD', 'account', 'required', "the API user's password", SECRET),
  text('OGONE_SHA_IN', 'account', 'required', 'the SHA-IN passphrase, 16 to 32 characters, not equal to SHA-OUT', SECRET),
  text('OGONE_SHA_OUT', 'account', 'required', 'the SHA-OUT passphrase, 16 to 32 characters', SECRET),
  text('OGONE_HASH_ALGORITHM', 'account', { value: DEFAULT_HASH_ALGORITHM }, 'sha1, sha256 or sha512, as in the back office'),
  text('OGONE_ENVIRONMENT', 'account', { value: 'test', note: 'the demo: sandbox' }, 'sandbox, test, production or disabled; livemode only with production'),
  text('OGONE_BASE_URL', 'account', "Ogone's", "another platform origin (a white label, a proxy's URL at most), without `/ncol/…`, a query or a fragment: the pages' paths are appended; https in production, unless to a loopback proxy"),
  text('OGONE_OPERATION', 'payments', { value: 'SAL' }, 'SAL (direct sale) or RES (authorise, capture later)'),
  text('OGONE_COF_SCHEDULE', 'payments', { value: 'UNSCHED' }, 'COF_SCHEDULE sent when a card is saved and charged: UNSCHED, SCHED or none'),
  text('DUPLICATE_PAYMENTS', 'payments', { value: 'refund' }, 'a second payment of a paid session: refund gives it back at once, keep only flags it'),
  text('PUBLIC_URL', 'server', 'the listening address (required in production)', 'where browsers and Ogone reach the server (https in production)'),
  whole('PORT', 'server', { fallback: 8787, min: 0, max: 65535, unit: 'port' }, 'the port to listen on'),
  text('HOST', 'server', { value: '0.0.0.0', note: 'the demo: 127.0.0.1' }, 'the address to listen on; the sandbox control API needs a key unless loopback'),
  text('METRICS_PORT', 'server', 'none (GET /metrics on PORT, with a merchant key)', 'a second listener serving GET /metrics without a key, on METRICS_HOST; 0: any free port'),
  text('METRICS_HOST', 'server', { value: '127.0.0.1' }, 'the address of the METRICS_PORT listener (it asks for no key: keep it private)'),
  text('MERCHANT_API_KEYS', 'server', 'required (sandbox: the demo key)', 'comma-separated bearer keys (at least 24 characters) for /api and the dashboard', SECRET),
  text('MERCHANT_NAME', 'server', 'the PSPID (sandbox: Sandbox shop, the demo: Demo shop)', 'the shop name shown by the widget and the status page'),
  text('LOG_LEVEL', 'server', { value: 'info', note: 'the demo: warn' }, 'pino level: fatal, error, warn, info, debug, trace or silent'),
  text('LOG_FORMAT', 'server', { value: 'json' }, 'json (one JSON object a line, for log collectors) or pretty (readable lines for people, pino-pretty)'),
  text('DATA_DIR', 'database', { value: './data' }, 'the SQLite database and the sandbox demo credentials (created 0700)'),
  text('DATABASE_URL', 'database', 'none', 'postgres:// or postgresql:// URL: PostgreSQL instead of SQLite', SECRET),
  whole('DATABASE_QUERY_TIMEOUT_SECONDS', 'database', { fallback: 30, min: 1, max: 3600, unit: 'seconds' }, 'with DATABASE_URL: a statement running or waiting this long is cancelled (statement_timeout) and fails its request (503); a database silent 5 s more has its connection closed'),
  whole('DATABASE_POOL_SIZE', 'database', { fallback: 10, min: 1, max: 1000, unit: 'connections' }, 'with DATABASE_URL: connections this instance may hold open to PostgreSQL (about its concurrent requests)'),
  text('ALLOWED_ORIGINS', 'security', "PUBLIC_URL's origin", 'comma-separated origins allowed to call /checkout from a browser, * for any'),
  whole('RATE_LIMIT_PER_MINUTE', 'security', { fallback: 120, min: 1, max: 1_000_000, unit: 'requests per minute' }, 'requests a minute one client address may make to /checkout, and references not found it may ask /payment/status for'),
  whole('FEEDBACK_RATE_LIMIT_PER_MINUTE', 'security', { fallback: 600, min: 1, max: 1_000_000, unit: 'requests per minute' }, 'requests a minute one client address may make to /payment/ogone/return'),
  text('FEEDBACK_RATE_LIMIT_EXEMPT', 'security', 'none', "comma-separated addresses / CIDRs never limited on /payment/ogone/return (Ogone's servers)"),
  text('TRUST_PROXY', 'security', 'none (trust nothing)', 'proxies whose X-Forwarded-For is believed: a hop count or addresses / CIDRs'),
  whole('HEADERS_TIMEOUT_SECONDS', 'security', { fallback: 20, min: 1, max: 3600, unit: 'seconds' }, 'time a client has to send its request head'),
  whole('REQUEST_TIMEOUT_SECONDS', 'security', { fallback: 30, min: 1, max: 3600, unit: 'seconds' }, 'time a client has to send its whole request, body included'),
  whole('KEEP_ALIVE_TIMEOUT_SECONDS', 'security', { fallback: 5, min: 1, max: 3600, unit: 'seconds' }, 'an idle keep-alive connection is closed after this'),
  whole('MAX_CONNECTIONS_PER_ADDRESS', 'security', { fallback: 100, min: 1, max: 100_000, unit: 'connections' }, 'open connections one socket address may hold (trusted proxies exempt)'),
  whole('SHUTDOWN_GRACE_SECONDS', 'security', { fallback: 10, min: 0, max: 3600, unit: 'seconds' }, 'on SIGTERM / SIGINT, how long requests in flight may take to finish'),
  text('WEBHOOK_URL', 'webhooks', 'none (the demo: its own receiver)', 'where events are POSTed'),
  text('WEBHOOK_SECRET', 'webhooks', 'none (the demo: generated)', 'the HMAC secret of the webhooks (at least 16 characters), required with WEBHOOK_URL', SECRET),
  text('WEBHOOK_SECRET_PREVIOUS', 'webhooks', 'none', 'during a rotation, the old WEBHOOK_SECRET: deliveries carry a second signature made with it; remove it once the shop verifies with the new one', SECRET),
  // At most a day: past 2^31 − 1 ms (24.8 days) Node's setInterval runs every millisecond.
  whole('RECONCILE_INTERVAL_SECONDS', 'reconciler', { fallback: 300, min: 0, max: 86_400, unit: 'seconds' }, 'how often unresolved payments are queried through DirectLink; 0 turns it off'),
  whole('RECONCILE_AFTER_SECONDS', 'reconciler', { fallback: 900, min: 0, unit: 'seconds' }, 'how long a payment may stay unresolved before it is queried'),
  whole('RECONCILE_DRAFT_AFTER_SECONDS', 'reconciler', { fallback: 600, min: 0, unit: 'seconds' }, 'attempts still in draft this long after the shopper left for Ogone are queried'),
  whole('RECONCILE_MAX_AGE_DAYS', 'reconciler', { fallback: 30, min: 1, max: 3650, unit: 'days' }, 'older payments are no longer queried but flagged needsAttention'),
  whole('RETENTION_DAYS', 'retention', { fallback: 400, min: 30, max: 3650, unit: 'days' }, "personal data of payments older than this is removed (hourly)"),
  whole('EVENT_RETENTION_DAYS', 'retention', { fallback: 30, min: 1, max: 3650, unit: 'days' }, 'webhook events delivered longer ago are deleted with their delivery attempts (hourly)'),
  whole('FEEDBACK_LOG_RETENTION_DAYS', 'retention', { fallback: 90, min: 30, max: 3650, unit: 'days' }, "in older settled payments, an earlier release's row repeating the applied feedback through the browser is folded into it (hourly)"),
  text('LC_ALL', 'doctor', 'none', "doctor's language when --lang is not given (fr_FR.UTF-8: fr); wins over LANG"),
  text('LANG', 'doctor', 'none (English)', "doctor's language when neither --lang nor LC_ALL is given"),
] as const;

export type SettingName = (typeof SETTINGS)[number]['name'];

const BY_NAME: ReadonlyMap<string, Setting> = new Map(SETTINGS.map((entry) => [entry.name, entry]));

/** The table's row for a variable (names are checked by the type). */
export function setting(name: SettingName): Setting {
  return BY_NAME.get(name)!;
}

/** The value a text setting takes when unset (OGONE_OPERATION → SAL). */
export function defaultValue(name: SettingName): string {
  const value = setting(name).value;
  if (value === undefined) throw new TypeError(`${name} has no fixed default`);
  return value;
}

/** The range and default of a whole-number setting. */
export function wholeRange(name: SettingName): WholeRange {
  const range = setting(name).whole;
  if (!range) throw new TypeError(`${name} is not a whole-number setting`);
  return range;
}

/** The secret variables: never printed (`doctor`, logs). */
export const SECRET_SETTINGS: readonly SettingName[] = SETTINGS.filter((entry) => entry.secret).map((entry) => entry.name);

/**
 * The settings part of `serve --help`: one block per group, names aligned, each line the
 * description then the default (and `secret`).
 */
export function renderSettingsUsage(): string {
  const width = Math.max(...SETTINGS.map((entry) => entry.name.length));
  const blocks = (Object.keys(SETTING_GROUPS) as SettingGroup[]).flatMap((group) => {
    const rows = SETTINGS.filter((entry) => entry.group === group);
    if (rows.length === 0) return [];
    const lines = rows.map((entry) => {
      const note = entry.secret ? `default: ${entry.default}; secret` : `default: ${entry.default}`;
      return `  ${entry.name.padEnd(width)}  ${entry.description} (${note})`;
    });
    return [`${SETTING_GROUPS[group]}:\n${lines.join('\n')}`];
  });
  return blocks.join('\n\n');
}
