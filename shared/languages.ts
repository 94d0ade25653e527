/**
 * The shopper's locale → Ogone's LANGUAGE parameter.
 * Accepted values: the official PHP client's list plus zh_CN, which other sources add; unknown
 * locales fall back to en_US (docs/ogone-protocol.md §4; the guides give examples only, §14).
 */
export const OGONE_LANGUAGES = [
  'en_US',
  'cs_CZ',
  'de_DE',
  'dk_DK',
  'el_GR',
  'es_ES',
  'fr_FR',
  'it_IT',
  'ja_JP',
  'nl_BE',
  'nl_NL',
  'no_NO',
  'pl_PL',
  'pt_PT',
  'ru_RU',
  'se_SE',
  'sk_SK',
  'tr_TR',
  'zh_CN',
] as const;
export type OgoneLanguage = (typeof OGONE_LANGUAGES)[number];

const BY_LANGUAGE: Readonly<Record<string, OgoneLanguage>> = {
  en: 'en_US',
  cs: 'cs_CZ',
  de: 'de_DE',
  da: 'dk_DK',
  el: 'el_GR',
  es: 'es_ES',
  fr: 'fr_FR',
  it: 'it_IT',
  ja: 'ja_JP',
  nl: 'nl_NL',
  no: 'no_NO',
  nb: 'no_NO',
  nn: 'no_NO',
  pl: 'pl_PL',
  pt: 'pt_PT',
  ru: 'ru_RU',
  sv: 'se_SE',
  sk: 'sk_SK',
  tr: 'tr_TR',
  zh: 'zh_CN',
};

/** Maps a BCP 47 tag ("fr", "fr-BE", "nl-BE", "zh-Hans-CN") or an Ogone code to a LANGUAGE value. */
export function toOgoneLanguage(locale: string | null | undefined): OgoneLanguage {
  if (!locale) return 'en_US';
  const normalized = locale.trim().replace('-', '_');
  const exact = OGONE_LANGUAGES.find((l) => l.toLowerCase() === normalized.toLowerCase());
  if (exact) return exact;
  const [language = '', ...rest] = locale.trim().toLowerCase().split(/[-_]/);
  if (language === 'nl' && rest.includes('be')) return 'nl_BE';
  // Own properties only: "constructor" or "toString" would find Object.prototype's.
  return (Object.hasOwn(BY_LANGUAGE, language) ? BY_LANGUAGE[language] : undefined) ?? 'en_US';
}

/**
 * The language parts of OGONE_LANGUAGES that are not BCP 47 language subtags (ISO 639-1): Danish
 * is `da` and Swedish `sv` (`se` is Northern Sami, `dk` no language at all). The others (cs, el,
 * ja, no…) are ISO 639-1 already.
 */
const BCP47_LANGUAGE_OF: Readonly<Record<string, string>> = { dk: 'da', se: 'sv' };

/** Ogone LANGUAGE → BCP 47 tag for Intl ("fr_FR" → "fr-FR", "dk_DK" → "da-DK", "se_SE" → "sv-SE"). */
export function toBcp47(language: string): string {
  const tag = language.replace('_', '-');
  const end = tag.indexOf('-');
  const part = (end === -1 ? tag : tag.slice(0, end)).toLowerCase();
  // Own properties only, as above.
  return Object.hasOwn(BCP47_LANGUAGE_OF, part) ? BCP47_LANGUAGE_OF[part] + tag.slice(part.length) : tag;
}
