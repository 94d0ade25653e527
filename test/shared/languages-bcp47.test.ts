/**
 * Review r1233 found `toBcp47` (published in `@ogone-checkout/shared`, "Ogone LANGUAGE → BCP 47
 * tag for Intl") turning Ogone's Danish and Swedish codes into tags of other languages: `dk_DK` →
 * "dk-DK" (no such language: Intl falls back to the default locale, en-US) and `se_SE` → "se-SE"
 * (ISO 639-1 `se` is Northern Sami, not Swedish).
 *
 * Defect: shared/languages.ts `toBcp47` only swapped `_` for `-`. Ogone's LANGUAGE codes for Danish
 * and Swedish are not BCP 47 language subtags: the module's own table maps BCP 47 `da` → `dk_DK`
 * and `sv` → `se_SE` (BY_LANGUAGE), but the reverse direction did not undo it. BCP 47 (RFC 5646)
 * takes the language subtag from ISO 639-1: Danish is `da`, Swedish `sv`.
 *
 * What a shopper / merchant suffers: an amount formatted for a Danish shopper with the tag comes
 * out in US English ("DKK 1,999.50" instead of "1.999,50 kr."); a page whose `lang` is set from it
 * (the sandbox's card page does: server/sandbox/hosted/card-form.ts `amountFor`) is read by screen
 * readers as an unknown language (Danish) or as Northern Sami (Swedish), and dates are written in
 * Sami ("ođđajagemánnu" for January). A merchant using the helper for its own pages gets the same.
 *
 * Expected: toBcp47('dk_DK') === 'da-DK', toBcp47('se_SE') === 'sv-SE'; the other codes are
 * unchanged apart from the separator ('fr_FR' → 'fr-FR').
 *
 * The fix made: shared/languages.ts `toBcp47` — map the two Ogone-specific language parts back
 * (`dk` → `da`, `se` → `sv`) before joining with `-`. The other codes of the list
 * (docs/ogone-protocol.md §4: the official PHP client's, plus zh_CN) are ISO 639-1 already:
 * Czech is `cs_CZ`, Greek `el_GR`, Japanese `ja_JP` (not "cz", "gr", "jp").
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatMoney, OGONE_LANGUAGES, toBcp47, toOgoneLanguage } from '../../shared/index.ts';

describe('toBcp47 for Ogone’s Danish and Swedish codes', () => {
  it('dk_DK is Danish: da-DK', () => {
    assert.equal(toBcp47('dk_DK'), 'da-DK');
  });

  it('se_SE is Swedish: sv-SE, not Northern Sami', () => {
    assert.equal(toBcp47('se_SE'), 'sv-SE');
  });

  it('round trip from a browser locale: da → dk_DK → da-DK, sv → se_SE → sv-SE', () => {
    assert.equal(toBcp47(toOgoneLanguage('da')), 'da-DK');
    assert.equal(toBcp47(toOgoneLanguage('sv-SE')), 'sv-SE');
  });

  it('an amount formatted for a Danish shopper is in Danish, not US English', () => {
    assert.equal(formatMoney(199950, 'DKK', toBcp47('dk_DK')), '1.999,50\u00a0kr.');
  });

  it('the other codes only change their separator (control)', () => {
    assert.equal(toBcp47('fr_FR'), 'fr-FR');
    assert.equal(toBcp47('nl_BE'), 'nl-BE');
    assert.equal(toBcp47('en_US'), 'en-US');
    assert.equal(toBcp47('cs_CZ'), 'cs-CZ');
    assert.equal(toBcp47('el_GR'), 'el-GR');
    assert.equal(toBcp47('ja_JP'), 'ja-JP');
  });

  it('every Ogone LANGUAGE becomes a tag of its own language, which Intl knows', () => {
    for (const code of OGONE_LANGUAGES) {
      const tag = toBcp47(code);
      assert.equal(Intl.getCanonicalLocales(tag)[0], tag, `${code} → ${tag} is a canonical BCP 47 tag`);
      // The tag names the language the code was chosen for: back to the same Ogone code.
      assert.equal(toOgoneLanguage(tag), code, `${code} → ${tag} → ${toOgoneLanguage(tag)}`);
      const language = new Intl.Locale(tag).language;
      assert.notEqual(
        new Intl.DisplayNames(['en'], { type: 'language' }).of(language),
        language,
        `${tag}: Intl knows no language "${language}"`,
      );
    }
  });
});
