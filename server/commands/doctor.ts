/**
 * `ogone-checkout doctor [--json] [--lang en|fr|es|zh] [--offline]`
 * Checks this deployment's configuration the way a support engineer would, then prints the
 * Ogone back-office checklist filled in with its values. Exit 0 when no error was found, 1 otherwise.
 */
import { ConfigError, parseServerConfig, wantsSandbox } from '../config/env.ts';
import { SQLITE_FILE_NAME } from '../db/connect.ts';
import { buildChecklist, type ChecklistSection } from '../doctor/checklist.ts';
import { settingFindings, type Finding } from '../doctor/findings.ts';
import { HEADINGS, doctorLanguage } from '../doctor/i18n.ts';
import { probeDatabase, probeReturnRoute } from '../doctor/probes.ts';
import { defineCommand } from './command-line.ts';
import { EXIT_NEGATIVE, EXIT_OK, type Env } from './io.ts';
import { DEFAULT_HASH_ALGORITHM } from '../../shared/signature.ts';

export interface DoctorReport {
  environment: string;
  language: string;
  ok: boolean;
  findings: Finding[];
  checklist: ChecklistSection[];
}

const MARK: Record<Finding['severity'], string> = { error: '✖', warning: '!', ok: '✔' };

export async function runDoctor(env: Env, options: { offline?: boolean; language?: string } = {}): Promise<DoctorReport> {
  const environment = env.OGONE_ENVIRONMENT?.trim() || (wantsSandbox(env) ? 'sandbox' : 'test');
  const language = doctorLanguage(options.language, env);
  const findings = settingFindings(env, environment);

  // The server's own validation catches whatever the specific checks above do not.
  try {
    const placeholder = {
      pspid: 'SANDBOX',
      userId: 'sandbox-api',
      password: 'x',
      shaIn: 'a'.repeat(24),
      shaOut: 'b'.repeat(24),
      merchantApiKey: 'k'.repeat(32),
    };
    parseServerConfig(env, placeholder);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const already = findings.some((f) => f.severity === 'error' && f.setting === error.variable);
    if (!already) findings.push({ severity: 'error', check: 'configuration', setting: error.variable, message: error.message });
  }

  const publicUrl = (env.PUBLIC_URL?.trim() || `http://localhost:${env.PORT?.trim() || '8787'}`).replace(/\/+$/, '');
  const returnUrl = `${publicUrl}/payment/ogone/return`;
  if (!options.offline) {
    findings.push(await probeReturnRoute(returnUrl));
    findings.push(await probeDatabase(env, SQLITE_FILE_NAME));
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
    HEADINGS[language],
  );
  return { environment, language, ok: !findings.some((f) => f.severity === 'error'), findings, checklist };
}

export function formatReport(report: DoctorReport): string {
  const headings = HEADINGS[report.language as keyof typeof HEADINGS] ?? HEADINGS.en;
  const lines: string[] = [`${headings.title} — ${report.environment}`, '', headings.findings];
  for (const finding of report.findings) lines.push(`  ${MARK[finding.severity]} ${finding.message}`);
  lines.push('', headings.checklist);
  for (const section of report.checklist) {
    lines.push(`  ${section.title}`);
    for (const item of section.items) lines.push(`    - ${item.setting}: ${item.value}`);
  }
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.filter((f) => f.severity === 'warning').length;
  lines.push('', errors + warnings === 0 ? headings.summaryOk : headings.summaryProblems(errors, warnings));
  return lines.join('\n');
}

export const DOCTOR_USAGE = `usage: ogone-checkout doctor [--json] [--lang en|fr|es|zh] [--offline]
Checks this deployment's configuration (the environment, as serve reads it), then prints the Ogone
back-office checklist filled in with its values. Exit 0 when no error was found, 1 otherwise.
  --json     the report as JSON
  --lang     the language of the report (default: from LC_ALL or LANG, else en)
  --offline  skip the checks that connect (the return URL, the database)`;

export const doctorCommand = defineCommand({
  name: 'doctor',
  usage: DOCTOR_USAGE,
  options: { json: { type: 'boolean', default: false }, lang: { type: 'string' }, offline: { type: 'boolean', default: false } },
  async run({ values }, env, io) {
    const report = await runDoctor(env, { offline: values.offline, language: values.lang });
    io.stdout(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return report.ok ? EXIT_OK : EXIT_NEGATIVE;
  },
});
