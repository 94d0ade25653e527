/**
 * The sandbox checks SHA-IN like the platform (docs/ogone-protocol.md §3): only the names of the
 * SHA-IN list are hashed, so a SHASIGN computed over PAYIDSUB is "unknown order/1/s"; a request
 * with a name given twice is refused. Expected digests are the guides' literal ones or come from
 * the few-line composition below — never from the signer's own code.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { parseNcResponse, postForm } from './helpers.ts';

// The guides' example account (e-Commerce Advanced §11, DirectLink §3.5).
const GUIDE = {
  pspid: 'MyPSPID',
  userId: 'MyAPIUser',
  password: 'api-password-42',
  shaIn: 'Mysecretsig1875!?',
  shaOut: 'Another-sha-out-1875',
  hashAlgorithm: 'sha1' as const,
};
const VECTOR = { AMOUNT: '1500', CURRENCY: 'EUR', LANGUAGE: 'en_US', ORDERID: '1234', PSPID: 'MyPSPID' };

/** SHA-1 over NAME=value+passphrase of the given pairs, in the order given (the test orders them). */
function sha1Of(pairs: Array<[string, string]>): string {
  return createHash('sha1')
    .update(pairs.map(([n, v]) => `${n}=${v}${GUIDE.shaIn}`).join(''), 'utf8')
    .digest('hex')
    .toUpperCase();
}

let running: RunningSandbox;
before(async () => {
  running = await startSandbox(GUIDE);
});
after(() => running.close());

const hosted = (body: string, query = '') =>
  fetch(`${running.url}/ncol/test/orderstandard_utf8.asp${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
const errorText = (html: string) => /<p class="ogone-error" role="alert" id="ncol-error">([^<]*)<\/p>/.exec(html)?.[1];
const isCardPage = (html: string) => /name="TOKEN"/.test(html);

describe('sandbox SHA-IN: the official list only', () => {
  it("accepts the guide's example with the guide's digest", async () => {
    const response = await hosted(form({ ...VECTOR, SHASIGN: 'F4CC376CD7A834D997B91598FA747825A238BE0A' }));
    assert.equal(response.status, 200);
    assert.ok(isCardPage(await response.text()));
  });

  it('PAYIDSUB is not hashed: the same digest passes with it, a digest over it is unknown order/1/s', async () => {
    const withSub = { ...VECTOR, ORDERID: '1235', PAYIDSUB: '1' };
    const unlisted = sha1Of([
      ['AMOUNT', '1500'],
      ['CURRENCY', 'EUR'],
      ['LANGUAGE', 'en_US'],
      ['ORDERID', '1235'],
      ['PAYIDSUB', '1'],
      ['PSPID', 'MyPSPID'],
    ]);
    const refused = await hosted(form({ ...withSub, SHASIGN: unlisted }));
    assert.equal(refused.status, 400);
    assert.equal(errorText(await refused.text()), 'unknown order/1/s');
    const listed = sha1Of([
      ['AMOUNT', '1500'],
      ['CURRENCY', 'EUR'],
      ['LANGUAGE', 'en_US'],
      ['ORDERID', '1235'],
      ['PSPID', 'MyPSPID'],
    ]);
    const accepted = await hosted(form({ ...withSub, SHASIGN: listed }));
    assert.equal(accepted.status, 200);
    assert.ok(isCardPage(await accepted.text()));
  });

  it('the literal digest of the example with PAYIDSUB hashed is refused', async () => {
    // sha1("AMOUNT=1500…ORDERID=1234…PAYIDSUB=1…PSPID=MyPSPID…") by sha1sum, outside our code.
    const refused = await hosted(form({ ...VECTOR, PAYIDSUB: '1', SHASIGN: 'C214F2744624DF4008F0F73DD473ECBC6ADF2968' }));
    assert.equal(errorText(await refused.text()), 'unknown order/1/s');
  });

  it('a numbered family member (ITEMID1) is hashed', async () => {
    const order = { ...VECTOR, ORDERID: '1236', ITEMID1: 'SKU-1' };
    const without = await hosted(
      form({
        ...order,
        SHASIGN: sha1Of([
          ['AMOUNT', '1500'],
          ['CURRENCY', 'EUR'],
          ['LANGUAGE', 'en_US'],
          ['ORDERID', '1236'],
          ['PSPID', 'MyPSPID'],
        ]),
      }),
    );
    assert.equal(errorText(await without.text()), 'unknown order/1/s');
    const withItem = sha1Of([
      ['AMOUNT', '1500'],
      ['CURRENCY', 'EUR'],
      ['ITEMID1', 'SKU-1'],
      ['LANGUAGE', 'en_US'],
      ['ORDERID', '1236'],
      ['PSPID', 'MyPSPID'],
    ]);
    const accepted = await hosted(form({ ...order, SHASIGN: withItem }));
    assert.equal(accepted.status, 200);
  });

  it('no SHASIGN is unknown order/0/s; a digest with a non-hex character is unknown order/1/s', async () => {
    assert.equal(errorText(await (await hosted(form(VECTOR))).text()), 'unknown order/0/s');
    const lookalike = 'F4CC376CD7A834D997B91598FA747825A238BE0\u0141'; // Ł: its low byte is "A"
    assert.equal(errorText(await (await hosted(form({ ...VECTOR, SHASIGN: lookalike }))).text()), 'unknown order/1/s');
  });

  it('DirectLink: a query signed over PAYIDSUB is 50001184 unknown order/1/s; signed without it, it is answered', async () => {
    const base = { PAYID: '3000001', PAYIDSUB: '0', PSPID: 'MyPSPID', PSWD: GUIDE.password, USERID: GUIDE.userId };
    const query = async (shasign: string) =>
      parseNcResponse(await (await postForm(`${running.url}/ncol/test/querydirect_utf8.asp`, { ...base, SHASIGN: shasign })).text());
    const overSub = await query(
      sha1Of([
        ['PAYID', '3000001'],
        ['PAYIDSUB', '0'],
        ['PSPID', 'MyPSPID'],
        ['PSWD', GUIDE.password],
        ['USERID', GUIDE.userId],
      ]),
    );
    assert.deepEqual([overSub.NCERROR, overSub.NCERRORPLUS], ['50001184', 'unknown order/1/s']);
    const listed = await query(
      sha1Of([
        ['PAYID', '3000001'],
        ['PSPID', 'MyPSPID'],
        ['PSWD', GUIDE.password],
        ['USERID', GUIDE.userId],
      ]),
    );
    assert.notEqual(listed.NCERROR, '50001184', 'the signature is accepted (the unknown PAYID is another matter)');
  });
});

describe('sandbox: a parameter name given twice is refused', () => {
  const signedBody = (order: string) => {
    const sign = sha1Of([
      ['AMOUNT', '1500'],
      ['CURRENCY', 'EUR'],
      ['LANGUAGE', 'en_US'],
      ['ORDERID', order],
      ['PSPID', 'MyPSPID'],
    ]);
    return `AMOUNT=1500&CURRENCY=EUR&LANGUAGE=en_US&ORDERID=${order}&PSPID=MyPSPID&SHASIGN=${sign}`;
  };

  it('hosted page: an empty copy beside a signed value, in another case, in the body', async () => {
    const response = await hosted(`${signedBody('1240')}&amount=`);
    assert.equal(response.status, 400);
    const html = await response.text();
    assert.equal(errorText(html), 'AMOUNT given more than once');
    assert.ok(!isCardPage(html));
  });

  it('hosted page: the same name twice, and a name in both the query and the body', async () => {
    assert.equal(errorText(await (await hosted(`${signedBody('1241')}&CURRENCY=EUR`)).text()), 'CURRENCY given more than once');
    assert.equal(errorText(await (await hosted(signedBody('1242'), '?orderid=1242')).text()), 'ORDERID given more than once');
    assert.equal(running.sandbox.payments().length, 0, 'nothing was paid');
  });

  it('DirectLink: 50001111 naming the parameter', async () => {
    const body = `PAYID=3000001&PSPID=MyPSPID&PSWD=${GUIDE.password}&USERID=${GUIDE.userId}&payid=&SHASIGN=${sha1Of([
      ['PAYID', '3000001'],
      ['PSPID', 'MyPSPID'],
      ['PSWD', GUIDE.password],
      ['USERID', GUIDE.userId],
    ])}`;
    const response = await fetch(`${running.url}/ncol/test/querydirect_utf8.asp`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    const xml = parseNcResponse(await response.text());
    assert.deepEqual([xml.NCERROR, xml.NCERRORPLUS], ['50001111', 'PAYID given more than once']);
  });
});
