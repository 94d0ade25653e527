/**
 * Picking the widget's locale and its translation. Every translation is bundled (seven short
 * files, a few hundred bytes gzipped each) so the tag stays one request.
 */
import type { Translation } from './locales/types.ts';
import en from './locales/en.ts';
import fr from './locales/fr.ts';
import es from './locales/es.ts';
import it from './locales/it.ts';
import de from './locales/de.ts';
import nl from './locales/nl.ts';
import zhCN from './locales/zh-CN.ts';

export type { Translation };

/** Translations by language subtag; Chinese is Simplified (zh-CN) for every zh tag. */
export const TRANSLATIONS: Readonly<Record<string, Translation>> = { en, fr, es, it, de, nl, zh: zhCN };

/** The language of the translation for a BCP 47 tag: its own if translated ("fr-BE" → fr, "zh-Hans-CN" → zh), else en. */
export function languageFor(tag: string | null | undefined): string {
  const language = (tag ?? '').trim().split(/[-_]/)[0]!.toLowerCase();
  return TRANSLATIONS[language] ? language : 'en';
}

/** The translation for a BCP 47 tag, by its language ("fr-BE" → fr, "zh-Hans-CN" → zh-CN), else English. */
export function translationFor(tag: string | null | undefined): Translation {
  return TRANSLATIONS[languageFor(tag)]!;
}

/**
 * The locale an element should speak: its own `locale` attribute, else the nearest `lang` on it
 * or an ancestor (crossing shadow roots, up to `<html>`), else the session's locale, else the
 * browser's. Returns a BCP 47 tag that Intl accepts ("en" when nothing valid is found).
 */
export function resolveLocale(element: Element, explicit?: string | null, fallback?: string | null): string {
  for (const candidate of [explicit, nearestLang(element), fallback, globalThis.navigator?.language]) {
    const tag = candidate?.trim().replace(/_/g, '-');
    try {
      // One tag in, one canonical tag out, or a RangeError: then the next candidate.
      if (tag && Intl.getCanonicalLocales(tag)) return tag;
    } catch {
      // not a BCP 47 tag
    }
  }
  return 'en';
}

function nearestLang(node: unknown): string | undefined {
  // closest() stops at a shadow root: the search goes on from its host (a document has none).
  return node instanceof Element
    ? (node.closest('[lang]')?.getAttribute('lang') ?? nearestLang((node.getRootNode() as ShadowRoot).host))
    : undefined;
}
