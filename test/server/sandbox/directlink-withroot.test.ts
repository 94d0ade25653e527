/**
 * Found by review r1745 (2026-12-07), now fixed.
 * The fix: The sandbox wraps a new order's answer in <root> when WITHROOT=Y is sent (orderdirect only, as the guide lists it), a guide-silent name stated in docs/ogone-protocol.md §8.
 *
 * The sandbox ignores DirectLink's WITHROOT=Y: it answers the bare `<ncresponse …/>` where the
 * platform wraps it in a root element.
 *
 * What is wrong: the DirectLink guide, §3.1.2 "Request parameters" of "Request a new order",
 * lists `WITHROOT — Adds a root element to our XML response. Possible values: 'Y' or empty.`
 * (WITHROOT is on the official SHA-IN list, so it is signed). The sandbox reads the parameter,
 * hashes it, and then answers exactly as without it: the document element is still
 * `ncresponse`. docs/ogone-protocol.md does not state this as a sandbox choice (only the
 * sandbox's README lists it among its differences).
 *
 * Why it matters: our DirectLink client sends WITHROOT=Y when configured to (`withRoot`) and
 * reads the wrapped shape. Against the sandbox — our stand-in for the platform, used by the e2e
 * and flow tests — that path is never exercised: a client or parser regression in the wrapped
 * shape (an order answer read as "no STATUS", then queried or retried as if lost) passes every
 * sandbox test and shows up first against Ogone.
 *
 * What the test expects instead: with WITHROOT=Y, the answer's document element is a root
 * element that is not `ncresponse` (the guide does not name it) and that holds the
 * `<ncresponse>` with the usual attributes (STATUS 5 for OPERATION=RES with the accepted VISA
 * test card); without WITHROOT the bare `<ncresponse>` stays as it is.
 *
 * The request is signed here by hand following the guide (names uppercase, alphabetical order,
 * `NAME=value` + passphrase after each pair, SHA-512 — the account's algorithm), never with the
 * project's signer.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';

let running: RunningSandbox;
before(async () => {
  running = await startSandbox({ ...SANDBOX_ACCOUNT });
});
after(() => running.close());

/** The guide's SHA-IN, written out: every pair here is on the SHA-IN list and non-empty. */
function handSigned(pairs: Array<[string, string]>): Record<string, string> {
  const sorted = [...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const text = sorted.map(([name, value]) => `${name}=${value}${SANDBOX_ACCOUNT.shaIn}`).join('');
  const shasign = createHash('sha512').update(text, 'utf8').digest('hex').toUpperCase();
  return { ...Object.fromEntries(pairs), SHASIGN: shasign };
}

function order(orderId: string, withRoot: boolean): Record<string, string> {
  const pairs: Array<[string, string]> = [
    ['AMOUNT', '1500'],
    ['CARDNO', '4111111111111111'],
    ['CN', 'Jane Doe'],
    ['CURRENCY', 'EUR'],
    ['CVC', '123'],
    ['ED', '1239'],
    ['OPERATION', 'RES'],
    ['ORDERID', orderId],
    ['PSPID', SANDBOX_ACCOUNT.pspid],
    ['PSWD', SANDBOX_ACCOUNT.password],
    ['USERID', SANDBOX_ACCOUNT.userId],
  ];
  if (withRoot) pairs.push(['WITHROOT', 'Y']);
  return handSigned(pairs);
}

async function post(params: Record<string, string>): Promise<string> {
  const response = await fetch(`${running.url}/ncol/test/orderdirect_utf8.asp`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  assert.equal(response.status, 200);
  return response.text();
}

/** The name of the document element (after the XML declaration). */
function documentElement(xml: string): string {
  const match = /^(?:<\?xml[^>]*\?>)?\s*<([A-Za-z_][\w.-]*)/.exec(xml);
  assert.ok(match, `not XML: ${xml}`);
  return match[1]!;
}

describe('DirectLink WITHROOT (DirectLink guide §3.1.2)', () => {
  it('without WITHROOT the answer is the bare <ncresponse>', async () => {
    const xml = await post(order(`R1745-A-${process.pid}`, false));
    assert.equal(documentElement(xml), 'ncresponse');
    assert.match(xml, /STATUS="5"/);
  });

  it('with WITHROOT=Y the <ncresponse> is wrapped in a root element', async () => {
    const xml = await post(order(`R1745-B-${process.pid}`, true));
    assert.doesNotMatch(xml, /unknown order\/1\/s/, 'the hand-made signature is accepted');
    const root = documentElement(xml);
    assert.notEqual(root, 'ncresponse', `"Adds a root element to our XML response": the document element is still <ncresponse>:\n${xml}`);
    assert.match(xml, new RegExp(`<${root}[^>]*>\\s*<ncresponse\\b[^>]*\\bSTATUS="5"[\\s\\S]*</${root}>\\s*$`));
  });
});
