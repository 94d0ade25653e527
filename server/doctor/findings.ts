/**
 * The checks a support engineer makes on a deployment's settings, without touching the network.
 * Each finding names the setting it is about; passphrases are described by length, never shown.
 */
import { ENVIRONMENTS, PASSPHRASE_MAX_LENGTH, PASSPHRASE_MIN_LENGTH } from '../../shared/schemas/config.ts';
import { DEFAULT_HASH_ALGORITHM, isHashAlgorithm } from '../../shared/signature.ts';
import { settingsHoldingPlaceholders } from '../config/placeholders.ts';
import type { DoctorMessages } from './locales/en.ts';

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

export function passphraseFindings(env: Env, t: DoctorMessages): Finding[] {
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
        message: t.passphraseMissing(name, label),
      });
    } else if (value.length < PASSPHRASE_MIN_LENGTH || value.length > PASSPHRASE_MAX_LENGTH) {
      findings.push({
        severity: 'error',
        check: 'passphrase-length',
        setting: name,
        message: t.passphraseLength(name, value.length, label, PASSPHRASE_MIN_LENGTH, PASSPHRASE_MAX_LENGTH),
      });
    } else {
      findings.push({ severity: 'ok', check: 'passphrase-length', setting: name, message: t.passphraseSet(name, value.length) });
    }
  }
  if (has(env, 'OGONE_SHA_IN') && env.OGONE_SHA_IN === env.OGONE_SHA_OUT) {
    findings.push({
      severity: 'error',
      check: 'passphrases-equal',
      setting: 'OGONE_SHA_OUT',
      message: t.passphrasesEqual(),
    });
  }
  return findings;
}

export function algorithmFindings(env: Env, t: DoctorMessages): Finding[] {
  const algorithm = (env.OGONE_HASH_ALGORITHM ?? DEFAULT_HASH_ALGORITHM).trim().toLowerCase() || DEFAULT_HASH_ALGORITHM;
  if (!isHashAlgorithm(algorithm)) {
    return [
      {
        severity: 'error',
        check: 'hash-algorithm',
        setting: 'OGONE_HASH_ALGORITHM',
        // Not its value: a passphrase put on the wrong line of a .env would be printed.
        message: t.hashAlgorithmUnknown(),
      },
    ];
  }
  if (algorithm === 'sha1') {
    return [
      {
        severity: 'warning',
        check: 'hash-algorithm',
        setting: 'OGONE_HASH_ALGORITHM',
        message: t.hashAlgorithmSha1(),
      },
    ];
  }
  return [
    { severity: 'ok', check: 'hash-algorithm', setting: 'OGONE_HASH_ALGORITHM', message: t.hashAlgorithmOk(algorithm.toUpperCase()) },
  ];
}

export function publicUrlFindings(env: Env, environment: string, t: DoctorMessages): Finding[] {
  const raw = (env.PUBLIC_URL ?? '').trim();
  if (raw === '') {
    if (environment === 'sandbox') return [];
    return [
      {
        severity: 'error',
        check: 'public-url',
        setting: 'PUBLIC_URL',
        message: t.publicUrlMissing(),
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
        message: t.publicUrlInvalid(JSON.stringify(raw)),
      },
    ];
  }
  if (environment === 'production' && url.protocol !== 'https:') {
    return [
      {
        severity: 'error',
        check: 'public-url-https',
        setting: 'PUBLIC_URL',
        message: t.publicUrlNotHttps(url.protocol.replace(':', '')),
      },
    ];
  }
  if (environment === 'production' && /^(localhost|127\.|\[::1\])/.test(url.hostname)) {
    return [
      {
        severity: 'error',
        check: 'public-url',
        setting: 'PUBLIC_URL',
        message: t.publicUrlLocal(url.hostname),
      },
    ];
  }
  return [{ severity: 'ok', check: 'public-url', setting: 'PUBLIC_URL', message: t.publicUrlOk(url.origin) }];
}

/** Production credentials against the test platform, and the reverse. */
export function environmentFindings(env: Env, environment: string, t: DoctorMessages): Finding[] {
  const findings: Finding[] = [];
  // Not one of the four (doctor.ts): serve's validation says so, nothing here is checked against it.
  if (!(ENVIRONMENTS as readonly string[]).includes(environment)) return findings;
  if (environment === 'disabled') {
    findings.push({
      severity: 'warning',
      check: 'environment',
      setting: 'OGONE_ENVIRONMENT',
      message: t.environmentDisabled(),
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
      message: t.baseUrlInvalid(JSON.stringify(base)),
    });
  }
  const pspid = (env.OGONE_PSPID ?? '').trim();
  if (environment === 'production') {
    if (TEST_HOSTS.includes(host) || /\/ncol\/test\b/.test(path)) {
      findings.push({
        severity: 'error',
        check: 'environment-mismatch',
        setting: 'OGONE_BASE_URL',
        message: t.productionOnTestPlatform(`${host}${path}`),
      });
    }
    if (/test$/i.test(pspid)) {
      findings.push({
        severity: 'warning',
        check: 'environment-mismatch',
        setting: 'OGONE_PSPID',
        message: t.productionTestPspid(pspid),
      });
    }
  } else if (environment === 'test') {
    if (PRODUCTION_HOSTS.includes(host) || /\/ncol\/prod\b/.test(path)) {
      findings.push({
        severity: 'error',
        check: 'environment-mismatch',
        setting: 'OGONE_BASE_URL',
        message: t.testOnProductionPlatform(`${host}${path}`),
      });
    }
  }
  if (findings.length === 0)
    findings.push({ severity: 'ok', check: 'environment', setting: 'OGONE_ENVIRONMENT', message: t.environmentOk(environment) });
  return findings;
}

const isLoopbackName = (hostname: string) => /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|::1)$/i.test(hostname);

/**
 * Settings that expose a test setup or real money (issue 13): the sandbox — a payment simulator
 * whose test cards "pay" — on an address others reach; in production, webhooks (payment states
 * and customer data) sent in clear, and any web page allowed to drive the widget's endpoints.
 */
export function exposureFindings(env: Env, environment: string, t: DoctorMessages): Finding[] {
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
      message: t.sandboxExposed(publicUrl.origin),
    });
  }
  if (environment !== 'production') return findings;
  const webhookUrl = url('WEBHOOK_URL');
  if (webhookUrl && webhookUrl.protocol !== 'https:' && !isLoopbackName(webhookUrl.hostname)) {
    findings.push({
      severity: 'error',
      check: 'webhook-url-https',
      setting: 'WEBHOOK_URL',
      message: t.webhookUrlHttp(),
    });
  }
  const origins = (env.ALLOWED_ORIGINS ?? '').split(',').map((origin) => origin.trim());
  if (origins.includes('*')) {
    findings.push({
      severity: 'error',
      check: 'allowed-origins-any',
      setting: 'ALLOWED_ORIGINS',
      message: t.allowedOriginsAny(),
    });
  }
  return findings;
}

/**
 * The example file's public placeholders still set (config/placeholders.ts): doctor, which the
 * file's header and docs/deploy.md §2 send the operator to, names them in every environment; serve
 * refuses them in production.
 */
export function placeholderFindings(env: Env, t: DoctorMessages): Finding[] {
  return settingsHoldingPlaceholders(env).map((name) => ({
    severity: 'error',
    check: 'placeholder',
    setting: name,
    message: t.placeholderValue(name),
  }));
}

/** Everything that can be said from the settings alone. */
export function settingFindings(env: Env, environment: string, t: DoctorMessages): Finding[] {
  const findings: Finding[] = [...placeholderFindings(env, t)];
  if (environment !== 'sandbox') {
    for (const name of ['OGONE_PSPID', 'OGONE_USER_ID', 'OGONE_PASSWORD']) {
      if (!has(env, name))
        findings.push({ severity: 'error', check: 'credential-missing', setting: name, message: t.credentialMissing(name) });
    }
    findings.push(...passphraseFindings(env, t));
  }
  findings.push(
    ...algorithmFindings(env, t),
    ...environmentFindings(env, environment, t),
    ...publicUrlFindings(env, environment, t),
    ...exposureFindings(env, environment, t),
    ...originFindings(env, environment, t),
  );
  if (!has(env, 'MERCHANT_API_KEYS') && environment !== 'sandbox') {
    findings.push({
      severity: 'error',
      check: 'merchant-api-keys',
      setting: 'MERCHANT_API_KEYS',
      message: t.merchantApiKeysMissing(),
    });
  }
  if (has(env, 'WEBHOOK_URL') && !has(env, 'WEBHOOK_SECRET')) {
    findings.push({
      severity: 'error',
      check: 'webhook-secret',
      setting: 'WEBHOOK_SECRET',
      message: t.webhookSecretMissing(),
    });
  }
  return findings;
}

/**
 * Which pages may use the widget: the ALLOWED_ORIGINS list, else only PUBLIC_URL's origin
 * (server/app.ts `corsOrigins`). Said plainly, because a refusal shows in the shop only as
 * "Payment server unreachable": the browser hides a CORS refusal from the page (issue 15).
 */
export function originFindings(env: Env, environment: string, t: DoctorMessages): Finding[] {
  const listed = (env.ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter((origin) => origin !== '');
  const finding = (severity: Severity, message: string): Finding[] => [
    { severity, check: 'allowed-origins', setting: 'ALLOWED_ORIGINS', message },
  ];
  // In production exposureFindings already reports `*` as an error.
  if (listed.includes('*')) return environment === 'production' ? [] : finding('warning', t.originsAnyAllowed());
  if (listed.length > 0) return finding('ok', t.originsListed(listed.join(', ')));
  try {
    return finding('ok', t.originsDefault(new URL((env.PUBLIC_URL ?? '').trim()).origin));
  } catch {
    return finding('ok', t.originsDefaultUnknown());
  }
}
