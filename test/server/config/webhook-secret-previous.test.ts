/**
 * WEBHOOK_SECRET_PREVIOUS, the old secret of a webhook secret rotation (README, "Rotating
 * WEBHOOK_SECRET"): read with WEBHOOK_SECRET's own rules, and `serve` refuses to start — one line
 * naming it, exit 2, the secret never printed — when it is set without WEBHOOK_SECRET or equals it
 * (the operator forgot to put the new secret in WEBHOOK_SECRET). `doctor` says a rotation is under
 * way, in every language, without printing either secret.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatReport, runDoctor } from '../../../server/commands/doctor.ts';
import { collectConfigErrors, parseServerConfig } from '../../../server/config/env.ts';
import { renderSettingsUsage, SECRET_SETTINGS } from '../../../server/config/settings.ts';
import { DOCTOR_LANGUAGES, MESSAGES } from '../../../server/doctor/i18n.ts';
import { accountEnv } from './account-env.ts';

const CHILD = fileURLToPath(new URL('../../support/serve-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const NEW = 'whsec_rotation_new_5b1e7c90d2';
const OLD = 'whsec_rotation_old_8f3a61c4e7';

/** `ogone-checkout serve` in a child process: its exit code and stderr, or a failure if it starts. */
async function serve(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), CHILD], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let timer: NodeJS.Timeout | undefined;
  const started = new Promise<'started'>((resolve) => {
    timer = setTimeout(() => resolve('started'), 30_000);
    child.stderr.on('data', () => {
      if (/listening on/.test(stderr)) resolve('started');
    });
  });
  const outcome = await Promise.race([exited, started]);
  clearTimeout(timer);
  if (outcome === 'started') {
    child.kill('SIGKILL');
    await exited;
    assert.fail(`serve started instead of refusing: ${stderr}`);
  }
  return { code: outcome, stderr };
}

describe('WEBHOOK_SECRET_PREVIOUS', () => {
  it('is read as WEBHOOK_SECRET is: ASCII blanks around it ignored, a secret of the table', () => {
    const config = parseServerConfig(accountEnv({ WEBHOOK_SECRET: NEW, WEBHOOK_SECRET_PREVIOUS: ` \t${OLD}\r\n` }));
    assert.equal(config.webhookSecret, NEW);
    assert.equal(config.webhookSecretPrevious, OLD);
    assert.equal(parseServerConfig(accountEnv({ WEBHOOK_SECRET: NEW })).webhookSecretPrevious, undefined);
    assert.equal(parseServerConfig(accountEnv({ WEBHOOK_SECRET: NEW, WEBHOOK_SECRET_PREVIOUS: ' \n' })).webhookSecretPrevious, undefined);
    assert.ok(SECRET_SETTINGS.includes('WEBHOOK_SECRET_PREVIOUS'), 'never printed');
    assert.match(renderSettingsUsage(), /WEBHOOK_SECRET_PREVIOUS .*; secret\)/);
  });

  it('is refused for what WEBHOOK_SECRET is refused for, with the same words, never repeating it', () => {
    for (const value of ['too-short-15chr', `\uFEFF${OLD}`, `${OLD}\u00A0`, `${OLD}\u200B`]) {
      const asCurrent = collectConfigErrors(accountEnv({ WEBHOOK_SECRET: value }));
      const asPrevious = collectConfigErrors(accountEnv({ WEBHOOK_SECRET: NEW, WEBHOOK_SECRET_PREVIOUS: value }));
      assert.deepEqual(
        asPrevious.map((error) => error.variable),
        ['WEBHOOK_SECRET_PREVIOUS'],
        JSON.stringify(value),
      );
      assert.equal(asCurrent.length, 1, JSON.stringify(value));
      assert.equal(asPrevious[0]!.message.replace('WEBHOOK_SECRET_PREVIOUS: ', ''), asCurrent[0]!.message.replace('WEBHOOK_SECRET: ', ''));
      assert.ok(!asPrevious[0]!.message.includes(value.trim()) && !asPrevious[0]!.message.includes(OLD), asPrevious[0]!.message);
    }
  });

  it('equal to WEBHOOK_SECRET once both are normalised: refused, naming WEBHOOK_SECRET_PREVIOUS alone', () => {
    const errors = collectConfigErrors(accountEnv({ WEBHOOK_SECRET: `${NEW}\n`, WEBHOOK_SECRET_PREVIOUS: `  ${NEW}` }));
    assert.deepEqual(
      errors.map((error) => error.variable),
      ['WEBHOOK_SECRET_PREVIOUS'],
    );
    assert.match(errors[0]!.message, /equals WEBHOOK_SECRET/);
    assert.ok(!errors[0]!.message.includes(NEW), errors[0]!.message);
  });

  it('serve refuses to start when it is set without WEBHOOK_SECRET, or equals it: one line naming it, exit 2, no secret', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'oc-secret-previous-'));
    try {
      const cases: Array<{ env: Record<string, string>; problem: RegExp }> = [
        { env: { WEBHOOK_SECRET_PREVIOUS: OLD }, problem: /is set without WEBHOOK_SECRET/ },
        { env: { WEBHOOK_SECRET: NEW, WEBHOOK_SECRET_PREVIOUS: ` ${NEW} ` }, problem: /equals WEBHOOK_SECRET/ },
      ];
      for (const { env, problem } of cases) {
        const { code, stderr } = await serve(accountEnv({ DATA_DIR: dataDir, ...env }));
        const lines = stderr.trim().split('\n');
        assert.equal(code, 2, stderr);
        assert.equal(lines.length, 1, stderr);
        assert.match(lines[0]!, /^ogone-checkout serve: WEBHOOK_SECRET_PREVIOUS: /);
        assert.match(lines[0]!, problem);
        assert.ok(!stderr.includes(NEW) && !stderr.includes(OLD), stderr);
      }
      // With WEBHOOK_URL too, each missing piece is named: WEBHOOK_SECRET first, where serve stops.
      const errors = collectConfigErrors(
        accountEnv({ DATA_DIR: dataDir, WEBHOOK_URL: 'https://shop.example.com/hooks', WEBHOOK_SECRET_PREVIOUS: OLD }),
      );
      assert.deepEqual(
        errors.map((error) => error.variable),
        ['WEBHOOK_SECRET', 'WEBHOOK_SECRET_PREVIOUS'],
      );
      assert.ok(errors.every((error) => !error.message.includes(OLD)));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('doctor says a rotation is under way, in every language, and prints neither secret', async () => {
    const env = accountEnv({ WEBHOOK_SECRET: NEW, WEBHOOK_SECRET_PREVIOUS: OLD });
    for (const language of DOCTOR_LANGUAGES) {
      const report = await runDoctor(env, { offline: true, language });
      const rotation = report.findings.filter((finding) => finding.check === 'webhook-secret-previous');
      assert.deepEqual(rotation, [
        {
          severity: 'warning',
          check: 'webhook-secret-previous',
          setting: 'WEBHOOK_SECRET_PREVIOUS',
          message: MESSAGES[language].webhookSecretPrevious(),
        },
      ]);
      assert.match(rotation[0]!.message, /WEBHOOK_SECRET_PREVIOUS/);
      const text = formatReport(report);
      assert.ok(text.includes(rotation[0]!.message), language);
      assert.ok(!text.includes(NEW) && !text.includes(OLD), text);
      assert.ok(!JSON.stringify(report).includes(NEW) && !JSON.stringify(report).includes(OLD));
    }
    // Not once the rotation is over, and not when serve would refuse it (an error instead).
    const over = await runDoctor(accountEnv({ WEBHOOK_SECRET: NEW }), { offline: true });
    assert.ok(!over.findings.some((finding) => finding.setting === 'WEBHOOK_SECRET_PREVIOUS'));
    const unfinished = await runDoctor(accountEnv({ WEBHOOK_SECRET: NEW, WEBHOOK_SECRET_PREVIOUS: NEW }), { offline: true });
    assert.deepEqual(
      unfinished.findings.filter((finding) => finding.setting === 'WEBHOOK_SECRET_PREVIOUS').map((finding) => finding.severity),
      ['error'],
    );
    assert.ok(!formatReport(unfinished).includes(NEW));
  });
});
