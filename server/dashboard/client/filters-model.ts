/**
 * The list's filter as it lives in the dashboard's URL (`/dashboard?q=…&state=a,b&from=…`), so a
 * reload or a shared link keeps it, and as the merchant API reads it. Pure.
 */
import { SEARCH_MAX_LENGTH } from '../../../shared/search.ts';
import { PAYMENT_STATES } from '../../../shared/status.ts';

export interface Filters {
  q: string;
  states: string[];
  /** `YYYY-MM-DD`, the merchant's own days, both inclusive. */
  from: string;
  to: string;
  drafts: boolean;
  expired: boolean;
}

export const NO_FILTERS: Filters = { q: '', states: [], from: '', to: '', drafts: false, expired: false };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const known = new Set<string>(PAYMENT_STATES);

/**
 * Whether a `YYYY-MM-DD` names a day of the calendar: `new Date(y, m - 1, d)` rolls 30 February
 * over to 2 March and month 13 to January, while the date box shows nothing for such a value, so
 * the list would be filtered by a bound the merchant cannot see (review r1020); the API refuses
 * them too. Nor is year 0 (no HTML date has it, and the API starts at 0001).
 */
function realDay(value: string): boolean {
  if (!DAY.test(value) || value < '0001') return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(2000, m - 1, d));
  date.setUTCFullYear(y);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function filtersFromSearch(search: URLSearchParams): Filters {
  const day = (name: string) => {
    const value = search.get(name) ?? '';
    return realDay(value) ? value : '';
  };
  return {
    q: (search.get('q') ?? '').trim().slice(0, SEARCH_MAX_LENGTH),
    states: (search.get('state') ?? '')
      .split(',')
      .filter((s) => known.has(s))
      .filter((s, i, all) => all.indexOf(s) === i),
    from: day('from'),
    to: day('to'),
    drafts: search.get('drafts') === 'true',
    expired: search.get('expired') === 'true',
  };
}

/** The dashboard's own query string: only what differs from no filter. */
export function filtersToSearch(filters: Filters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.q) search.set('q', filters.q);
  if (filters.states.length > 0) search.set('state', filters.states.join(','));
  if (filters.from) search.set('from', filters.from);
  if (filters.to) search.set('to', filters.to);
  if (filters.drafts) search.set('drafts', 'true');
  if (filters.expired) search.set('expired', 'true');
  return search;
}

/**
 * Local midnight of a `YYYY-MM-DD` day, as an instant (the merchant picks days in their time zone).
 * setFullYear, since `new Date(y, …)` reads years 0–99 as 1900–1999: the API was asked about 1950
 * for a box showing 0050 (review r1040).
 */
function startOfDay(day: string, addDays = 0): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(2000, 0, 1);
  date.setFullYear(y, m - 1, d + addDays);
  return date.toISOString();
}

/**
 * The API's query (GET /api/transactions and export.csv): `to` is exclusive there, so the last
 * chosen day runs to the next midnight. Drafts and expired attempts are left out unless asked for
 * or filtered on by state.
 */
export function filtersToApi(filters: Filters): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.q) query.set('q', filters.q);
  if (filters.states.length > 0) query.set('state', filters.states.join(','));
  if (filters.from) query.set('from', startOfDay(filters.from));
  if (filters.to) query.set('to', startOfDay(filters.to, 1));
  if (filters.drafts || filters.states.includes('draft')) query.set('includeDrafts', 'true');
  if (filters.expired || filters.states.includes('expired')) query.set('includeExpired', 'true');
  return query;
}

/** Why a filter cannot be sent, or undefined. */
export function filtersProblem(filters: Filters): string | undefined {
  if (filters.from && filters.to && filters.from > filters.to) return 'The "from" day is after the "to" day.';
  return undefined;
}
