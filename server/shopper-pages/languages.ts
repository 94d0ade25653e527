/**
 * The shopper's language for our pages: the widget's seven (widget/ogone-checkout/locales/), the
 * first one found among the candidates — the payment's own locale, then the browser's
 * Accept-Language — else English.
 */
import type { ShopperText } from './locales/types.ts';
import en from './locales/en.ts';
import fr from './locales/fr.ts';
import es from './locales/es.ts';
import zhCN from './locales/zh-CN.ts';
import de from './locales/de.ts';
import nl from './locales/nl.ts';
import it from './locales/it.ts';

export type { ShopperText };

/** By language subtag; every Chinese tag reads Simplified Chinese, as in the widget. */
export const SHOPPER_TEXTS: Readonly<Record<string, ShopperText>> = { en, fr, es, zh: zhCN, de, nl, it };

/** The first supported language among `candidates` (BCP 47 tags or Ogone's fr_FR), else English. */
export function shopperText(candidates: ReadonlyArray<string | null | undefined>): ShopperText {
  for (const candidate of candidates) {
    const language = candidate?.trim().toLowerCase().split(/[-_]/)[0];
    // Own properties only: "constructor" is a language tag to a plain object's lookup.
    const text = language && Object.hasOwn(SHOPPER_TEXTS, language) ? SHOPPER_TEXTS[language] : undefined;
    if (text) return text;
  }
  return en;
}

/** Languages of an Accept-Language header, most preferred first (q=0 or Q=0 means "not this one"). */
export function acceptedLanguages(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...rest] = part.trim().split(';');
      // The weight's "q=" is case-insensitive (RFC 9110 §12.4.2, ABNF strings: RFC 5234 §2.3):
      // an unread "Q=0.1" weighed 1 and put the language ranked last first (review r1710).
      const q = rest.find((p) => p.trim().toLowerCase().startsWith('q='));
      return { tag: tag.trim(), q: q ? Number(q.trim().slice(2)) || 0 : 1, index };
    })
    .filter((entry) => entry.tag && entry.tag !== '*' && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
}
