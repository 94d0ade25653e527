/**
 * Found by review r1638 (2026-12-07), now fixed.
 * The fix: commands/sandbox.ts gives the sandbox its first PAYID from the clock too (sandbox/options.ts firstPayIdFromClock).
 *
 * Review r1638: the fix of r1575 (the sandbox's PAYIDs never repeat across runs) reached only the
 * sandbox `serve` mounts; the standalone `ogone-checkout sandbox` still counts from 3000001.
 *
 * What is wrong: server/commands/sandbox.ts `runSandbox` calls `createSandbox` without
 * `firstPayId`, so server/sandbox/store.ts `SandboxStore` starts at FIRST_PAYID (3000001) in every
 * run. Only server/start-server.ts passes `firstPayId: Date.now() * 10`. The README's CLI section
 * shows exactly this setup — `npx ogone-checkout sandbox --port 8788 --feedback-url
 * http://127.0.0.1:8787/payment/ogone/return` beside a server keeping its payments in DATA_DIR —
 * so a restart of the sandbox alone (Ctrl-C, a crash) gives the next payment a PAYID the
 * server's database already holds.
 *
 * Why it matters: the defect r1575 fixed, on the other documented way of running the sandbox.
 * DirectLink maintenance names a payment by PAYID alone (docs/ogone-protocol.md §8, DirectLink
 * guide §4.1): a refund the merchant asks for on an old payment is carried out on the new
 * shopper's payment, and the server, seeing an answer about another order, records the old
 * refund as "outcome unknown" (§9). docs/ogone-protocol.md (sandbox section) says the sandbox's
 * PAYIDs "never repeat across such runs, as the platform's never do".
 *
 * Expectation: two runs of `ogone-checkout sandbox`, one after the other, never give the same
 * PAYID: the first DirectLink order of the second run gets a PAYID other than the first run's.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxCommand } from '../../../server/commands/sandbox.ts';
import { cardOrder, parseNcResponse, postForm, signed } from './helpers.ts';

const ENV = {
  OGONE_PSPID: 'MYSHOP',
  OGONE_USER_ID: 'shop-api',
  OGONE_PASSWORD: 'a-very-secret-password',
  OGONE_SHA_IN: 'Shop-SHA-IN-passphrase',
  OGONE_SHA_OUT: 'Shop-SHA-OUT-passphrase',
  OGONE_HASH_ALGORITHM: 'sha256',
};
const ACCOUNT = {
  pspid: ENV.OGONE_PSPID,
  userId: ENV.OGONE_USER_ID,
  password: ENV.OGONE_PASSWORD,
  shaIn: ENV.OGONE_SHA_IN,
  shaOut: ENV.OGONE_SHA_OUT,
  hashAlgorithm: 'sha256' as const,
};

/** One run of `ogone-checkout sandbox` on a free port: the PAYID of its first DirectLink order. */
async function firstPayIdOfARun(): Promise<string> {
  const io = { stdout: () => {}, stderr: () => {} };
  const controller = new AbortController();
  let listening!: (base: string) => void;
  const ready = new Promise<string>((resolve) => (listening = resolve));
  const exit = sandboxCommand(['--port', '0'], ENV, io, { signal: controller.signal, onListening: listening });
  const base = await Promise.race([
    ready,
    exit.then((code) => {
      throw new Error(`the sandbox exited ${code}`);
    }),
  ]);
  try {
    const body = signed({ PSPID: ACCOUNT.pspid, USERID: ACCOUNT.userId, PSWD: ACCOUNT.password, ...cardOrder() }, ACCOUNT);
    const answer = parseNcResponse(await (await postForm(`${base}/ncol/test/orderdirect_utf8.asp`, body)).text());
    assert.equal(answer.STATUS, '9', `precondition: the order is paid: ${JSON.stringify(answer)}`);
    return answer.PAYID!;
  } finally {
    controller.abort();
    assert.equal(await exit, 0);
  }
}

describe('r1638: `ogone-checkout sandbox` started again', () => {
  it('never gives a PAYID an earlier run gave', async () => {
    const first = await firstPayIdOfARun();
    const second = await firstPayIdOfARun();
    assert.notEqual(
      second,
      first,
      `the sandbox restarted gave PAYID ${second} again: a refund of the earlier payment, named by PAYID, refunds the new one`,
    );
  });
});
