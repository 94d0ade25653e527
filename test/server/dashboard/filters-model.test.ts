/** The list's filter: read from and written to the dashboard's URL, turned into the API's query. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  filtersFromSearch,
  filtersProblem,
  filtersToApi,
  filtersToSearch,
  NO_FILTERS,
} from '../../../server/dashboard/client/filters-model.ts';
import { viewOf } from '../../../server/dashboard/client/routes-client.ts';

describe('dashboard filters', () => {
  it('round-trips through the URL, dropping what is unknown', () => {
    const filters = filtersFromSearch(
      new URLSearchParams('q=ada@example.com&state=captured,bogus,refunded,captured&from=2025-01-01&to=nope&drafts=true'),
    );
    assert.deepEqual(filters, {
      q: 'ada@example.com',
      states: ['captured', 'refunded'],
      from: '2025-01-01',
      to: '',
      drafts: true,
      expired: false,
    });
    assert.equal(filtersToSearch(filters).toString(), 'q=ada%40example.com&state=captured%2Crefunded&from=2025-01-01&drafts=true');
    assert.equal(filtersToSearch(NO_FILTERS).toString(), '');
  });

  it("asks the API from the first day's midnight to the midnight after the last day (its `to` is exclusive)", () => {
    const query = filtersToApi({ ...NO_FILTERS, from: '2025-01-30', to: '2025-01-31' });
    assert.equal(query.get('from'), new Date(2025, 0, 30).toISOString());
    assert.equal(query.get('to'), new Date(2025, 1, 1).toISOString());
    assert.equal(query.has('includeDrafts'), false);
    assert.equal(query.has('includeExpired'), false);
  });

  it('shows drafts and expired attempts when asked for, or when filtered on', () => {
    assert.equal(filtersToApi({ ...NO_FILTERS, drafts: true, expired: true }).toString(), 'includeDrafts=true&includeExpired=true');
    assert.equal(filtersToApi({ ...NO_FILTERS, states: ['draft'] }).toString(), 'state=draft&includeDrafts=true');
    assert.equal(
      filtersToApi({ ...NO_FILTERS, q: '1111', states: ['captured', 'refunded'] }).toString(),
      'q=1111&state=captured%2Crefunded',
    );
  });

  it('refuses a range that ends before it starts', () => {
    assert.match(filtersProblem({ ...NO_FILTERS, from: '2025-02-01', to: '2025-01-31' }) ?? '', /after/);
    assert.equal(filtersProblem({ ...NO_FILTERS, from: '2025-01-31', to: '2025-01-31' }), undefined);
  });

  it("tells the list from a payment's page", () => {
    assert.deepEqual(viewOf('/dashboard'), { kind: 'list' });
    assert.deepEqual(viewOf('/dashboard/transactions/OC-1%2F2'), { kind: 'transaction', reference: 'OC-1/2' });
    assert.deepEqual(viewOf('/dashboard/transactions/%E0'), { kind: 'list' });
  });
});
