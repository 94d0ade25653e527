/**
 * Guards review r1020 (finding 5): the dashboard's filter as read from its URL
 * (server/dashboard/client/filters-model.ts) asks the API only for what the merchant sees.
 *
 * 1. A day no calendar has (`to=2025-02-30`, `from=2025-13-01`) is dropped, as `to=nope` is.
 *    Before, `startOfDay` built it with `new Date(y, m - 1, d)`, which rolls over: payments before
 *    3 March, or from January 2026 — while the `<input type="date">` shows an empty box for such a
 *    value, so the list was filtered by a bound the merchant could not see (the API refuses
 *    `from=2025-02-30` with a 400).
 * 2. The URL and the search box keep as many characters of `q` as the API searches
 *    (shared/search.ts SEARCH_MAX_LENGTH, 254: an e-mail address), not 200: a longer e-mail was
 *    searched cut, an exact search that found nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { filtersFromSearch, filtersToApi } from '../../../server/dashboard/client/filters-model.ts';
import { dashboardPage } from '../../../server/dashboard/page.ts';
import { SEARCH_MAX_LENGTH } from '../../../shared/search.ts';

describe('dashboard filter days and search length from the URL', () => {
  for (const [name, day] of [
    ['to', '2025-02-30'],
    ['to', '2025-02-29'],
    ['from', '2025-13-01'],
    ['from', '2025-04-31'],
    ['from', '2025-00-10'],
    ['to', '0000-01-01'],
  ] as const) {
    it(`drops ${name}=${day}, a day no calendar has, instead of asking the API for another day`, () => {
      const filters = filtersFromSearch(new URLSearchParams(`${name}=${day}`));
      assert.equal(filters[name], '');
      const query = filtersToApi(filters);
      assert.equal(
        query.has(name),
        false,
        `${name}=${day} became ${name}=${query.get(name)} — a bound the date box (empty for an invalid value) does not show`,
      );
    });
  }

  it('keeps real days, 29 February of a leap year and years below 100 included', () => {
    for (const day of ['2024-02-29', '2025-12-31', '0099-03-01']) {
      assert.equal(filtersFromSearch(new URLSearchParams(`from=${day}`)).from, day);
    }
  });

  it('keeps an e-mail as long as the API searches (254 characters)', () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    assert.ok(email.length <= SEARCH_MAX_LENGTH && email.length > 200, `${email.length} characters`);
    const filters = filtersFromSearch(new URLSearchParams({ q: email }));
    assert.equal(filtersToApi(filters).get('q'), email, 'the search the API is asked is the e-mail typed, not its first 200 characters');
  });

  it('lets the search box take as many characters as the API searches', async () => {
    const page = String(await dashboardPage({ merchantName: 'Shop' }));
    assert.match(page, new RegExp(`<input id="q" [^>]*maxlength="${SEARCH_MAX_LENGTH}"`));
  });
});

describe('dashboard filter: a day of a two-digit year', () => {
  // `new Date(y, …)` reads years 0–99 as 1900–1999: the box showed 0050-01-01 while the API was
  // asked from 1950 (review r1040).
  for (const [name, day] of [
    ['from', '0050-01-01'],
    ['to', '0099-12-30'],
  ] as const) {
    it(`${name}=${day} is asked of the API as that day, not 19xx`, () => {
      const filters = filtersFromSearch(new URLSearchParams(`${name}=${day}`));
      assert.equal(filters[name], day, 'kept: the date box shows it');
      const sent = filtersToApi(filters).get(name);
      assert.ok(sent, `${name} sent`);
      assert.equal(new Date(sent).getFullYear(), Number(day.slice(0, 4)), `the API was asked ${name}=${sent} for the shown day ${day}`);
    });
  }
});
