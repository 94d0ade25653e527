/**
 * The card page speaks the language part of a LANGUAGE with any region: `fr_BE`, `fr_CH` get
 * French, `de_CH` German (review r1363 found them English: the sandbox kept only the codes of our
 * signer's list and gave every other one `en_US`).
 *
 * [ADV] §6.2.1: LANGUAGE is the "Language of the customer, for example: en_US, nl_NL, fr_FR, …" —
 * a language_COUNTRY code, the guide giving examples, not a closed list. The sandbox's page is
 * chosen by the code's language part (docs/ogone-protocol.md §13, server/sandbox/README.md), as
 * its FlexCheckout page already was; English only for a language it has no texts for
 * (hosted-language.test.ts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { hostedOrder, openCheckout } from './helpers.ts';

let running: RunningSandbox;
before(async () => {
  running = await startSandbox(SANDBOX_ACCOUNT);
});
after(() => running.close());

const CASES: ReadonlyArray<readonly [string, string, string]> = [
  ['fr_BE', 'fr', 'Numéro de carte'],
  ['fr_CH', 'fr', 'Numéro de carte'],
  ['de_CH', 'de', 'Kartennummer'],
];

describe('the card page speaks the language part of LANGUAGE', () => {
  for (const [language, lang, label] of CASES) {
    it(`LANGUAGE=${language}: <html lang="${lang}">, "${label}"`, async () => {
      const { status, html } = await openCheckout(running.url, hostedOrder({ LANGUAGE: language }));
      assert.equal(status, 200, html);
      // The page in the code's language (docs §13, sandbox README), never English.
      assert.match(html, new RegExp(`<html lang="${lang}`), `LANGUAGE=${language} gave ${/<html lang="([^"]*)"/.exec(html)?.[1]}`);
      assert.match(html, new RegExp(`<label for="CARDNO">${label}</label>`));
    });
  }

  it('a code of a known language but no well-formed tag (fr_!!): English, never an error', async () => {
    const { status, html } = await openCheckout(running.url, hostedOrder({ LANGUAGE: 'fr_!!' }));
    assert.equal(status, 200, html);
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<label for="CARDNO">Card number<\/label>/);
  });
});
