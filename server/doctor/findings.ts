/**
 * The checks a support engineer makes on a deployment's settings, without touching the network.
 * Each finding names the setting it is about; passphrases are described by length, never shown.
 */
import { PASSPHRASE_MAX_LENGTH, PASSPHRASE_MIN_LENGTH } from '../../shared/schemas/config.ts';
import { DEFAULT_HASH_ALGORITHM, HASH_ALGORITHMS } from '../../shared/signature.ts';

export type Severity = 'error' | 'warning' | 'ok';

export interface Finding {
  severity: Severity;
  /** Stable id for machines (`--json`). */
  check: string;
  /** The environment variable the finding is about, when there is one. */
  setting?: string;
  message: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Hosts of test platforms (docs/ogone-protocol.md §1, white labels). */
const TEST_HOSTS = ['ogone.test.v-psp.com', 'mdepayments.epdq.co.uk'];
/** Hosts that serve production only. */
const PRODUCTION_HOSTS = ['payments.epdq.co.uk'];

const has = (env: Env, name: string) => (env[name] ?? '').trim() !== '';

export function passphraseFindings(env: Env): Finding[] {
  const findings: Finding[] = [];
  for (const [name, label] of [
    ['OGONE_SHA_IN', 'SHA-IN'],
    ['OGONE_SHA_OUT', 'SHA-OUT'],
  ] as const) {
    const value = env[name] ?? '';
    if (value === '') {
      findings.push({
        severity: 'error',
        check: 'passphrase-missing',
        setting: name,
        message: `${name} is not set: the ${label} passphrase is required`,
      });
    } else if (value.length < PASSPHRASE_MIN_LENGTH || value.length > PASSPHRASE_MAX_LENGTH) {
      findings.push({
        severity: 'error',
        check: 'passphrase-length',
        setting: name,
        message: `${name} has ${value.length} characters: the ${label} passphrase must be ${PASSPHRASE_MIN_LENGTH} to ${PASSPHRASE_MAX_LENGTH} characters long`,
      });
    } else {
      findings.push({ severity: 'ok', check: 'passphrase-length', setting: name, message: `${name} is set (${value.length} characters)` });
    }
  }
  if (has(env, 'OGONE_SHA_IN') && env.OGONE_SHA_IN === env.OGONE_SHA_OUT) {
    findings.push({
      severity: 'error',
      check: 'passphrases-equal',
      setting: 'OGONE_SHA_OUT',
      message: 'OGONE_SHA_IN and OGONE_SHA_OUT are equal: use two different passphrases',
    });
  }
  return findings;
}

export function algorithmFindings(env: Env): Finding[] {
  const algorithm = (env.OGONE_HASH_ALGORITHM ?? DEFAULT_HASH_ALGORITHM).trim().toLowerCase() || DEFAULT_HASH_ALGORITHM;
  if (!(HASH_ALGORITHMS as readonly string[]).includes(algorithm)) {
    return [
      {
        severity: 'error',
        check: 'hash-algorithm',
        setting: 'OGONE_HASH_ALGORITHM',
        message: `OGONE_HASH_ALGORITHM ${JSON.stringify(algorithm)} is not sha1, sha256 or sha512`,
      },
    ];
  }
  if (algorithm === 'sha1') {
    return [
      {
        severity: 'warning',
        check: 'hash-algorithm',
        setting: 'OGONE_HASH_ALGORITHM',
        message: 'sha1 is in use: choose SHA-512 in the back office and set OGONE_HASH_ALGORITHM=sha512',
      },
    ];
  }
  return [
    { severity: 'ok', check: 'hash-algorithm', setting: 'OGONE_HASH_ALGORITHM', message: `hash algorithm ${algorithm.toUpperCase()}` },
  ];
}

export function publicUrlFindings(env: Env, environment: string): Finding[] {
  const raw = (env.PUBLIC_URL ?? '').trim();
  if (raw === '') {
    if (environment === 'sandbox') return [];
    return [
      {
        severity: 'error',
        check: 'public-url',
        setting: 'PUBLIC_URL',
        message: 'PUBLIC_URL is not set: Ogone needs the address it reaches this server at for the return URLs',
      },
    ];
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [
      {
        severity: 'error',
        check: 'public-url',
        setting: 'PUBLIC_URL',
        message: `PUBLIC_URL ${JSON.stringify(raw)} is not an absolute URL`,
      },
    ];
  }
  if (environment === 'production' && url.protocol !== 'https:') {
    return [
      {
        severity: 'error',
        check: 'public-url-https',
        setting: 'PUBLIC_URL',
        message: `PUBLIC_URL is ${url.protocol.replace(':', '')} in production: feedback and shoppers' browsers must reach https`,
      },
    ];
  }
  if (environment === 'production' && /^(localhost|127\.|\[::1\])/.test(url.hostname)) {
    return [
      {
        severity: 'error',
        check: 'public-url',
        setting: 'PUBLIC_URL',
        message: `PUBLIC_URL points at ${url.hostname}: Ogone cannot reach a local address`,
      },
    ];
  }
  return [{ severity: 'ok', check: 'public-url', setting: 'PUBLIC_URL', message: `PUBLIC_URL ${url.origin}` }];
}

/** Production credentials against the test platform, and the reverse. */
export function environmentFindings(env: Env, environment: string): Finding[] {
  const findings: Finding[] = [];
  if (environment === 'disabled') {
    findings.push({
      severity: 'warning',
      check: 'environment',
      setting: 'OGONE_ENVIRONMENT',
      message: 'OGONE_ENVIRONMENT=disabled: payments are switched off',
    });
    return findings;
  }
  const base = (env.OGONE_BASE_URL ?? '').trim();
  let host = '';
  let path = '';
  try {
    if (base) ({ hostname: host, pathname: path } = new URL(base));
  } catch {
    findings.push({
      severity: 'error',
      check: 'base-url',
      setting: 'OGONE_BASE_URL',
      message: `OGONE_BASE_URL ${JSON.stringify(base)} is not an absolute URL`,
    });
  }
  const pspid = (env.OGONE_PSPID ?? '').trim();
  if (environment === 'production') {
    if (TEST_HOSTS.includes(host) || /\/ncol\/test\b/.test(path)) {
      findings.push({
        severity: 'error',
        check: 'environment-mismatch',
        setting: 'OGONE_BASE_URL',
        message: `OGONE_ENVIRONMENT=production but OGONE_BASE_URL points at a test platform (${host}${path})`,
      });
    }
    if (/test$/i.test(pspid)) {
      findings.push({
        severity: 'warning',
        check: 'environment-mismatch',
        setting: 'OGONE_PSPID',
        message: `OGONE_ENVIRONMENT=production with PSPID ${pspid}, which looks like a test account`,
      });
    }
  } else if (environment === 'test') {
    if (PRODUCTION_HOSTS.includes(host) || /\/ncol\/prod\b/.test(path)) {
      findings.push({
        severity: 'error',
        check: 'environment-mismatch',
        setting: 'OGONE_BASE_URL',
        message: `OGONE_ENVIRONMENT=test but OGONE_BASE_URL points at a production platform (${host}${path})`,
      });
    }
  }
  if (findings.length === 0)
    findings.push({ severity: 'ok', check: 'environment', setting: 'OGONE_ENVIRONMENT', message: `environment ${environment}` });
  return findings;
}

const isLoopbackName = (hostname: string) => /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|::1)$/i.test(hostname);

/**
 * Settings that expose a test setup or real money (issue 13): the sandbox — a payment simulator
 * whose test cards "pay" — on an address others reach; in production, webhooks (payment states
 * and customer data) sent in clear, and any web page allowed to drive the widget's endpoints.
 */
export function exposureFindings(env: Env, environment: string): Finding[] {
  const findings: Finding[] = [];
  const url = (name: string): URL | undefined => {
    try {
      return has(env, name) ? new URL(env[name]!.trim()) : undefined;
    } catch {
      return undefined;
    }
  };
  const publicUrl = url('PUBLIC_URL');
  if (environment === 'sandbox' && publicUrl && !isLoopbackName(publicUrl.hostname)) {
    findings.push({
      severity: 'error',
      check: 'sandbox-exposed',
      setting: 'OGONE_ENVIRONMENT',
      message: `OGONE_ENVIRONMENT=sandbox on ${publicUrl.origin}: a payment simulator (test cards "pay") on an address others reach; set the Ogone account's OGONE_* variables and OGONE_ENVIRONMENT=test or production`,
    });
  }
  if (environment !== 'production') return findings;
  const webhookUrl = url('WEBHOOK_URL');
  if (webhookUrl && webhookUrl.protocol !== 'https:' && !isLoopbackName(webhookUrl.hostname)) {
    findings.push({
      severity: 'error',
      check: 'webhook-url-https',
      setting: 'WEBHOOK_URL',
      message: `WEBHOOK_URL is http in production: payment events and customer data would cross the network in clear; use an https URL`,
    });
  }
  const origins = (env.ALLOWED_ORIGINS ?? '').split(',').map((origin) => origin.trim());
  if (origins.includes('*')) {
    findings.push({
      severity: 'error',
      check: 'allowed-origins-any',
      setting: 'ALLOWED_ORIGINS',
      message:
        "ALLOWED_ORIGINS=* in production: any web page may call the checkout endpoints from a shopper's browser; list the shop's origins",
    });
  }
  return findings;
}

/** Everything that can be said from the settings alone. */
export function settingFindings(env: Env, environment: string): Finding[] {
  const findings: Finding[] = [];
  if (environment !== 'sandbox') {
    for (const name of ['OGONE_PSPID', 'OGONE_USER_ID', 'OGONE_PASSWORD']) {
      if (!has(env, name)) findings.push({ severity: 'error', check: 'credential-missing', setting: name, message: `${name} is not set` });
    }
    findings.push(...passphraseFindings(env));
  }
  findings.push(
    ...algorithmFindings(env),
    ...environmentFindings(env, environment),
    ...publicUrlFindings(env, environment),
    ...exposureFindings(env, environment),
  );
  if (!has(env, 'MERCHANT_API_KEYS') && environment !== 'sandbox') {
    findings.push({
      severity: 'error',
      check: 'merchant-api-keys',
      setting: 'MERCHANT_API_KEYS',
      message: 'MERCHANT_API_KEYS is not set: the merchant API needs at least one key',
    });
  }
  if (has(env, 'WEBHOOK_URL') && !has(env, 'WEBHOOK_SECRET')) {
    findings.push({
      severity: 'error',
      check: 'webhook-secret',
      setting: 'WEBHOOK_SECRET',
      message: 'WEBHOOK_URL is set without WEBHOOK_SECRET: webhooks could not be signed',
    });
  }
  return findings;
}
