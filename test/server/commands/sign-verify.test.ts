import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../../server/commands/index.ts';

const BIN = fileURLToPath(new URL('../../../bin/ogone-checkout.js', import.meta.url));
const PASSPHRASE = 'Mysecretsig1875!?';

/** Runs the real executable, as a merchant would with npx. */
function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OGONE_')));
    execFile(process.execPath, [BIN, ...args], { env: { ...clean, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Runs a command in-process and captures its lines. */
async function inProcess(args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, env, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err };
}

const VECTOR = ['AMOUNT=1500', 'CURRENCY=EUR', 'LANGUAGE=en_US', 'ORDERID=1234', 'PSPID=MyPSPID'];
const FEEDBACK =
  'ACCEPTANCE=1234&amount=15&BRAND=VISA&CARDNO=xxxxxxxxxxxx1111&currency=EUR&NCERROR=0&orderID=12&PAYID=32100123&PM=CreditCard&STATUS=9';

test('sign prints the SHASIGN alone on stdout (sha512 by default)', async () => {
  const { code, stdout, stderr } = await run(['sign', ...VECTOR], { OGONE_SHA_IN: PASSPHRASE });
  assert.equal(code, 0, stderr);
  assert.equal(
    stdout,
    'D1CFE8833A297D0922E908B2B44934B09EE966EF1584DC0D696304E07BB58BA71973C2383C831D878D8A243BB7D7DFFFBE53CEE21955CDFEF44FE82E551F859D\n',
  );
  assert.equal(stderr, '');
});

test('sign takes the algorithm from --algorithm, then OGONE_HASH_ALGORITHM', async () => {
  const byOption = await inProcess(['sign', ...VECTOR, '--algorithm', 'sha1'], {
    OGONE_SHA_IN: PASSPHRASE,
    OGONE_HASH_ALGORITHM: 'sha256',
  });
  assert.deepEqual(byOption.out, ['F4CC376CD7A834D997B91598FA747825A238BE0A']);
  const byEnv = await inProcess(['sign', ...VECTOR], { OGONE_SHA_IN: PASSPHRASE, OGONE_HASH_ALGORITHM: 'sha256' });
  assert.deepEqual(byEnv.out, ['E019359BAA3456AE5A986B6AABD22CF1B3E09438739E97F17A7F61DF5A11B30F']);
});

test('sign --out uses OGONE_SHA_OUT and the SHA-OUT list', async () => {
  const params = FEEDBACK.split('&').concat('SessionID=1');
  const result = await inProcess(['sign', '--out', '--algorithm', 'sha1', ...params], {
    OGONE_SHA_OUT: PASSPHRASE,
    OGONE_SHA_IN: 'another-passphrase!!',
  });
  assert.deepEqual(result.out, ['B209960D5703DD1047F95A0F97655FFE5AC8BD52']);
});

test('sign --explain shows the hashed string with the passphrase masked and what was dropped', async () => {
  const result = await inProcess(['sign', ...VECTOR, 'CN=', '--explain', '--algorithm', 'sha1'], { OGONE_SHA_IN: PASSPHRASE });
  assert.deepEqual(result.out, ['F4CC376CD7A834D997B91598FA747825A238BE0A']);
  const text = result.err.join('\n');
  assert.match(text, /hashed: AMOUNT=1500<SHA-IN>CURRENCY=EUR<SHA-IN>LANGUAGE=en_US<SHA-IN>ORDERID=1234<SHA-IN>PSPID=MyPSPID<SHA-IN>/);
  assert.match(text, /^left out: CN: empty value$/m);
  assert.ok(!text.includes(PASSPHRASE), 'the passphrase is never printed');
});

test('sign hashes only the SHA-IN list: PAYIDSUB is left out, and --explain says why', async () => {
  // The DirectLink guide's example (§3.5) with a PAYIDSUB added: its digest must not change.
  const example = ['AMOUNT=1500', 'CARDNO=4111111111111111', 'CURRENCY=EUR', 'OPERATION=RES', 'ORDERID=1234', 'PSPID=MyPSPID'];
  const result = await inProcess(
    ['sign', ...example, 'PAYIDSUB=2', 'itemid1=SKU-1', 'SHASIGN=AB', 'Foo.Bar=1', '--explain', '--algorithm', 'sha1'],
    { OGONE_SHA_IN: PASSPHRASE },
  );
  assert.equal(result.code, 0);
  const withoutItem = await run(['sign', ...example, 'PAYIDSUB=2', '--algorithm', 'sha1'], { OGONE_SHA_IN: PASSPHRASE });
  assert.equal(withoutItem.stdout, '2B459D4D3AF0C678695AE77EE5BF0C83CA6F0AD8\n');
  assert.deepEqual(result.err, [
    'algorithm: sha1 (SHA-IN)',
    'hashed: AMOUNT=1500<SHA-IN>CARDNO=4111111111111111<SHA-IN>CURRENCY=EUR<SHA-IN>ITEMID1=SKU-1<SHA-IN>OPERATION=RES<SHA-IN>ORDERID=1234<SHA-IN>PSPID=MyPSPID<SHA-IN>',
    'left out: PAYIDSUB: not in the SHA-IN list',
    'left out: SHASIGN: the signature itself',
    'left out: FOO.BAR: not in the SHA-IN list',
  ]);
  const out = await inProcess(['sign', '--out', '--explain', '--algorithm', 'sha1', ...FEEDBACK.split('&'), 'SessionID=1'], {
    OGONE_SHA_OUT: PASSPHRASE,
  });
  assert.ok(out.err.includes('left out: SESSIONID: not in the SHA-OUT list'), out.err.join('\n'));
});

test('verify answers valid / invalid with exit 0 / 1', async () => {
  const env = { OGONE_SHA_OUT: PASSPHRASE, OGONE_HASH_ALGORITHM: 'sha1' };
  const url = `https://shop.example/payment/ogone/return?${FEEDBACK}&SHASIGN=b209960d5703dd1047f95a0f97655ffe5ac8bd52&SessionID=9`;
  const valid = await run(['verify', url], env);
  assert.equal(valid.code, 0);
  assert.equal(valid.stdout, 'valid\n');
  const queryOnly = await inProcess(['verify', `${FEEDBACK}&SHASIGN=B209960D5703DD1047F95A0F97655FFE5AC8BD52`], env);
  assert.deepEqual(queryOnly.out, ['valid']);
  const tampered = await run(['verify', url.replace('amount=15', 'amount=16')], env);
  assert.equal(tampered.code, 1);
  assert.match(tampered.stdout, /^invalid: SHASIGN does not match/);
  const unsigned = await inProcess(['verify', FEEDBACK], env);
  assert.equal(unsigned.code, 1);
  assert.deepEqual(unsigned.out, ['invalid: no SHASIGN parameter']); // An empty copy leaves the signature valid; the server refuses it, so verify never says valid.
  const emptyCopy = await inProcess(['verify', `payid=&${FEEDBACK}&SHASIGN=B209960D5703DD1047F95A0F97655FFE5AC8BD52`], env);
  assert.equal(emptyCopy.code, 1);
  assert.deepEqual(emptyCopy.out, ['invalid: the parameter PAYID is given more than once (the server refuses such a feedback)']);
});

test('bad input: one clear line on stderr, exit 2, nothing on stdout', async () => {
  const cases: Array<[string[], Record<string, string>, RegExp]> = [
    [['sign', ...VECTOR], {}, /OGONE_SHA_IN is not set/],
    [['sign', '--out', ...VECTOR], { OGONE_SHA_IN: PASSPHRASE }, /OGONE_SHA_OUT is not set/],
    [['sign', ...VECTOR, '--algorithm', 'md5'], { OGONE_SHA_IN: PASSPHRASE }, /--algorithm: unknown hash algorithm "md5"/],
    [
      ['sign', ...VECTOR],
      { OGONE_SHA_IN: PASSPHRASE, OGONE_HASH_ALGORITHM: 'sha3' },
      /OGONE_HASH_ALGORITHM: not a hash algorithm \(use sha1, sha256 or sha512\)/,
    ],
    [['sign', 'AMOUNT'], { OGONE_SHA_IN: PASSPHRASE }, /malformed parameter "AMOUNT": expected KEY=VALUE/],
    [['sign', '=15'], { OGONE_SHA_IN: PASSPHRASE }, /malformed parameter "=15"/],
    [['sign', 'amount=1', 'AMOUNT=2'], { OGONE_SHA_IN: PASSPHRASE }, /AMOUNT is given twice/],
    [['sign'], { OGONE_SHA_IN: PASSPHRASE }, /no parameters to sign/],
    [['sign', '--passphrase', 'x', 'A=1'], { OGONE_SHA_IN: PASSPHRASE }, /Unknown option '--passphrase'/],
    [['verify'], { OGONE_SHA_OUT: PASSPHRASE }, /expected exactly one URL/],
    [['verify', 'https://shop.example/return'], { OGONE_SHA_OUT: PASSPHRASE }, /no parameters found/],
    [['verify', FEEDBACK], {}, /OGONE_SHA_OUT is not set/],
    [['frobnicate'], {}, /unknown command "frobnicate"/],
  ];
  for (const [args, env, message] of cases) {
    const result = await inProcess(args, env);
    assert.equal(result.code, 2, args.join(' '));
    assert.deepEqual(result.out, [], args.join(' '));
    assert.match(result.err[0] ?? '', message, args.join(' '));
  }
  const real = await run(['sign', 'AMOUNT'], { OGONE_SHA_IN: PASSPHRASE });
  assert.equal(real.code, 2);
  assert.equal(real.stdout, '');
  assert.equal(real.stderr.trim().split('\n').length, 1);
});
