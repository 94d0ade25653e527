/**
 * FlexCheckout signing (server/ogone/flexcheckout.ts, docs/ogone-protocol.md §15): the request's
 * SHA-IN against a published vector and against the sandbox (an independent reading of the same
 * guide), the return's SHA-OUT verified from a real sandbox return and refused when anything in
 * it is changed, doubled or missing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  FLEX_PAGE_PATH,
  FLEX_SHA_OUT_FIELDS,
  flexCheckoutUrl,
  flexRequestSignature,
  flexSignedString,
  verifyFlexReturn,
} from '../../../server/ogone/flexcheckout.ts';
import { FLEX_PAGE_PATH as SANDBOX_FLEX_PAGE_PATH, isFlexOutputField } from '../../../server/sandbox/flex/protocol.ts';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';

describe('FlexCheckout request signature (§15 "SHA-IN")', () => {
  it('reproduces the published SHA-256 vector (ACCOUNT.PSPID=test…, passphrase f8p8NRVhPt6CjnrK)', () => {
    const fields = {
      'PARAMETERS.EXCEPTIONURL': 'http://ya.ru/err',
      'ACCOUNT.PSPID': 'test',
      'PARAMETERS.ACCEPTURL': 'http://ya.ru/succ',
      'CARD.PAYMENTMETHOD': 'CreditCard',
    };
    assert.equal(
      flexRequestSignature(fields, { passphrase: 'f8p8NRVhPt6CjnrK', algorithm: 'sha256' }),
      'DE447683BE328B12BD00CD8A1F53790518F4CAF029EA65D8A7CB3D3DEB6B1EC1',
    );
  });

  it('uppercases names, keeps their dots, sorts them, leaves out empty values and the signature itself', () => {
    const text = flexSignedString(
      [
        ['Layout.Language', 'fr_FR'],
        ['ALIAS.ALIASID', ''],
        ['account.pspid', 'P'],
        ['SHASIGNATURE.SHASIGN', 'x'],
      ],
      '#',
      (name) => name !== 'SHASIGNATURE.SHASIGN',
    );
    assert.equal(text, 'ACCOUNT.PSPID=P#LAYOUT.LANGUAGE=fr_FR#');
    const signed = flexRequestSignature({ 'ACCOUNT.PSPID': 'P', 'SHASIGNATURE.SHASIGN': 'old' }, { passphrase: '#', algorithm: 'sha1' });
    assert.equal(signed, createHash('sha1').update('ACCOUNT.PSPID=P#').digest('hex').toUpperCase());
  });
});

describe('FlexCheckout facts read twice (docs/facts.md)', () => {
  it('our SHA-OUT list and page path are the sandbox’s own reading of the guide', () => {
    assert.equal(FLEX_PAGE_PATH, SANDBOX_FLEX_PAGE_PATH);
    for (const name of FLEX_SHA_OUT_FIELDS) assert.ok(isFlexOutputField(name), `${name} on the sandbox's list`);
    // Names on neither list: the sandbox agrees they are outside the signature.
    for (const name of ['PARAMETERS.PARAMPLUS', 'SHASIGN', 'ALIAS.ALIASPERSISTEDAFTERUSE', 'CARD.PAYMENTMETHOD']) {
      assert.equal(FLEX_SHA_OUT_FIELDS.has(name), false);
      assert.equal(isFlexOutputField(name), false, name);
    }
    assert.equal(FLEX_SHA_OUT_FIELDS.size, 16);
  });
});

describe('FlexCheckout against the sandbox', () => {
  let sandbox: RunningSandbox;
  const provider = {
    environment: 'test' as const,
    baseUrl: undefined,
    shaIn: SANDBOX_ACCOUNT.shaIn,
    hashAlgorithm: SANDBOX_ACCOUNT.hashAlgorithm,
  };
  const key = { passphrase: SANDBOX_ACCOUNT.shaOut, algorithm: SANDBOX_ACCOUNT.hashAlgorithm };
  const fields = {
    'ACCOUNT.PSPID': SANDBOX_ACCOUNT.pspid,
    'ALIAS.ALIASID': 'OC-FLEXSIGNER',
    'ALIAS.ORDERID': 'OC-SIGNER-1',
    'ALIAS.STOREPERMANENTLY': 'Y',
    'CARD.PAYMENTMETHOD': 'CreditCard',
    'LAYOUT.LANGUAGE': 'nl_NL',
    'PARAMETERS.ACCEPTURL': 'https://pay.example.com/payment/flex/return?shop=Zoë',
    'PARAMETERS.EXCEPTIONURL': 'https://pay.example.com/payment/flex/return?shop=Zoë',
  };

  before(async () => {
    sandbox = await startSandbox(SANDBOX_ACCOUNT);
  });
  after(() => sandbox?.close());

  async function returnPairs(): Promise<Array<[string, string]>> {
    const page = await fetch(flexCheckoutUrl(provider, fields, sandbox.url));
    const html = await page.text();
    assert.equal(page.status, 200, html);
    const token = /name="TOKEN" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const saved = await fetch(`${sandbox.url}/Tokenization/sandbox_save`, {
      method: 'POST',
      body: new URLSearchParams({ TOKEN: token, ACTION: 'save', CARDNO: '4111111111111111', ED: '12/39', CVC: '123', CN: 'Zoë Ærø' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    assert.equal(saved.status, 303);
    return [...new URL(saved.headers.get('location')!).searchParams.entries()];
  }

  it('the sandbox opens the page for our signed URL (UTF-8 values included), and refuses it altered', async () => {
    assert.equal((await fetch(flexCheckoutUrl(provider, fields, sandbox.url))).status, 200);
    const altered = new URL(flexCheckoutUrl(provider, fields, sandbox.url));
    altered.searchParams.set('ALIAS.STOREPERMANENTLY', 'N');
    assert.equal((await fetch(altered)).status, 400);
  });

  it("verifies the sandbox's return; the shop's own query parameter is outside the signature", async () => {
    const pairs = await returnPairs();
    assert.ok(pairs.some(([name, value]) => name === 'shop' && value === 'Zoë'));
    assert.deepEqual(verifyFlexReturn(pairs, key), { valid: true });
    // Hex in lowercase is the same digest.
    const lower = pairs.map(([n, v]): [string, string] => [n, n === 'SHASign' ? v.toLowerCase() : v]);
    assert.deepEqual(verifyFlexReturn(lower, key), { valid: true });
  });

  it('refuses a changed, doubled, missing or malformed signed field; the wrong passphrase', async () => {
    const pairs = await returnPairs();
    const changed = pairs.map(([n, v]): [string, string] => [n, n === 'Alias.Status' ? '1' : v]);
    assert.deepEqual(verifyFlexReturn(changed, key), { valid: false, reason: 'mismatch' });
    const doubled: Array<[string, string]> = [['alias.aliasid', 'OC-OTHER'], ...pairs];
    assert.deepEqual(verifyFlexReturn(doubled, key), { valid: false, reason: 'repeated' });
    assert.deepEqual(
      verifyFlexReturn(
        pairs.filter(([n]) => n !== 'SHASign'),
        key,
      ),
      { valid: false, reason: 'missing' },
    );
    const short = pairs.map(([n, v]): [string, string] => [n, n === 'SHASign' ? v.slice(2) : v]);
    assert.deepEqual(verifyFlexReturn(short, key), { valid: false, reason: 'malformed' });
    assert.deepEqual(verifyFlexReturn(pairs, { ...key, passphrase: SANDBOX_ACCOUNT.shaIn }), { valid: false, reason: 'mismatch' });
  });
});
