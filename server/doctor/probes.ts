/**
 * The doctor's network checks: is the return route answering, is the database reachable, does
 * DirectLink accept the API user, does WEBHOOK_URL accept a signed event. Nothing is created or
 * written here or at Ogone: the DirectLink probe is a query for an order that does not exist.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { Finding } from './findings.ts';
import type { DoctorMessages } from './locales/en.ts';
import { defaultValue } from '../config/settings.ts';
import { dataDirState } from '../config/data-dir.ts';
import { databaseUrlProblem } from '../config/env.ts';
import { describeVersion, MIGRATION_NAMES, MIGRATION_TABLE } from '../db/migrations.ts';
import { createDirectLinkClient } from '../directlink/client.ts';
import { DirectLinkError } from '../directlink/errors.ts';
import { printableEndpoint, webhookEndpoint } from '../webhooks/endpoint.ts';
import { signatureHeader, signingSecrets, SIGNATURE_HEADER } from '../webhooks/signature.ts';
import { NCERROR } from '../../shared/ncerror.ts';
import { HASH_ALGORITHMS, type HashAlgorithm } from '../../shared/signature.ts';
import type { ProviderConfig } from '../../shared/schemas/config.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** Why a request got no answer, in one line: the timeout, or the connection's own error (ECONNREFUSED…). */
function failureReason(error: unknown, timeoutMs: number, t: DoctorMessages): string {
  if ((error as Error).name === 'TimeoutError') return t.noAnswerWithin(timeoutMs / 1000);
  const cause = (error as Error & { cause?: Error & { code?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

export async function probeReturnRoute(returnUrl: string, t: DoctorMessages, timeoutMs = 5000): Promise<Finding> {
  try {
    // An empty feedback: our route answers 400 naming the missing field; a 404 or 5xx means the
    // route is not there (wrong PUBLIC_URL, proxy) or broken.
    const response = await fetch(returnUrl, { method: 'GET', signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    // Our route never redirects an empty request, so a 3xx is something else holding the URL (the
    // plain-HTTP block of nginx, a login wall). The platform does not follow a redirect of its
    // post-sale request: it takes it for the page to show the shopper, and the feedback never
    // arrives (docs/ogone-protocol.md §5 "What we answer", [ADV] §9.3.3) — review r1696.
    if (response.status >= 300 && response.status < 400) {
      return {
        severity: 'error',
        check: 'return-route',
        setting: 'PUBLIC_URL',
        message: t.returnRouteRedirects(returnUrl, response.status, response.headers.get('location') ?? ''),
      };
    }
    if (response.status === 404 || response.status >= 500) {
      return {
        severity: 'error',
        check: 'return-route',
        setting: 'PUBLIC_URL',
        message: t.returnRouteMissing(returnUrl, response.status),
      };
    }
    return {
      severity: 'ok',
      check: 'return-route',
      setting: 'PUBLIC_URL',
      message: t.returnRouteOk(returnUrl, response.status),
    };
  } catch (error) {
    return {
      severity: 'error',
      check: 'return-route',
      setting: 'PUBLIC_URL',
      message: t.returnRouteDown(returnUrl, failureReason(error, timeoutMs, t)),
    };
  }
}

/** Describes a PostgreSQL URL without its password. */
function describePostgres(url: string): string {
  try {
    const parsed = new URL(url);
    return `postgres://${parsed.host}${parsed.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/**
 * A database a later release migrated (an older binary put back without restoring its backup):
 * serve refuses to start on it (db/migrations.ts SchemaNewerError), so doctor must not call it fine.
 */
function schemaNewer(
  rows: readonly { name: string }[],
  setting: 'DATA_DIR' | 'DATABASE_URL',
  where: string,
  t: DoctorMessages,
): Finding | undefined {
  const known = new Set(MIGRATION_NAMES);
  const names = rows.map((row) => row.name);
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length === 0) return undefined;
  return {
    severity: 'error',
    check: 'database',
    setting,
    message: t.schemaNewer(where, describeVersion([...names].sort()), describeVersion(MIGRATION_NAMES), unknown.join(', ')),
  };
}

export async function probeDatabase(env: Env, sqliteFileName: string, t: DoctorMessages): Promise<Finding> {
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl) {
    // One serve refuses is not probed: read as it stands, a bare "#" in the password made part of
    // the password the host name this finding printed (review r1496). serve's validation, in the
    // findings already, names the problem.
    const problem = databaseUrlProblem(databaseUrl);
    if (problem !== undefined)
      return { severity: 'error', check: 'database', setting: 'DATABASE_URL', message: t.databaseDown('DATABASE_URL', problem) };
    const where = describePostgres(databaseUrl);
    let client: pg.Client | undefined;
    try {
      // Inside the try: a URL pg cannot read throws here already.
      client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
      client.on('error', () => {});
      await client.connect();
      const table = await client.query<{ found: string | null }>('select to_regclass($1)::text as found', [MIGRATION_TABLE]);
      const names = table.rows[0]?.found ? (await client.query<{ name: string }>(`select name from ${MIGRATION_TABLE}`)).rows : [];
      const newer = schemaNewer(names, 'DATABASE_URL', where, t);
      if (newer) return newer;
      return { severity: 'ok', check: 'database', setting: 'DATABASE_URL', message: t.databaseReachable(where) };
    } catch (error) {
      const message = ((error as Error).message || (error as { code?: string }).code || 'connection failed').replaceAll(databaseUrl, where);
      return { severity: 'error', check: 'database', setting: 'DATABASE_URL', message: t.databaseDown(where, message) };
    } finally {
      await client?.end().catch(() => {});
    }
  }
  const dataDir = path.resolve(env.DATA_DIR?.trim() || defaultValue('DATA_DIR'));
  const file = path.join(dataDir, sqliteFileName);
  if (!existsSync(file)) {
    // As serve makes it: with its missing parents, below the nearest directory that exists.
    if (dataDirState(dataDir) === 'usable')
      return { severity: 'ok', check: 'database', setting: 'DATA_DIR', message: t.sqliteWillBeCreated(file) };
    return {
      severity: 'error',
      check: 'database',
      setting: 'DATA_DIR',
      message: t.dataDirNotWritable(dataDir),
    };
  }
  try {
    const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    let names: { name: string }[];
    try {
      const table = db.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(MIGRATION_TABLE);
      names = table ? (db.prepare(`select name from ${MIGRATION_TABLE}`).all() as { name: string }[]) : [];
    } finally {
      db.close();
    }
    return (
      schemaNewer(names, 'DATA_DIR', file, t) ?? { severity: 'ok', check: 'database', setting: 'DATA_DIR', message: t.sqliteReadable(file) }
    );
  } catch (error) {
    return {
      severity: 'error',
      check: 'database',
      setting: 'DATA_DIR',
      message: t.sqliteUnreadable(file, (error as Error).message),
    };
  }
}

/** The account DirectLink is asked with; its secrets never reach a finding. */
export type ApiUserAccount = Pick<ProviderConfig, 'pspid' | 'userId' | 'password' | 'shaIn' | 'hashAlgorithm' | 'environment' | 'baseUrl'>;

/**
 * Asks querydirect for an ORDERID nobody used: the platform checks PSPID, then the API user and
 * its password, then SHA-IN, and only then looks for the order — so "unknown order" (50001130)
 * proves the whole account right, and each refusal names what is wrong (docs/ogone-protocol.md §8,
 * server/directlink/client.ts). A query changes nothing at Ogone.
 */
export async function probeApiUser(account: ApiUserAccount, t: DoctorMessages, timeoutMs = 10_000): Promise<Finding> {
  const finding = (severity: Finding['severity'], setting: string, message: string): Finding => ({
    severity,
    check: 'api-user',
    setting,
    message,
  });
  let ncError: string | undefined;
  try {
    ncError = await queryUnusedOrder(account, timeoutMs);
  } catch (error) {
    if (!(error instanceof DirectLinkError)) throw error;
    if (error.ncError === undefined) return finding('error', 'OGONE_BASE_URL', t.apiUserUnreachable(error.message));
    ncError = error.ncError;
  }
  if (ncError === NCERROR.SHA_MISMATCH) {
    // The pass phrase, or the algorithm the back office hashes with? Asked again with each other
    // algorithm (a query changes nothing): an accepted signature names the setting that is wrong.
    const working = await otherAlgorithmAccepted(account, timeoutMs);
    if (working) return finding('error', 'OGONE_HASH_ALGORITHM', t.apiUserWrongAlgorithm(account.hashAlgorithm, working));
  }
  switch (ncError) {
    case NCERROR.ORDER_NOT_FOUND:
      return finding('ok', 'OGONE_USER_ID', t.apiUserOk(account.userId, account.pspid));
    case NCERROR.PSPID_NOT_FOUND:
      return finding('error', 'OGONE_PSPID', t.apiUserWrongPspid(account.pspid));
    case NCERROR.WRONG_PASSWORD:
      return finding('error', 'OGONE_PASSWORD', t.apiUserWrongPassword(account.userId));
    case NCERROR.SHA_MISMATCH:
      return finding('error', 'OGONE_SHA_IN', t.apiUserShaMismatch());
    case NCERROR.UNKNOWN_ORIGIN_IP:
      return finding('error', 'OGONE_USER_ID', t.apiUserIpRefused());
    default:
      return finding('error', 'OGONE_USER_ID', t.apiUserRefused(ncError ?? '?'));
  }
}

/** The NCERROR of a query for an ORDERID nobody used (50001130 when the account is right). */
async function queryUnusedOrder(account: ApiUserAccount, timeoutMs: number): Promise<string | undefined> {
  const client = createDirectLinkClient({ config: account, queryTimeoutMs: timeoutMs });
  const answer = await client.query({ orderId: `doctor-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}` });
  return answer.ncError;
}

/** The other hash algorithm the platform accepts the signature of, if one does. */
async function otherAlgorithmAccepted(account: ApiUserAccount, timeoutMs: number): Promise<HashAlgorithm | undefined> {
  for (const hashAlgorithm of HASH_ALGORITHMS) {
    if (hashAlgorithm === account.hashAlgorithm) continue;
    try {
      if ((await queryUnusedOrder({ ...account, hashAlgorithm }, timeoutMs)) === NCERROR.ORDER_NOT_FOUND) return hashAlgorithm;
    } catch (error) {
      if (!(error instanceof DirectLinkError)) throw error;
      if (error.ncError === NCERROR.ORDER_NOT_FOUND) return hashAlgorithm;
    }
  }
  return undefined;
}

/**
 * POSTs a `ping` event to WEBHOOK_URL, signed as the dispatcher signs every event
 * (server/webhooks/signature.ts; with WEBHOOK_SECRET_PREVIOUS too during a rotation): a receiver that verifies signatures answers 2xx, one with
 * another secret refuses it — which the dispatcher would meet on every real event.
 */
export async function probeWebhook(
  target: { url: string; secret: string; previousSecret?: string | undefined; livemode: boolean },
  t: DoctorMessages,
  timeoutMs = 5000,
): Promise<Finding> {
  const { secret, previousSecret, livemode } = target;
  // Credentials in the URL go as a header (as deliveries send them) and are never printed.
  const { url, authorization } = webhookEndpoint(target.url);
  // Nor is a query string, which may carry a token.
  const shown = printableEndpoint(target.url);
  // The shape of every delivery (server/webhooks/dispatcher.ts webhookBody), about no payment.
  const id = `evt_ping_${Date.now().toString(36)}`;
  const body = JSON.stringify({ id, type: 'ping', created: new Date().toISOString(), livemode, data: {} });
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        ...(authorization ? { authorization } : {}),
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signatureHeader(signingSecrets(secret, previousSecret), timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) {
      return { severity: 'ok', check: 'webhook', setting: 'WEBHOOK_URL', message: t.webhookOk(shown, response.status) };
    }
    return { severity: 'error', check: 'webhook', setting: 'WEBHOOK_URL', message: t.webhookRefused(shown, response.status) };
  } catch (error) {
    return {
      severity: 'error',
      check: 'webhook',
      setting: 'WEBHOOK_URL',
      message: t.webhookDown(shown, failureReason(error, timeoutMs, t)),
    };
  }
}
