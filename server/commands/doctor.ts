/**
 * `ogone-checkout doctor [--json] [--lang L] [--offline] [--env-file PATH]`
 * Checks this deployment's configuration the way a support engineer would — the settings serve
 * would run with (the environment, ./.env or --env-file, read by environment.ts as serve reads
 * them) — then prints the Ogone back-office checklist filled in with its values. Every problem is
 * reported in one run. Exit 0 when no error was found, 1 otherwise.
 */
import { collectConfigErrors, wantsSandbox } from '../config/env.ts';
import { metricsPortConflict } from '../config/metrics-settings.ts';
import { SQLITE_FILE_NAME } from '../db/connect.ts';
import { buildChecklist, type ChecklistSection } from '../doctor/checklist.ts';
import { settingFindings, type Finding } from '../doctor/findings.ts';
import { DOCTOR_LANGUAGES, MESSAGES, doctorLanguage, languageOf, type DoctorLanguage } from '../doctor/i18n.ts';
import { probeApiUser, probeDatabase, probeReturnRoute, probeWebhook } from '../doctor/probes.ts';
import { defineCommand } from './command-line.ts';
import { ENV_FILE_OPTION, ENV_FILE_USAGE, loadEnvironment } from './environment.ts';
import { EXIT_NEGATIVE, EXIT_OK, UsageError, type Env } from './io.ts';
import { ENVIRONMENTS } from '../../shared/schemas/config.ts';
import { DEFAULT_HASH_ALGORITHM, isHashAlgorithm } from '../../shared/signature.ts';
import { webhookSecretOf } from '../../shared/webhooks/verify.ts';

export interface DoctorReport {
  environment: string;
  language: DoctorLanguage;
  ok: boolean;
  findings: Finding[];
  checklist: ChecklistSection[];
}

const MARK: Record<Finding['severity'], string> = { error: '✖', warning: '!', ok: '✔' };

/** Stands in for the sandbox's generated demo account, which only serve creates (in DATA_DIR). */
const DEMO_PLACEHOLDER = {
  pspid: 'SANDBOX',
  userId: 'sandbox-api',
  password: 'x',
  shaIn: 'a'.repeat(24),
  shaOut: 'b'.repeat(24),
  merchantApiKey: 'k'.repeat(32),
};

/** The URL without its user name and password, when it parses and has any; else as given. */
function withoutCredentials(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (!parsed.username && !parsed.password) return url;
  parsed.username = '';
  parsed.password = '';
  return parsed.href;
}

export async function runDoctor(env: Env, options: { offline?: boolean; language?: string } = {}): Promise<DoctorReport> {
  // Not one of the four: named `invalid`, never repeated — a passphrase typed on the wrong line
  // would be printed (review r1503); serve's own validation below reports the setting.
  const given = env.OGONE_ENVIRONMENT?.trim();
  const environment = given
    ? (ENVIRONMENTS as readonly string[]).includes(given)
      ? given
      : 'invalid'
    : wantsSandbox(env)
      ? 'sandbox'
      : 'test';
  const language = doctorLanguage(options.language, env);
  const t = MESSAGES[language];
  const findings = settingFindings(env, environment, t);

  // serve's own validation, every problem of it: what the checks above do not already say.
  const configErrors = collectConfigErrors({ ...env }, DEMO_PLACEHOLDER);
  for (const error of configErrors) {
    if (findings.some((f) => f.severity === 'error' && f.setting === error.variable)) continue;
    const problem = error.message.slice(error.variable.length + 2);
    findings.push({
      severity: 'error',
      check: 'configuration',
      setting: error.variable,
      message: t.configuration(error.variable, problem),
    });
  }

  // Two listeners on one port: serve refuses it only when it listens (METRICS_PORT, exit 2).
  const portConflict = findings.some(
    (f) => f.severity === 'error' && ['PORT', 'HOST', 'METRICS_PORT', 'METRICS_HOST'].includes(f.setting ?? ''),
  )
    ? undefined
    : metricsPortConflict(env);
  if (portConflict) {
    findings.push({
      severity: 'error',
      check: 'configuration',
      setting: 'METRICS_PORT',
      message: t.configuration('METRICS_PORT', portConflict),
    });
  }

  const webhookUrl = env.WEBHOOK_URL?.trim();
  if (!webhookUrl) findings.push({ severity: 'ok', check: 'webhook', setting: 'WEBHOOK_URL', message: t.webhookNotSet() });
  // A secret rotation under way, as serve would run it: a reminder to finish it (README,
  // "Rotating WEBHOOK_SECRET").
  const previousSecret = configErrors.some((error) => error.variable === 'WEBHOOK_SECRET_PREVIOUS')
    ? undefined
    : webhookSecretOf(env.WEBHOOK_SECRET_PREVIOUS ?? '') || undefined;
  if (previousSecret) {
    findings.push({
      severity: 'warning',
      check: 'webhook-secret-previous',
      setting: 'WEBHOOK_SECRET_PREVIOUS',
      message: t.webhookSecretPrevious(),
    });
  }

  // Without the credentials PUBLIC_URL may carry (serve refuses them, above): the probe's message
  // and the checklist, which the operator copies into the back office, print this URL.
  const publicUrl = withoutCredentials(env.PUBLIC_URL?.trim() || `http://localhost:${env.PORT?.trim() || '8787'}`).replace(/\/+$/, '');
  const returnUrl = `${publicUrl}/payment/ogone/return`;
  if (!options.offline) {
    const wrong = new Set(findings.filter((f) => f.severity === 'error').map((f) => f.setting));
    const probes: Array<Promise<Finding>> = [probeReturnRoute(returnUrl, t), probeDatabase(env, SQLITE_FILE_NAME, t)];
    // Ogone's account is asked only when its settings are complete and the platform is a real
    // one (the sandbox mounted by serve has only a demo account serve generates).
    const accountSettings = ['OGONE_PSPID', 'OGONE_USER_ID', 'OGONE_PASSWORD', 'OGONE_SHA_IN', 'OGONE_BASE_URL', 'OGONE_HASH_ALGORITHM'];
    if ((environment === 'test' || environment === 'production') && !accountSettings.some((name) => wrong.has(name))) {
      const algorithm = (env.OGONE_HASH_ALGORITHM?.trim() || DEFAULT_HASH_ALGORITHM).toLowerCase();
      probes.push(
        probeApiUser(
          {
            pspid: env.OGONE_PSPID!.trim(),
            userId: env.OGONE_USER_ID!.trim(),
            password: env.OGONE_PASSWORD!,
            shaIn: env.OGONE_SHA_IN!,
            hashAlgorithm: isHashAlgorithm(algorithm) ? algorithm : DEFAULT_HASH_ALGORITHM,
            environment,
            ...(env.OGONE_BASE_URL?.trim() ? { baseUrl: env.OGONE_BASE_URL.trim() } : {}),
          },
          t,
        ),
      );
    }
    const webhookSecret = env.WEBHOOK_SECRET?.trim();
    if (webhookUrl && webhookSecret && !wrong.has('WEBHOOK_URL') && !wrong.has('WEBHOOK_SECRET')) {
      // Signed as serve signs every delivery: with the old secret too while a rotation is under way.
      probes.push(probeWebhook({ url: webhookUrl, secret: webhookSecret, previousSecret, livemode: environment === 'production' }, t));
    }
    findings.push(...(await Promise.all(probes)));
  }

  const checklist = buildChecklist(
    {
      hashAlgorithm: (env.OGONE_HASH_ALGORITHM?.trim() || DEFAULT_HASH_ALGORITHM).toLowerCase(),
      returnUrl,
      userId: env.OGONE_USER_ID?.trim() || undefined,
      shaInLength: env.OGONE_SHA_IN ? env.OGONE_SHA_IN.length : undefined,
      shaOutLength: env.OGONE_SHA_OUT ? env.OGONE_SHA_OUT.length : undefined,
      operation: env.OGONE_OPERATION?.trim() || 'SAL',
    },
    t,
  );
  return { environment, language, ok: !findings.some((f) => f.severity === 'error'), findings, checklist };
}

export function formatReport(report: DoctorReport): string {
  const t = MESSAGES[report.language] ?? MESSAGES.en;
  const lines: string[] = [`${t.title} — ${report.environment}`, '', t.findings];
  for (const finding of report.findings) lines.push(`  ${MARK[finding.severity]} ${finding.message}`);
  lines.push('', t.checklist);
  for (const section of report.checklist) {
    lines.push(`  ${section.title}`);
    for (const item of section.items) lines.push(`    - ${item.setting}: ${item.value}`);
  }
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.filter((f) => f.severity === 'warning').length;
  lines.push('', errors + warnings === 0 ? t.summaryOk : t.summaryProblems(errors, warnings));
  return lines.join('\n');
}

export const DOCTOR_USAGE = `usage: ogone-checkout doctor [--json] [--lang ${DOCTOR_LANGUAGES.join('|')}] [--offline] [--env-file PATH]
Checks this deployment's configuration — the settings serve would run with: the environment,
then ./.env or --env-file — and reports every problem in one run; then prints the Ogone
back-office checklist filled in with its values. Exit 0 when no error was found, 1 otherwise.
  --json     the report as JSON
  --lang     the language of the report (default: from LC_ALL or LANG, else en); another is refused
  --offline  skip the checks that connect: the return URL, the database, the API user against
             DirectLink (a query for an order that does not exist), a signed ping to WEBHOOK_URL
${ENV_FILE_USAGE}`;

export const doctorCommand = defineCommand({
  name: 'doctor',
  usage: DOCTOR_USAGE,
  options: {
    json: { type: 'boolean', default: false },
    lang: { type: 'string' },
    offline: { type: 'boolean', default: false },
    ...ENV_FILE_OPTION,
  },
  async run({ values }, env, io) {
    // An unknown language is a mistake to say, not English to fall back to (LC_ALL / LANG are).
    if (values.lang !== undefined && !languageOf(values.lang)) {
      throw new UsageError(`--lang: unknown language ${JSON.stringify(values.lang)} (use ${DOCTOR_LANGUAGES.join(', ')})`);
    }
    const settings = loadEnvironment(env, values['env-file']);
    const report = await runDoctor(settings, { offline: values.offline, language: values.lang });
    io.stdout(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return report.ok ? EXIT_OK : EXIT_NEGATIVE;
  },
});
