import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../../server/commands/index.ts';
import type { DoctorReport } from '../../../server/commands/doctor.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';

const SHA_IN = 'In-passphrase-1875!?';
const SHA_OUT = 'Out-passphrase-1875!?';
const PASSWORD = 'api-password-never-shown';

let returnServer: Server;
let missingServer: Server;
let goodUrl = '';
let brokenUrl = '';
let dataDir = '';
// The account's Ogone: the doctor asks its DirectLink whether the API user signs in.
let ogone: RunningSandbox;

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
    }),
  );
}

before(async () => {
  // A stand-in that answers like our return route does to an empty request (400, JSON), and one
  // that has no such route (404): the doctor must tell them apart over real HTTP.
  returnServer = createServer((req, res) => {
    res.writeHead(req.url === '/payment/ogone/return' ? 400 : 404, { 'content-type': 'application/json' });
    res.end('{"error":{"code":"invalid_feedback","message":"orderID is required","field":"ORDERID"}}');
  });
  missingServer = createServer((_req, res) => res.writeHead(404).end());
  goodUrl = await listen(returnServer);
  brokenUrl = await listen(missingServer);
  dataDir = await mkdtemp(path.join(tmpdir(), 'oc-doctor-'));
  ogone = await startSandbox({
    pspid: 'MyShop',
    userId: 'apiuser',
    password: PASSWORD,
    shaIn: SHA_IN,
    shaOut: SHA_OUT,
    hashAlgorithm: 'sha512',
  });
});

after(async () => {
  returnServer.close();
  missingServer.close();
  await ogone.close();
  await rm(dataDir, { recursive: true, force: true });
});

const goodEnv = () => ({
  OGONE_PSPID: 'MyShop',
  OGONE_USER_ID: 'apiuser',
  OGONE_PASSWORD: PASSWORD,
  OGONE_SHA_IN: SHA_IN,
  OGONE_SHA_OUT: SHA_OUT,
  OGONE_ENVIRONMENT: 'test',
  OGONE_HASH_ALGORITHM: 'sha512',
  OGONE_BASE_URL: ogone.url,
  PUBLIC_URL: goodUrl,
  DATA_DIR: dataDir,
  MERCHANT_API_KEYS: 'sk_test_0123456789abcdefghijklmnop',
});

async function doctor(env: Record<string, string>, args: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['doctor', ...args], env, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, text: out.join('\n'), err };
}

async function report(env: Record<string, string>, args: string[] = []): Promise<{ code: number; report: DoctorReport; text: string }> {
  const result = await doctor(env, ['--json', ...args]);
  return { code: result.code, report: JSON.parse(result.text) as DoctorReport, text: result.text };
}

const errors = (r: DoctorReport) => r.findings.filter((f) => f.severity === 'error').map((f) => f.check);

test('a good configuration passes and the checklist carries its values, never its secrets', async () => {
  const { code, text } = await doctor(goodEnv());
  assert.equal(code, 0, text);
  assert.match(text, /Hash algorithm: SHA-512/);
  assert.match(text, /Character encoding: UTF-8/);
  assert.match(text, new RegExp(`post-payment page \\(accepted, on hold, uncertain\\): ${goodUrl}/payment/ogone/return`));
  assert.match(text, /Online but switch to a deferred request when the online requests fail/);
  assert.match(text, /Request method: POST/);
  assert.match(
    text,
    /Dynamic e-Commerce parameters: .*ALIAS, AMOUNT, BRAND, CARDNO, CN, CURRENCY, ED, IP, NCERROR, ORDERID, PAYID, PM, STATUS, TRXDATE/,
  );
  assert.match(text, /HTTP request for status changes: No request/);
  assert.match(text, /UserID: apiuser/);
  assert.match(text, /Special user for API/);
  assert.match(text, /SHA-IN pass phrase: the value of OGONE_SHA_IN \(20 characters\)/);
  assert.match(text, /answers \(HTTP 400 to an empty request\)/);
  assert.match(text, /DirectLink accepts API user apiuser of PSPID MyShop/);
  for (const secret of [SHA_IN, SHA_OUT, PASSWORD, 'sk_test_0123456789abcdefghijklmnop'])
    assert.ok(!text.includes(secret), 'a secret was printed');
});

test('passphrases outside 16–32 characters or equal are flagged', async () => {
  const short = await report({ ...goodEnv(), OGONE_SHA_IN: 'too-short' });
  assert.equal(short.code, 1);
  assert.ok(short.report.findings.some((f) => f.check === 'passphrase-length' && f.severity === 'error' && f.setting === 'OGONE_SHA_IN'));
  const long = await report({ ...goodEnv(), OGONE_SHA_OUT: 'x'.repeat(33) });
  assert.ok(long.report.findings.some((f) => f.check === 'passphrase-length' && f.severity === 'error' && f.setting === 'OGONE_SHA_OUT'));
  const equal = await report({ ...goodEnv(), OGONE_SHA_OUT: SHA_IN });
  assert.deepEqual(errors(equal.report), ['passphrases-equal']);
  assert.ok(!equal.text.includes(SHA_IN));
});

test('sha1 is a warning, not an error', async () => {
  // Offline: this account's platform signs with SHA-512, so DirectLink would rightly refuse sha1.
  const { code, report: r } = await report({ ...goodEnv(), OGONE_HASH_ALGORITHM: 'sha1' }, ['--offline']);
  assert.equal(code, 0);
  assert.ok(r.findings.some((f) => f.check === 'hash-algorithm' && f.severity === 'warning'));
});

test('production needs an https PUBLIC_URL and a production platform', async () => {
  const http = await report({ ...goodEnv(), OGONE_ENVIRONMENT: 'production' });
  assert.equal(http.code, 1);
  assert.ok(errors(http.report).includes('public-url-https'));
  const testHost = await report({ ...goodEnv(), OGONE_ENVIRONMENT: 'production', OGONE_BASE_URL: 'https://ogone.test.v-psp.com' });
  assert.ok(errors(testHost.report).includes('environment-mismatch'));
  const reverse = await report({ ...goodEnv(), OGONE_ENVIRONMENT: 'test', OGONE_BASE_URL: 'https://payments.epdq.co.uk' });
  assert.ok(errors(reverse.report).includes('environment-mismatch'));
});

test('a return route that is not there is an error', async () => {
  const { code, report: r } = await report({ ...goodEnv(), PUBLIC_URL: brokenUrl });
  assert.equal(code, 1);
  const finding = r.findings.find((f) => f.check === 'return-route');
  assert.equal(finding?.severity, 'error');
  assert.match(finding?.message ?? '', /HTTP 404/);
  const closed = await report({ ...goodEnv(), PUBLIC_URL: 'http://127.0.0.1:1' });
  assert.equal(closed.report.findings.find((f) => f.check === 'return-route')?.severity, 'error');
});

test('the database: PostgreSQL reachable or not, without printing its password', async () => {
  const reachable = await report({ ...goodEnv(), DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' });
  assert.equal(reachable.report.findings.find((f) => f.check === 'database')?.severity, 'ok');
  const down = await report({ ...goodEnv(), DATABASE_URL: 'postgres://postgres:hunter2-secret@127.0.0.1:1/test' });
  assert.equal(down.code, 1);
  const finding = down.report.findings.find((f) => f.check === 'database');
  assert.equal(finding?.severity, 'error');
  assert.match(finding?.message ?? '', /not reachable \(postgres:\/\/127\.0\.0\.1:1\/test\)/);
  assert.ok(!down.text.includes('hunter2-secret'));
});

test('headings follow --lang and LANG', async () => {
  assert.match((await doctor(goodEnv(), ['--lang', 'fr'])).text, /Paramètres de sécurité globale/);
  assert.match((await doctor({ ...goodEnv(), LANG: 'es_ES.UTF-8' })).text, /Verificación de datos y origen/);
  assert.match((await doctor(goodEnv(), ['--lang', 'zh'])).text, /全局安全参数/);
  // A LANG we have no report in falls back to English; `--lang xx` is refused (doctor-lang.test.ts).
  assert.match((await doctor({ ...goodEnv(), LANG: 'xx_XX.UTF-8' })).text, /Global security parameters/);
});

test('a missing credential outside the sandbox is named', async () => {
  const env: Record<string, string> = goodEnv();
  delete env.OGONE_PASSWORD;
  const { report: r } = await report(env);
  assert.ok(r.findings.some((f) => f.severity === 'error' && f.setting === 'OGONE_PASSWORD'));
});

test('exposure: the sandbox on a public address, an http webhook or ALLOWED_ORIGINS=* in production', async () => {
  const sandboxOut = await report({ OGONE_ENVIRONMENT: 'sandbox', PUBLIC_URL: 'https://pay.example.com', DATA_DIR: dataDir });
  assert.equal(sandboxOut.code, 1);
  const exposed = sandboxOut.report.findings.find((f) => f.check === 'sandbox-exposed');
  assert.equal(exposed?.severity, 'error');
  assert.equal(exposed?.setting, 'OGONE_ENVIRONMENT');
  // On the developer's own machine the sandbox is what it should be.
  const local = await report({ OGONE_ENVIRONMENT: 'sandbox', PUBLIC_URL: 'http://localhost:8787', DATA_DIR: dataDir });
  assert.ok(!local.report.findings.some((f) => f.check === 'sandbox-exposed'));

  const production = {
    ...goodEnv(),
    OGONE_ENVIRONMENT: 'production',
    PUBLIC_URL: 'https://pay.example.com',
    WEBHOOK_SECRET: 'whsec_0123456789abcdef',
  };
  // Offline: shop.example.com is not there to answer; the settings are the point.
  const http = await report(
    { ...production, WEBHOOK_URL: 'http://shop.example.com/hooks', ALLOWED_ORIGINS: 'https://shop.example.com,*' },
    ['--offline'],
  );
  assert.equal(http.code, 1);
  assert.ok(errors(http.report).includes('webhook-url-https'));
  assert.ok(errors(http.report).includes('allowed-origins-any'));
  const fine = await report({ ...production, WEBHOOK_URL: 'https://shop.example.com/hooks', ALLOWED_ORIGINS: 'https://shop.example.com' }, [
    '--offline',
  ]);
  assert.ok(!errors(fine.report).includes('webhook-url-https'));
  assert.ok(!errors(fine.report).includes('allowed-origins-any'));
  // The test platform may use a local http receiver and any origin while integrating.
  const testing = await report(
    {
      ...goodEnv(),
      WEBHOOK_URL: 'http://shop.example.com/hooks',
      WEBHOOK_SECRET: 'whsec_0123456789abcdef',
      ALLOWED_ORIGINS: '*',
    },
    ['--offline'],
  );
  assert.ok(!errors(testing.report).includes('webhook-url-https') && !errors(testing.report).includes('allowed-origins-any'));
});

test('no Ogone account and no OGONE_ENVIRONMENT=sandbox: refused, naming OGONE_ENVIRONMENT', async () => {
  const { code, report: r } = await report({
    PUBLIC_URL: goodUrl,
    DATA_DIR: dataDir,
    MERCHANT_API_KEYS: 'sk_test_0123456789abcdefghijklmnop',
  });
  assert.equal(code, 1);
  assert.ok(
    r.findings.some((f) => f.severity === 'error' && f.setting === 'OGONE_ENVIRONMENT'),
    JSON.stringify(r.findings),
  );
});
