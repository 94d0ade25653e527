/**
 * The card page speaks the LANGUAGE of the request (e-Commerce Advanced guide §6.2.1: "Language
 * of the customer, for example: en_US, nl_NL, fr_FR"), English when the sandbox has no texts for
 * it; the reason of a refusal is the platform's NCERROR text. Requests written by hand.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { orderId, postForm } from './helpers.ts';

let running: RunningSandbox;
before(async () => {
  running = await startSandbox(SANDBOX_ACCOUNT);
});
after(() => running.close());

function handSigned(fields: Record<string, string>): Record<string, string> {
  const names = Object.keys(fields)
    .filter((name) => fields[name] !== '')
    .sort();
  const text = names.map((name) => `${name}=${fields[name]}${SANDBOX_ACCOUNT.shaIn}`).join('');
  return { ...fields, SHASIGN: createHash('sha512').update(text, 'utf8').digest('hex').toUpperCase() };
}

async function cardPage(language: string): Promise<{ html: string; token: string }> {
  const fields: Record<string, string> = {
    PSPID: 'TESTPSPID',
    ORDERID: orderId('LANG'),
    AMOUNT: '1999',
    CURRENCY: 'EUR',
    ...(language ? { LANGUAGE: language } : {}),
  };
  const response = await postForm(`${running.url}/ncol/test/orderstandard_utf8.asp`, handSigned(fields));
  const html = await response.text();
  assert.equal(response.status, 200, html);
  return { html, token: /name="TOKEN" value="([^"]+)"/.exec(html)?.[1] ?? '' };
}

/** LANGUAGE → the page's lang, its card-number label and its Pay button. */
const EXPECTED: ReadonlyArray<readonly [string, string, string, string]> = [
  ['en_US', 'en', 'Card number', 'Pay'],
  ['fr_FR', 'fr', 'Numéro de carte', 'Payer'],
  ['de_DE', 'de', 'Kartennummer', 'Bezahlen'],
  ['nl_NL', 'nl', 'Kaartnummer', 'Betalen'],
  ['nl_BE', 'nl', 'Kaartnummer', 'Betalen'],
  ['es_ES', 'es', 'Número de tarjeta', 'Pagar'],
  ['it_IT', 'it', 'Numero della carta', 'Paga'],
  ['zh_CN', 'zh-CN', '卡号', '支付'],
];

describe('the card page in the LANGUAGE sent', () => {
  for (const [language, lang, label, pay] of EXPECTED) {
    it(`${language}: <html lang="${lang}">, "${label}", "${pay}"`, async () => {
      const { html } = await cardPage(language);
      assert.match(html, new RegExp(`<html lang="${lang}">`));
      assert.match(html, new RegExp(`<label for="CARDNO">${label}</label>`));
      assert.match(html, new RegExp(`value="pay">${pay} <span`));
    });
  }

  it('a LANGUAGE without texts (ja_JP, pl_PL): English', async () => {
    for (const language of ['ja_JP', 'pl_PL']) {
      const { html } = await cardPage(language);
      assert.match(html, /<html lang="en">/, language);
      assert.match(html, /<label for="CARDNO">Card number<\/label>/, language);
    }
  });

  it("a refusal in French: the heading in French, the reason in the platform's own words", async () => {
    const { token } = await cardPage('fr_FR');
    const response = await postForm(`${running.url}/ncol/test/sandbox_pay.asp`, {
      TOKEN: token,
      CARDNO: '4000000000000200',
      ED: '12/39',
      CVC: '123',
      CN: 'Jeanne Dupont',
      ACTION: 'pay',
    });
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /Votre paiement a été refusé/);
    assert.match(html, /<span lang="en" id="refusal-reason">Payment refused by the acquirer<\/span> \(NCERROR 30001001\)/);
    assert.match(html, /Vous pouvez réessayer avec une autre carte, ou annuler \(9 essais restants\)\./);
  });
});
