/**
 * SHA-IN order of numbered line-item fields, the signer's and the sandbox's.
 *
 * e-Commerce Advanced guide v5.4.4, §10.5 "Order Details", right after the ITEM*xx* table:
 *
 *   "Important: ascending order of line item fields for SHA calculation
 *    Please take into account that as from 10 consecutive line item fields the order of the fields
 *    for the SHA calculation may differ from what is expected on your system's side.
 *    Where for the calculation of the SHA we normally stress that all fields should be sorted
 *    alphabetically, a "logical" ascending order is put in place for the line item fields.
 *    Example of expected (ascending) order:
 *    - ITEMNAME1, ITEMNAME2, ITEMNAME3, ITEMNAME4, ITEMNAME5, ITEMNAME6, ITEMNAME7, etc."
 *
 * So with ten items the platform hashes ITEMNAME9 before ITEMNAME10, not ITEMNAME10 right after
 * ITEMNAME1 (plain string order, which both the signer and the sandbox used). The expected strings
 * below are written out by hand in that order; the digests are SHA-1 of those literal strings
 * (node:crypto), never the project's composition.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { shaString } from '../../../shared/signature.ts';
import { shaSign } from '../../../server/ogone/sha.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';

const PASSPHRASE = 'Mysecretsig1875!?';
// The guides' example account (e-Commerce Advanced §11.1).
const GUIDE = {
  pspid: 'MyPSPID',
  userId: 'MyAPIUser',
  password: 'api-password-42',
  shaIn: PASSPHRASE,
  shaOut: 'Another-sha-out-1875',
  hashAlgorithm: 'sha1' as const,
};

/** The guide's §11.1 vector plus ten line items ITEMNAME1…ITEMNAME10. */
function orderWithTenItems(orderId: string): Record<string, string> {
  const params: Record<string, string> = { AMOUNT: '1500', CURRENCY: 'EUR', LANGUAGE: 'en_US', ORDERID: orderId, PSPID: 'MyPSPID' };
  for (let n = 1; n <= 10; n++) params[`ITEMNAME${n}`] = `tea${n}`;
  return params;
}

/** The string to hash in the guide's "logical ascending" order, written out literally. */
const LOGICAL_1234 =
  'AMOUNT=1500Mysecretsig1875!?' +
  'CURRENCY=EURMysecretsig1875!?' +
  'ITEMNAME1=tea1Mysecretsig1875!?' +
  'ITEMNAME2=tea2Mysecretsig1875!?' +
  'ITEMNAME3=tea3Mysecretsig1875!?' +
  'ITEMNAME4=tea4Mysecretsig1875!?' +
  'ITEMNAME5=tea5Mysecretsig1875!?' +
  'ITEMNAME6=tea6Mysecretsig1875!?' +
  'ITEMNAME7=tea7Mysecretsig1875!?' +
  'ITEMNAME8=tea8Mysecretsig1875!?' +
  'ITEMNAME9=tea9Mysecretsig1875!?' +
  'ITEMNAME10=tea10Mysecretsig1875!?' +
  'LANGUAGE=en_USMysecretsig1875!?' +
  'ORDERID=1234Mysecretsig1875!?' +
  'PSPID=MyPSPIDMysecretsig1875!?';

const sha1 = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex').toUpperCase();

describe('signer: line items in "logical" ascending order ([ADV] §10.5)', () => {
  it('hashes ITEMNAME1 … ITEMNAME9 before ITEMNAME10', () => {
    assert.equal(shaString(orderWithTenItems('1234'), PASSPHRASE, 'in'), LOGICAL_1234);
  });

  it('the SHASIGN sent is the SHA-1 of that string', () => {
    assert.equal(shaSign(orderWithTenItems('1234'), { passphrase: PASSPHRASE, algorithm: 'sha1', direction: 'in' }), sha1(LOGICAL_1234));
  });

  it('keeps the families apart: ITEMQUANT10 before ITEMQUANTORIG2, as in the printed list', () => {
    const params = { ITEMQUANTORIG2: 'b', ITEMQUANT10: 'a', ITEMQUANT9: 'c' };
    assert.equal(shaString(params, 'P', 'in'), 'ITEMQUANT9=cPITEMQUANT10=aPITEMQUANTORIG2=bP');
  });
});

describe('sandbox: checks line items in "logical" ascending order ([ADV] §10.5)', () => {
  let running: RunningSandbox;
  before(async () => {
    running = await startSandbox(GUIDE);
  });
  after(() => running.close());

  const hosted = (params: Record<string, string>) =>
    fetch(`${running.url}/ncol/test/orderstandard_utf8.asp`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
  const errorText = (html: string) => /<p class="ogone-error" role="alert" id="ncol-error">([^<]*)<\/p>/.exec(html)?.[1];

  it("opens the card page for a request signed in the guide's order", async () => {
    const logical = LOGICAL_1234.replace('ORDERID=1234', 'ORDERID=items-1');
    const response = await hosted({ ...orderWithTenItems('items-1'), SHASIGN: sha1(logical) });
    const html = await response.text();
    assert.equal(errorText(html), undefined, `refused: ${errorText(html)}`);
    assert.equal(response.status, 200);
    assert.match(html, /name="TOKEN"/);
  });

  it('refuses the plain alphabetical order (ITEMNAME10 right after ITEMNAME1) as unknown order/1/s', async () => {
    const alphabetical =
      'AMOUNT=1500Mysecretsig1875!?' +
      'CURRENCY=EURMysecretsig1875!?' +
      'ITEMNAME1=tea1Mysecretsig1875!?' +
      'ITEMNAME10=tea10Mysecretsig1875!?' +
      'ITEMNAME2=tea2Mysecretsig1875!?' +
      'ITEMNAME3=tea3Mysecretsig1875!?' +
      'ITEMNAME4=tea4Mysecretsig1875!?' +
      'ITEMNAME5=tea5Mysecretsig1875!?' +
      'ITEMNAME6=tea6Mysecretsig1875!?' +
      'ITEMNAME7=tea7Mysecretsig1875!?' +
      'ITEMNAME8=tea8Mysecretsig1875!?' +
      'ITEMNAME9=tea9Mysecretsig1875!?' +
      'LANGUAGE=en_USMysecretsig1875!?' +
      'ORDERID=items-2Mysecretsig1875!?' +
      'PSPID=MyPSPIDMysecretsig1875!?';
    const response = await hosted({ ...orderWithTenItems('items-2'), SHASIGN: sha1(alphabetical) });
    assert.equal(response.status, 400);
    assert.equal(errorText(await response.text()), 'unknown order/1/s');
  });
});
