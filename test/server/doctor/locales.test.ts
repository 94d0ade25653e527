/**
 * The doctor's locales (server/doctor/locales/): every key of en.ts in every language, none left
 * in English, and a whole report in each language with no English finding left in it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatReport, runDoctor } from '../../../server/commands/doctor.ts';
import { DOCTOR_LANGUAGES, MESSAGES, doctorLanguage } from '../../../server/doctor/i18n.ts';
import type { DoctorMessages } from '../../../server/doctor/locales/en.ts';

const LOCALES_DIR = fileURLToPath(new URL('../../../server/doctor/locales/', import.meta.url));
const WIDGET_LOCALES_DIR = fileURLToPath(new URL('../../../widget/ogone-checkout/locales/', import.meta.url));

/** Words that are the same in English and the language: the product's name, "Alias". */
const SAME_AS_ENGLISH: Partial<Record<string, ReadonlyArray<keyof DoctorMessages>>> = {
  fr: ['title', 'alias'],
  es: ['title', 'alias'],
  it: ['title', 'alias'],
  nl: ['title'],
};

const render = (value: DoctorMessages[keyof DoctorMessages]): string =>
  typeof value === 'function' ? (value as (...args: unknown[]) => string)('ARG1', 7, 'ARG3', 16, 32) : value;

test('one locale file per language, the seeds and every language the widget has', () => {
  const files = readdirSync(LOCALES_DIR).map((file) => file.replace(/\.ts$/, ''));
  assert.deepEqual([...files].sort(), [...DOCTOR_LANGUAGES].sort());
  for (const file of readdirSync(WIDGET_LOCALES_DIR)) {
    if (file === 'types.ts') continue;
    const language = file.replace(/\.ts$/, '').split('-')[0]!;
    assert.ok((DOCTOR_LANGUAGES as readonly string[]).includes(language), `the widget speaks ${language}, the doctor does not`);
  }
});

test('every key of en.ts exists in every locale, of the same kind, and none is left in English', () => {
  const english = MESSAGES.en;
  for (const language of DOCTOR_LANGUAGES) {
    const messages = MESSAGES[language];
    assert.deepEqual(Object.keys(messages).sort(), Object.keys(english).sort(), language);
    if (language === 'en') continue;
    for (const key of Object.keys(english) as Array<keyof DoctorMessages>) {
      assert.equal(typeof messages[key], typeof english[key], `${language}.${key}`);
      const text = render(messages[key]);
      assert.ok(text.trim() !== '', `${language}.${key} is empty`);
      if (SAME_AS_ENGLISH[language]?.includes(key)) continue;
      assert.notEqual(text, render(english[key]), `${language}.${key} is still English`);
    }
  }
});

test('--lang: a whole report with no English finding, heading or summary left', async () => {
  // Offline, with many findings of every kind: errors, warnings, explanations.
  const env = {
    OGONE_PSPID: 'ShopTEST',
    OGONE_USER_ID: 'api',
    OGONE_PASSWORD: 'secret-password',
    OGONE_SHA_IN: 'short',
    OGONE_SHA_OUT: 'Another-passphrase-123',
    OGONE_ENVIRONMENT: 'production',
    OGONE_HASH_ALGORITHM: 'sha1',
    OGONE_BASE_URL: 'https://ogone.test.v-psp.com',
    PUBLIC_URL: 'http://localhost:8787',
    WEBHOOK_URL: 'http://shop.example.com/hooks',
    MERCHANT_API_KEYS: 'short-key',
    RATE_LIMIT_PER_MINUTE: 'lots',
  };
  const english = await runDoctor(env, { offline: true, language: 'en' });
  assert.ok(english.findings.length >= 10, JSON.stringify(english.findings));
  for (const language of DOCTOR_LANGUAGES.filter((l) => l !== 'en')) {
    const report = await runDoctor(env, { offline: true, language });
    assert.equal(report.language, language);
    assert.deepEqual(
      report.findings.map((f) => f.check),
      english.findings.map((f) => f.check),
    );
    const text = formatReport(report);
    report.findings.forEach((finding, index) => {
      const inEnglish = english.findings[index]!.message;
      assert.notEqual(finding.message, inEnglish, `${language}: ${finding.check} is still English`);
      assert.ok(!text.includes(inEnglish), `${language}: "${inEnglish}" is in the report`);
    });
    report.checklist.forEach((section, index) => {
      if (section.id === 'alias' && SAME_AS_ENGLISH[language]?.includes('alias')) return;
      assert.notEqual(section.title, english.checklist[index]!.title, `${language}: section ${section.id}`);
    });
    // The findings heading and the summary (first and last lines of their own).
    const lines = text.split('\n');
    const englishLines = formatReport(english).split('\n');
    assert.notEqual(lines[2], englishLines[2]);
    assert.notEqual(lines.at(-1), englishLines.at(-1));
  }
});

test('the language comes from --lang, then LC_ALL or LANG, else English', () => {
  assert.equal(doctorLanguage('de', { LANG: 'fr_FR.UTF-8' }), 'de');
  assert.equal(doctorLanguage(undefined, { LANG: 'nl_BE.UTF-8' }), 'nl');
  assert.equal(doctorLanguage(undefined, { LC_ALL: 'it_IT', LANG: 'fr_FR' }), 'it');
  assert.equal(doctorLanguage(undefined, { LANG: 'zh_CN.UTF-8' }), 'zh');
  // An empty LC_ALL is unset (POSIX): LANG still says the language.
  assert.equal(doctorLanguage(undefined, { LC_ALL: '', LANG: 'fr_FR.UTF-8' }), 'fr');
  assert.equal(doctorLanguage(undefined, { LC_ALL: '', LANG: '' }), 'en');
  assert.equal(doctorLanguage('xx', {}), 'en');
});
