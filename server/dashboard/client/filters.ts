/**
 * The search box and filters above the list: the form shows the filter of the URL, submitting it
 * writes the filter into the URL (so a reload or a bookmark keeps it) and reloads the list. The
 * "Export CSV" link carries the same filter.
 */
import type { Api } from './api.ts';
import { $ } from './dom.ts';
import { filtersFromSearch, filtersProblem, filtersToApi, filtersToSearch, NO_FILTERS, type Filters } from './filters-model.ts';
import { DASHBOARD_PATH } from './routes-client.ts';

export class FilterForm {
  readonly #form = $<HTMLFormElement>('filters');

  constructor(
    private readonly api: () => Api,
    private readonly apply: (filters: Filters) => void,
    private readonly notice: (text: string) => void,
  ) {
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#submit(this.#read());
    });
    $('clear-filters').addEventListener('click', () => {
      this.show(NO_FILTERS);
      this.#submit(NO_FILTERS);
      $('q').focus();
    });
    $('export').addEventListener('click', (event) => {
      event.preventDefault();
      void this.#export();
    });
  }

  /** The filter of the current URL. */
  current(): Filters {
    return filtersFromSearch(new URLSearchParams(location.search));
  }

  show(filters: Filters) {
    $<HTMLInputElement>('q').value = filters.q;
    $<HTMLInputElement>('from').value = filters.from;
    $<HTMLInputElement>('to').value = filters.to;
    $<HTMLInputElement>('show-drafts').checked = filters.drafts;
    $<HTMLInputElement>('show-expired').checked = filters.expired;
    for (const box of this.#form.querySelectorAll<HTMLInputElement>('input[name="state"]'))
      box.checked = filters.states.includes(box.value);
    this.#exportHref(filters);
    $('filter-error').textContent = '';
  }

  #read(): Filters {
    return {
      q: $<HTMLInputElement>('q').value.trim(),
      states: [...this.#form.querySelectorAll<HTMLInputElement>('input[name="state"]:checked')].map((box) => box.value),
      from: $<HTMLInputElement>('from').value,
      to: $<HTMLInputElement>('to').value,
      drafts: $<HTMLInputElement>('show-drafts').checked,
      expired: $<HTMLInputElement>('show-expired').checked,
    };
  }

  #submit(filters: Filters) {
    const problem = filtersProblem(filters);
    $('filter-error').textContent = problem ?? '';
    if (problem) return;
    const search = filtersToSearch(filters).toString();
    history.pushState(null, '', `${DASHBOARD_PATH}${search ? `?${search}` : ''}`);
    this.#exportHref(filters);
    this.apply(filters);
  }

  #exportHref(filters: Filters) {
    const query = filtersToApi(filters).toString();
    $<HTMLAnchorElement>('export').href = `/api/transactions/export.csv${query ? `?${query}` : ''}`;
  }

  /** The export is behind the API key, which a plain link cannot send: fetched, then saved. */
  async #export() {
    const link = $<HTMLAnchorElement>('export');
    try {
      const blob = await this.api().download(new URL(link.href).pathname + new URL(link.href).search);
      const url = URL.createObjectURL(blob);
      const save = document.createElement('a');
      save.href = url;
      save.download = `transactions-${new Date().toISOString().slice(0, 10)}.csv`;
      document.body.append(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      this.notice('CSV export of the current filter downloaded.');
    } catch (failure) {
      this.notice(`CSV export failed: ${(failure as Error).message}`);
    }
  }
}
