/**
 * `ogone-checkout doctor` checks what serve runs (issue 15): the same settings (./.env,
 * --env-file), every problem in one run, the API user against a real sandbox's DirectLink, a
 * signed ping to real webhook receivers, and ALLOWED_ORIGINS explained.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../../server/commands/index.ts';
import type { DoctorReport } from '../../../server/commands/doctor.ts';
import { sandboxCommand } from '../../../server/commands/sandbox.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';
import { freePort } from '../../support/listen.ts';

const BIN = fileURLToPath(new URL('../../../bin/ogone-checkout.js', import.meta.url));
const ACCOUNT = {
  pspid: 'DoctorShop',
  userId: 'doctor-api',
  password: 'doctor-api-password-7',
  shaIn: 'Doctor-SHA-IN-passphrase',
  shaOut: 'Doctor-SHA-OUT-passphrase',
  hashAlgorithm: 'sha512',
} as const;
const WEBHOOK_SECRET = 'whsec_doctor_0123456789';
const SECRETS = [ACCOUNT.password, ACCOUNT.shaIn, ACCOUNT.shaOut, WEBHOOK_SECRET, 'sk_doctor_0123456789abcdefghijkl'];

let ogone: RunningSandbox;
let receiver: WebhookReceiver;
let failing: Server;
let failingUrl = '';
// Answers like our return route does to an empty request: PUBLIC_URL is reachable.
let shopServer: Server;
let publicUrl = '';
let dir = '';

before(async () => {
  ogone = await startSandbox({ ...ACCOUNT });
  receiver = await startWebhookReceiver(WEBHOOK_SECRET);
  failing = createServer((_req, res) => res.writeHead(500).end('down for maintenance'));
  await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
  const address = failing.address();
  failingUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/webhooks`;
  shopServer = createServer((_req, res) => res.writeHead(400, { 'content-type': 'application/json' }).end('{}'));
  await new Promise<void>((resolve) => shopServer.listen(0, '127.0.0.1', resolve));
  const shopAddress = shopServer.address();
  publicUrl = `http://127.0.0.1:${typeof shopAddress === 'object' && shopAddress ? shopAddress.port : 0}`;
  dir = await mkdtemp(path.join(tmpdir(), 'oc-doctor-checks-'));
});

after(async () => {
  await ogone.close();
  await receiver.close();
  failing.close();
  shopServer.close();
  await rm(dir, { recursive: true, force: true });
});

const accountEnv = (): Record<string, string> => ({
  OGONE_PSPID: ACCOUNT.pspid,
  OGONE_USER_ID: ACCOUNT.userId,
  OGONE_PASSWORD: ACCOUNT.password,
  OGONE_SHA_IN: ACCOUNT.shaIn,
  OGONE_SHA_OUT: ACCOUNT.shaOut,
  OGONE_ENVIRONMENT: 'test',
  OGONE_BASE_URL: ogone.url,
  PUBLIC_URL: publicUrl,
  DATA_DIR: dir,
  MERCHANT_API_KEYS: 'sk_doctor_0123456789abcdefghijkl',
});

async function doctor(env: Record<string, string>, args: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['doctor', ...args], env, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, text: out.join('\n'), err: err.join('\n') };
}

async function report(env: Record<string, string>, args: string[] = []) {
  const result = await doctor(env, ['--json', ...args]);
  assert.equal(result.err, '');
  for (const secret of SECRETS) assert.ok(!result.text.includes(secret), 'a secret was printed');
  return { code: result.code, report: JSON.parse(result.text) as DoctorReport };
}

const find = (r: DoctorReport, check: string) => r.findings.filter((f) => f.check === check);

test('a real doctor process reads ./.env of its working directory, as serve does', async () => {
  const cwd = await mkdtemp(path.join(tmpdir(), 'oc-doctor-dotenv-'));
  try {
    const lines = Object.entries({ ...accountEnv(), PUBLIC_URL: 'https://pay.dotenv.example' }).map(([k, v]) => `${k}=${v}`);
    await writeFile(path.join(cwd, '.env'), lines.join('\n') + '\n');
    const child = spawn(process.execPath, [BIN, 'doctor', '--json', '--offline'], {
      cwd,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const r = JSON.parse(stdout) as DoctorReport;
    // Not the sandbox and localhost:8787 it reported before: the account and address of .env.
    assert.equal(r.environment, 'test');
    assert.equal(code, 0, JSON.stringify(r.findings));
    assert.ok(r.findings.some((f) => f.check === 'public-url' && f.message.includes('https://pay.dotenv.example')));
    const apiUser = r.checklist.find((s) => s.id === 'apiUser')!.items.find((i) => i.setting === 'UserID');
    assert.equal(apiUser?.value, ACCOUNT.userId);
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
});

test('--env-file: read like serve reads it, the environment wins; a missing file is a usage error naming it', async () => {
  const file = path.join(dir, 'doctor.env');
  await writeFile(
    file,
    Object.entries(accountEnv())
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\nPUBLIC_URL=https://from-file.example\n',
  );
  const fromFile = await report({}, ['--offline', '--env-file', file]);
  assert.equal(fromFile.code, 0, JSON.stringify(fromFile.report.findings));
  assert.ok(find(fromFile.report, 'public-url').some((f) => f.message.includes('https://from-file.example')));
  const overridden = await report({ PUBLIC_URL: 'https://from-env.example' }, ['--offline', '--env-file', file]);
  assert.ok(find(overridden.report, 'public-url').some((f) => f.message.includes('https://from-env.example')));

  const missing = path.join(dir, 'nowhere.env');
  const refused = await doctor({}, ['--env-file', missing]);
  assert.equal(refused.code, 2);
  assert.equal(refused.text, '');
  assert.match(refused.err, new RegExp(`^ogone-checkout doctor: --env-file: ${missing.replaceAll('.', '\\.')} does not exist$`));
  const help = await doctor({}, ['--help']);
  assert.equal(help.code, 0);
  assert.match(help.text, /--env-file PATH/);
});

test('every problem in one run, not only the first group', async () => {
  const { code, report: r } = await report(
    {
      ...accountEnv(),
      OGONE_SHA_IN: 'short',
      MERCHANT_API_KEYS: 'too-short-key',
      PUBLIC_URL: 'not a url',
      RATE_LIMIT_PER_MINUTE: 'many',
      ALLOWED_ORIGINS: 'shop.example.com',
      LOG_LEVEL: 'loud',
    },
    ['--offline'],
  );
  assert.equal(code, 1);
  const wrong = new Set(r.findings.filter((f) => f.severity === 'error').map((f) => f.setting));
  for (const setting of ['OGONE_SHA_IN', 'MERCHANT_API_KEYS', 'PUBLIC_URL', 'RATE_LIMIT_PER_MINUTE', 'ALLOWED_ORIGINS', 'LOG_LEVEL']) {
    assert.ok(wrong.has(setting), `${setting} missing from ${JSON.stringify(r.findings)}`);
  }
});

test('the API user against DirectLink: right, wrong PSPID, wrong password, wrong SHA-IN told apart', async () => {
  const right = await report(accountEnv());
  const ok = find(right.report, 'api-user');
  assert.deepEqual(
    ok.map((f) => [f.severity, f.setting]),
    [['ok', 'OGONE_USER_ID']],
  );
  assert.match(ok[0]!.message, /50001130/);

  const cases: Array<{ change: Record<string, string>; setting: string; code: string }> = [
    { change: { OGONE_PSPID: 'OtherShop' }, setting: 'OGONE_PSPID', code: '50001118' },
    { change: { OGONE_PASSWORD: 'not-the-password' }, setting: 'OGONE_PASSWORD', code: '50001119' },
    { change: { OGONE_USER_ID: 'someone-else' }, setting: 'OGONE_PASSWORD', code: '50001119' },
    { change: { OGONE_SHA_IN: 'Another-SHA-IN-passphrase' }, setting: 'OGONE_SHA_IN', code: '50001184' },
  ];
  for (const { change, setting, code } of cases) {
    const { code: exit, report: r } = await report({ ...accountEnv(), ...change });
    assert.equal(exit, 1, JSON.stringify(change));
    const [finding] = find(r, 'api-user');
    assert.equal(finding?.severity, 'error', JSON.stringify(change));
    assert.equal(finding?.setting, setting);
    assert.match(finding?.message ?? '', new RegExp(code));
    assert.ok(!(finding?.message ?? '').includes('not-the-password'));
  }

  const down = await report({ ...accountEnv(), OGONE_BASE_URL: `http://127.0.0.1:${await freePort()}` });
  assert.equal(find(down.report, 'api-user')[0]?.severity, 'error');
  assert.match(find(down.report, 'api-user')[0]?.message ?? '', /could not be reached|ECONNREFUSED/);
});

test('WEBHOOK_URL gets a signed ping: 2xx passes; 500, a wrong secret and a closed port fail', async () => {
  const before = receiver.deliveries.length;
  const good = await report({ ...accountEnv(), WEBHOOK_URL: receiver.url, WEBHOOK_SECRET });
  assert.equal(good.code, 0, JSON.stringify(good.report.findings));
  assert.equal(find(good.report, 'webhook')[0]?.severity, 'ok');
  // The receiver verified the signature before answering 200: the ping is a real delivery.
  assert.equal(receiver.deliveries.length, before + 1);
  assert.equal(receiver.deliveries.at(-1)?.type, 'ping');

  // Credentials in the URL go as HTTP Basic authentication (as deliveries send them), and the
  // report shows the URL without them.
  const withCredentials = new URL(receiver.url);
  withCredentials.username = 'hook';
  withCredentials.password = 'Basic-Pw-7731';
  const basic = await report({ ...accountEnv(), WEBHOOK_URL: withCredentials.href, WEBHOOK_SECRET });
  assert.equal(find(basic.report, 'webhook')[0]?.severity, 'ok', JSON.stringify(find(basic.report, 'webhook')));
  assert.ok(!JSON.stringify(basic.report).includes('Basic-Pw-7731'), 'the password in WEBHOOK_URL was printed');
  assert.equal(receiver.deliveries.length, before + 2);

  const serverError = await report({ ...accountEnv(), WEBHOOK_URL: failingUrl, WEBHOOK_SECRET });
  assert.equal(serverError.code, 1);
  assert.match(find(serverError.report, 'webhook')[0]?.message ?? '', /HTTP 500/);

  const otherSecret = await report({ ...accountEnv(), WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: 'whsec_another_secret_00' });
  assert.equal(otherSecret.code, 1);
  assert.match(find(otherSecret.report, 'webhook')[0]?.message ?? '', /HTTP 400/);

  const closed = await report({ ...accountEnv(), WEBHOOK_URL: `http://127.0.0.1:${await freePort()}/hooks`, WEBHOOK_SECRET });
  assert.equal(closed.code, 1);
  assert.match(find(closed.report, 'webhook')[0]?.message ?? '', /ECONNREFUSED/);
});

test('ALLOWED_ORIGINS explained: the default allows only PUBLIC_URL, a list names its origins', async () => {
  const byDefault = await report(accountEnv(), ['--offline']);
  const [origins] = find(byDefault.report, 'allowed-origins');
  assert.equal(origins?.setting, 'ALLOWED_ORIGINS');
  assert.ok(origins?.message.includes(`pages on ${publicUrl} only`), origins?.message);
  assert.match(origins?.message ?? '', /CORS/);

  const listed = await report({ ...accountEnv(), ALLOWED_ORIGINS: 'https://shop.example.com, https://www.shop.example.com/' }, [
    '--offline',
  ]);
  assert.match(
    find(listed.report, 'allowed-origins')[0]?.message ?? '',
    /https:\/\/shop\.example\.com, https:\/\/www\.shop\.example\.com;/,
  );
});

test('one loader for every command: the sandbox reads --env-file as doctor and serve do', async () => {
  const file = path.join(dir, 'sandbox.env');
  await writeFile(
    file,
    `OGONE_PSPID=FromFile\nOGONE_USER_ID=file-api\nOGONE_PASSWORD=file-password-1\nOGONE_SHA_IN=${ACCOUNT.shaIn}\nOGONE_SHA_OUT=${ACCOUNT.shaOut}\n`,
  );
  const out: string[] = [];
  const controller = new AbortController();
  const io = { stdout: (line: string) => out.push(line), stderr: (line: string) => out.push(line) };
  const code = await sandboxCommand(['--port', '0', '--env-file', file], { OGONE_USER_ID: 'env-api' }, io, {
    signal: controller.signal,
    onListening: () => controller.abort(),
  });
  assert.equal(code, 0, out.join('\n'));
  // The file fills what the environment leaves unset; the environment wins where both say.
  assert.ok(out.includes('Account: PSPID FromFile, API user env-api (from OGONE_*).'), out.join('\n'));
  assert.ok(!out.join('\n').includes('file-password-1'));

  const missing = await sandboxCommand(['--env-file', path.join(dir, 'absent.env')], {}, io);
  assert.equal(missing, 2);
  assert.match(out.at(-1) ?? '', /^ogone-checkout sandbox: --env-file: .*absent\.env does not exist$/);
});
