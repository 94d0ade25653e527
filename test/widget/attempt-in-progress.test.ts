/**
 * The widget says kindly that a payment is already being processed (409 attempt_in_progress,
 * issue 13) in every locale it ships — its own words, not the generic "could not start" text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Translation } from '../../widget/ogone-checkout/locales/types.ts';

const DIR = fileURLToPath(new URL('../../widget/ogone-checkout/locales/', import.meta.url));

test('every locale has its own attempt_in_progress message', async () => {
  const files = (await readdir(DIR)).filter((name) => name.endsWith('.ts') && name !== 'types.ts' && name !== 'index.ts');
  assert.ok(files.length >= 7, files.join(', '));
  const english = ((await import(new URL(`en.ts`, `file://${DIR}`).href)) as { default: Translation }).default.errors.attempt_in_progress;
  for (const file of files) {
    const { default: t } = (await import(new URL(file, `file://${DIR}`).href)) as { default: Translation };
    const message = t.errors.attempt_in_progress;
    assert.ok(typeof message === 'string' && message.length > 10, file);
    assert.notEqual(message, t.errors.server, `${file}: not the generic failure text`);
    if (file !== 'en.ts') assert.notEqual(message, english, `${file}: translated`);
  }
});
