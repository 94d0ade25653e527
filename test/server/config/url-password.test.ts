/**
 * A URL setting's password in every form a message may quote it: the crash handler scrubs each
 * from its fatal line, the placeholder check recognises `change-me` in each. Until one helper
 * served both, the crash handler dropped the password altogether when its escape was malformed
 * (decodeURIComponent threw), so a defect quoting the URL would have printed it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { urlPasswordForms } from '../../../server/config/url-password.ts';
import { holdsPlaceholder } from '../../../server/config/placeholders.ts';

describe('urlPasswordForms', () => {
  it('gives the written and the decoded form of an escaped password', () => {
    assert.deepEqual(urlPasswordForms('postgres://app:s%23cr%40t@db:5432/pay'), ['s%23cr%40t', 's#cr@t']);
  });

  it('gives one form when nothing is escaped', () => {
    assert.deepEqual(urlPasswordForms('postgres://app:plain@db/pay'), ['plain']);
  });

  it('keeps the written form when its escape is malformed', () => {
    assert.deepEqual(urlPasswordForms('postgres://app:50%zz@db/pay'), ['50%zz']);
  });

  it('gives nothing without a password or a URL', () => {
    assert.deepEqual(urlPasswordForms('postgres://app@db/pay'), []);
    assert.deepEqual(urlPasswordForms('not a url'), []);
    assert.deepEqual(urlPasswordForms(''), []);
  });
});

describe('a DATABASE_URL placeholder', () => {
  it('is recognised written, escaped, or with a malformed escape', () => {
    assert.equal(holdsPlaceholder('DATABASE_URL', 'postgres://app:change-me@db/pay'), true);
    assert.equal(holdsPlaceholder('DATABASE_URL', 'postgres://app:%63hange-me@db/pay'), true);
    assert.equal(holdsPlaceholder('DATABASE_URL', 'postgres://app:change-me%zz@db/pay'), true);
    assert.equal(holdsPlaceholder('DATABASE_URL', 'postgres://app:s3cret@db/pay'), false);
  });
});
