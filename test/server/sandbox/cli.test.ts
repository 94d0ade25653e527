/**
 * `ogone-checkout sandbox`: options and OGONE_* validated with one clear line naming the culprit
 * (exit 2), demo account when nothing is set, a real listener that serves the platform's pages,
 * stopped like SIGINT would.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { sandboxCommand } from '../../../server/commands/sandbox.ts';
import { DEMO_CREDENTIALS } from '../../../server/sandbox/demo-credentials.ts';
import { listen } from '../../support/listen.ts';
import { cardOrder, hostedOrder, parseNcResponse, postForm, signed } from './helpers.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (line: string) => out.push(line), stderr: (line: string) => err.push(line) }, out, err };
}

const ENV = {
  OGONE_PSPID: 'MYSHOP',
  OGONE_USER_ID: 'shop-api',
  OGONE_PASSWORD: 'a-very-secret-password',
  OGONE_SHA_IN: 'Shop-SHA-IN-passphrase',
  OGONE_SHA_OUT: 'Shop-SHA-OUT-passphrase',
  OGONE_HASH_ALGORITHM: 'sha256',
};

/** Runs the command until it listens, hands the base URL to `use`, then stops it. */
async function running(argv: string[], env: NodeJS.ProcessEnv, use: (base: string) => Promise<void>) {
  const { io, out, err } = capture();
  const controller = new AbortController();
  let listening!: (base: string) => void;
  const ready = new Promise<string>((resolve) => (listening = resolve));
  const exit = sandboxCommand(argv, env, io, { signal: controller.signal, onListening: listening });
  const base = await Promise.race([
    ready,
    exit.then((code) => {
      throw new Error(`exited ${code}: ${err.join(' ')}`);
    }),
  ]);
  try {
    await use(base);
  } finally {
    controller.abort();
  }
  assert.equal(await exit, 0);
  return { out, err };
}

describe('ogone-checkout sandbox', () => {
  const bad: Array<[string[], NodeJS.ProcessEnv, RegExp]> = [
    [['--port', 'abc'], {}, /^ogone-checkout sandbox: --port must be a whole number from 0 to 65535, not "abc"$/],
    [['--port', '70000'], {}, /--port must be a whole number from 0 to 65535/],
    [['--feedback-method', 'PUT'], {}, /^ogone-checkout sandbox: --feedback-method must be GET or POST, not "PUT"$/],
    [['--feedback-url', 'ftp://shop.example/return'], {}, /^ogone-checkout sandbox: --feedback-url must be an absolute http\(s\) URL/],
    [['--host', ''], {}, /--host must not be empty/],
    [['--bogus'], {}, /--bogus/],
    [['extra'], {}, /unexpected argument "extra"/],
    [['--payment-tries', '0'], {}, /^ogone-checkout sandbox: --payment-tries must be a whole number from 1 to 99, not "0"$/],
    [['--payment-tries', '2.5'], {}, /--payment-tries must be a whole number from 1 to 99, not "2\.5"/],
    [[], { ...ENV, OGONE_SHA_IN: 'short' }, /^ogone-checkout sandbox: OGONE_SHA_IN: SHA-IN passphrase must be 16 to 32 characters long$/],
    [
      [],
      { ...ENV, OGONE_HASH_ALGORITHM: 'md5' },
      /^ogone-checkout sandbox: OGONE_HASH_ALGORITHM: hash algorithm must be sha1, sha256 or sha512$/,
    ],
    [[], { OGONE_PSPID: 'MYSHOP' }, /^ogone-checkout sandbox: OGONE_USER_ID: /],
    // Off loopback the control API takes a key, so one must be set (and be a usable one).
    [['--host', '0.0.0.0'], {}, /^ogone-checkout sandbox: --host 0\.0\.0\.0 is not a loopback address, .*MERCHANT_API_KEYS is required/],
    [['--host', '0.0.0.0'], { MERCHANT_API_KEYS: 'short' }, /MERCHANT_API_KEYS every key must be at least 24 characters$/],
  ];
  for (const [argv, env, message] of bad) {
    it(`refuses ${JSON.stringify(argv)} ${Object.keys(env).length ? 'with a bad environment' : ''} with exit 2`, async () => {
      const { io, out, err } = capture();
      assert.equal(await sandboxCommand(argv, env, io), 2);
      assert.equal(err.length, 1, 'one line on stderr');
      assert.match(err[0]!, message);
      assert.deepEqual(out, []);
    });
  }

  it('without OGONE_* uses the demo account, says so, and serves the hosted page', async () => {
    const { out } = await running(['--port', '0'], {}, async (base) => {
      const page = await postForm(
        `${base}/ncol/test/orderstandard_utf8.asp`,
        signed(hostedOrder({ PSPID: DEMO_CREDENTIALS.pspid }), DEMO_CREDENTIALS),
      );
      assert.equal(page.status, 200);
      assert.match(await page.text(), /TEST PLATFORM/);
    });
    const text = out.join('\n');
    assert.match(text, /listening on http:\/\/127\.0\.0\.1:\d+/);
    assert.match(text, /using the demo account \(PSPID OGONECHECKOUTDEMO/);
    assert.match(text, /4111111111111111 +VISA/);
    assert.match(text, /4000000000000002/);
    assert.doesNotMatch(text, new RegExp(DEMO_CREDENTIALS.shaIn));
  });

  it("on loopback, its control API answers only under this machine's names (DNS rebinding)", async () => {
    await running(['--port', '0'], {}, async (base) => {
      const port = new URL(base).port;
      const under = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const request = http.request(`${base}/sandbox/payments`, { headers: { host } }, (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          });
          request.on('error', reject);
          request.end();
        });
      assert.equal(await under(`rebind.attacker.example:${port}`), 421);
      assert.equal(await under(`localhost:${port}`), 200);
      assert.equal(await under(`127.0.0.1:${port}`), 200);
    });
  });

  it('off loopback, its control API takes a merchant API key; the platform paths stay open', async () => {
    const key = 'sandbox-control-key-0123456789';
    await running(['--port', '0', '--host', '0.0.0.0'], { MERCHANT_API_KEYS: key }, async (base) => {
      const port = new URL(base).port;
      const control = `http://127.0.0.1:${port}/sandbox/payments`;
      assert.equal((await fetch(control)).status, 401, 'no key');
      assert.equal((await fetch(control, { headers: { authorization: 'Bearer wrong-key-wrong-key-wrong-key' } })).status, 401);
      assert.equal((await fetch(control, { headers: { authorization: `Bearer ${key}` } })).status, 200);
      const page = await postForm(
        `http://127.0.0.1:${port}/ncol/test/orderstandard_utf8.asp`,
        signed(hostedOrder({ PSPID: DEMO_CREDENTIALS.pspid }), DEMO_CREDENTIALS),
      );
      assert.equal(page.status, 200, 'the hosted page needs no key');
    });
  });

  it('uses the OGONE_* account and never prints its secrets', async () => {
    const account = {
      pspid: ENV.OGONE_PSPID,
      userId: ENV.OGONE_USER_ID,
      password: ENV.OGONE_PASSWORD,
      shaIn: ENV.OGONE_SHA_IN,
      shaOut: ENV.OGONE_SHA_OUT,
      hashAlgorithm: 'sha256' as const,
    };
    const { out } = await running(
      ['--port', '0', '--feedback-url', 'http://127.0.0.1:9/return', '--feedback-method', 'get'],
      ENV,
      async (base) => {
        const body = signed({ PSPID: account.pspid, USERID: account.userId, PSWD: account.password, ...cardOrder() }, account);
        const xml = parseNcResponse(await (await postForm(`${base}/ncol/test/orderdirect_utf8.asp`, body)).text());
        assert.equal(xml.STATUS, '9');
      },
    );
    const text = out.join('\n');
    assert.match(text, /PSPID MYSHOP, API user shop-api \(from OGONE_\*\)/);
    assert.match(text, /Feedback: GET http:\/\/127\.0\.0\.1:9\/return/);
    for (const secret of [ENV.OGONE_PASSWORD, ENV.OGONE_SHA_IN, ENV.OGONE_SHA_OUT]) assert.ok(!text.includes(secret));
  });

  it('--payment-tries and --status-change-feedback set the account, shown in the banner and /sandbox/settings', async () => {
    const { out } = await running(['--port', '0', '--payment-tries', '3', '--status-change-feedback'], {}, async (base) => {
      const settings = await (await fetch(`${base}/sandbox/settings`)).json();
      assert.deepEqual(settings, { settings: { paymentTries: 3, statusChangeFeedback: true } });
    });
    assert.match(out.join('\n'), /Payment page: 3 tries before a refusal is final; status-change requests on\./);
  });

  it('by default: 10 tries, status-change requests off', async () => {
    const { out } = await running(['--port', '0'], {}, async (base) => {
      assert.deepEqual(await (await fetch(`${base}/sandbox/settings`)).json(), {
        settings: { paymentTries: 10, statusChangeFeedback: false },
      });
    });
    assert.match(out.join('\n'), /Payment page: 10 tries before a refusal is final; status-change requests off/);
  });

  it('a port already in use is one clear line and exit 1', async () => {
    const taken = await listen(() => new Response('busy'));
    try {
      const port = new URL(taken.url).port;
      const { io, err } = capture();
      assert.equal(await sandboxCommand(['--port', port], {}, io), 1);
      assert.match(err[0] ?? '', new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port} \\(port already in use`));
    } finally {
      await new Promise<void>((resolve) => taken.server.close(() => resolve()));
    }
  });
});
