/**
 * The payment page's language from the request's LANGUAGE (`fr_FR`, `nl_BE`, `zh_CN`…): the
 * platform shows its pages in the shopper's language and in English when it has no texts for it
 * (e-Commerce Advanced guide §6.2.1, LANGUAGE; English fallback: docs/ogone-protocol.md §14). Matched on the
 * language part of the code, so `fr_BE` and `fr_FR` both get French.
 */
import { de } from './de.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { it } from './it.ts';
import { nl } from './nl.ts';
import type { PageTexts } from './types.ts';
import { zh } from './zh.ts';

export type { PageTexts } from './types.ts';

const BY_LANGUAGE: Readonly<Record<string, PageTexts>> = { en, fr, de, nl, es, it, zh };

function languagePart(language: string): string {
  return language.trim().toLowerCase().split(/[_-]/)[0] ?? '';
}

export function pageTexts(language: string): PageTexts {
  return hasPageTexts(language) ? BY_LANGUAGE[languagePart(language)]! : en;
}

/** Whether the sandbox has texts for the code's language (`fr_BE`, `de_CH` yes; `ja_JP` no). */
export function hasPageTexts(language: string): boolean {
  return Object.hasOwn(BY_LANGUAGE, languagePart(language));
}
