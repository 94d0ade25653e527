/**
 * The doctor's languages: the seeds' four (en, fr, es, zh) and the widget's others (de, it, nl;
 * widget/ogone-checkout/locales/). One file per language under locales/, each a
 * `DoctorMessages` with every key of en.ts (the type checks it, test/server/doctor/locales.test.ts
 * too, and that none is left in English).
 */
import { de } from './locales/de.ts';
import { en, type DoctorMessages } from './locales/en.ts';
import { es } from './locales/es.ts';
import { fr } from './locales/fr.ts';
import { it } from './locales/it.ts';
import { nl } from './locales/nl.ts';
import { zh } from './locales/zh.ts';

export type { DoctorMessages };

export const DOCTOR_LANGUAGES = ['en', 'fr', 'es', 'zh', 'de', 'it', 'nl'] as const;
export type DoctorLanguage = (typeof DOCTOR_LANGUAGES)[number];

export const MESSAGES: Readonly<Record<DoctorLanguage, DoctorMessages>> = { en, fr, es, zh, de, it, nl };

/**
 * `--lang` wins, then LC_ALL / LANG ("fr_FR.UTF-8" → fr, "zh_CN" → zh), then English. An empty
 * LC_ALL is unset, as POSIX reads it (`LC_ALL= doctor` keeps LANG's language).
 */
export function doctorLanguage(option: string | undefined, env: Readonly<Record<string, string | undefined>>): DoctorLanguage {
  return languageOf(option ?? (env.LC_ALL || undefined) ?? (env.LANG || undefined) ?? 'en') ?? 'en';
}

/** The report language a locale names (`fr`, `fr-BE`, `fr_FR.UTF-8`), or undefined for none we have. */
export function languageOf(locale: string): DoctorLanguage | undefined {
  const language = locale.toLowerCase().split(/[-_.]/)[0] ?? '';
  return (DOCTOR_LANGUAGES as readonly string[]).includes(language) ? (language as DoctorLanguage) : undefined;
}
