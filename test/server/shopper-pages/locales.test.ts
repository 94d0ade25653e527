/**
 * The shopper pages speak exactly the widget's languages, every key in each, none left in English
 * (issue 16), and NCERROR codes land in the reason a shopper can act on.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { declineReason } from '../../../server/shopper-pages/decline-reasons.ts';
import { cardLabel } from '../../../server/shopper-pages/card-label.ts';
import { acceptedLanguages, SHOPPER_TEXTS, shopperText } from '../../../server/shopper-pages/languages.ts';
import en from '../../../server/shopper-pages/locales/en.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const localeFiles = (dir: string) =>
  readdirSync(path.join(ROOT, dir))
    .filter((name) => name.endsWith('.ts') && name !== 'types.ts')
    .sort();

/** Every string of a translation by its path ("title.declined"); functions are called with a sample code. */
function leaves(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'string') out.set(prefix, value);
  else if (typeof value === 'function') out.set(prefix, String((value as (code: string) => string)('30001001')));
  else if (value && typeof value === 'object')
    for (const [key, child] of Object.entries(value)) for (const [k, v] of leaves(child, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
  return out;
}

describe('shopper page translations', () => {
  it("one file per language of the widget's, no more, no fewer", () => {
    assert.deepEqual(localeFiles('server/shopper-pages/locales'), localeFiles('widget/ogone-checkout/locales'));
    assert.equal(Object.keys(SHOPPER_TEXTS).length, localeFiles('widget/ogone-checkout/locales').length);
  });

  it('every key in every language, non-empty, and none left in English', () => {
    const english = leaves(en);
    for (const [language, text] of Object.entries(SHOPPER_TEXTS)) {
      const own = leaves(text);
      assert.deepEqual([...own.keys()].sort(), [...english.keys()].sort(), language);
      for (const [key, value] of own) assert.ok(value.trim().length > 0, `${language} ${key} is empty`);
      if (language === 'en') continue;
      const untranslated = [...own].filter(([key, value]) => key !== '$code' && value === english.get(key)).map(([key]) => key);
      assert.deepEqual(untranslated, [], `${language} still in English`);
      assert.match(own.get('supportDetails')!, /30001001/, `${language} shows the code on the support line`);
    }
  });

  it('picks the first supported language, Chinese tags read zh-CN, else English', () => {
    assert.equal(shopperText([undefined, 'pt-BR', 'fr_BE']).$code, 'fr');
    assert.equal(shopperText(['zh-Hant-TW']).$code, 'zh-CN');
    assert.equal(shopperText(['ja', '']).$code, 'en');
    assert.deepEqual(acceptedLanguages('fr;q=0.5, de-CH, en;q=0, *;q=0.1, nl;q=0.5'), ['de-CH', 'fr', 'nl']);
  });
});

describe('decline reasons', () => {
  const reason = (state: Parameters<typeof declineReason>[0], code: string | null) => declineReason(state, code)?.reason;

  it('groups codes by what the shopper can do', () => {
    assert.equal(reason('declined', '30511001'), 'insufficient_funds');
    assert.equal(reason('declined', '30331001'), 'card_expired');
    assert.equal(reason('declined', '0050001005'), 'card_expired', 'leading zeros as listed');
    assert.equal(reason('declined', '50001068'), 'card_invalid');
    assert.equal(reason('declined', '40001134'), 'authentication_failed');
    assert.equal(reason('error', '50001134'), 'authentication_failed');
    assert.equal(reason('cancelled', '30171001'), 'cancelled');
    assert.equal(declineReason('cancelled', null, 1)?.reason, 'cancelled', 'STATUS 1: cancelled by the shopper');
    assert.equal(declineReason('cancelled', null, 6), undefined, 'STATUS 6: cancelled by the shop, not the shopper');
    assert.equal(declineReason('cancelled', null), undefined);
    assert.equal(reason('declined', '30001001'), 'refused');
    assert.equal(reason('declined', '30041001'), 'refused', 'any other refusal (NCSTATUS 3)');
    assert.equal(reason('declined', null), 'refused');
    assert.equal(reason('declined', '20002005'), 'technical', 'NCSTATUS 2: uncertain, technical');
    assert.equal(reason('error', '0'), 'technical');
  });

  it('keeps the code for support, never "0", and says nothing for a payment that did not fail', () => {
    assert.deepEqual(declineReason('declined', '30001001'), { reason: 'refused', code: '30001001' });
    assert.deepEqual(declineReason('error', '0'), { reason: 'technical', code: undefined });
    for (const state of ['captured', 'authorized', 'pending', 'draft', 'refunded', 'expired'] as const)
      assert.equal(declineReason(state, '30001001'), undefined, state);
  });
});

describe('card label', () => {
  it('"VISA •••• 1111", never the masked X run', () => {
    assert.equal(cardLabel('VISA', 'XXXXXXXXXXXX1111'), 'VISA •••• 1111');
    assert.equal(cardLabel('American Express', 'XXXXXXXXXXX0005'), 'American Express •••• 0005');
    assert.equal(cardLabel(null, 'XXXXXXXXXXXX4242'), '•••• 4242');
    assert.equal(cardLabel('iDEAL', null), 'iDEAL');
    assert.equal(cardLabel(null, null), undefined);
  });
});
