/**
 * The transactions list: the filtered query, pages of 50 loaded with the API's cursor until the
 * last ("Load more", never a silent stop), each row with its actions.
 */
import type { Api } from './api.ts';
import { $, h } from './dom.ts';
import { filtersToApi, type Filters } from './filters-model.ts';
import type { MoneyContext } from './money-buttons.ts';
import { transactionRow } from './transaction-row.ts';
import type { Page, Transaction } from './types.ts';

const PAGE_SIZE = 50;

export class TransactionList {
  #items: Transaction[] = [];
  #cursor: string | null = null;
  #filters: Filters | undefined;
  /** Stale answers (a newer filter was applied meanwhile) are dropped. */
  #generation = 0;

  constructor(
    private readonly api: () => Api,
    private readonly money: () => MoneyContext,
  ) {
    $('load-more').addEventListener('click', () => void this.more());
  }

  async load(filters: Filters): Promise<void> {
    this.#filters = filters;
    const generation = ++this.#generation;
    const page = await this.#page(null);
    if (generation !== this.#generation) return;
    this.#items = page.data;
    this.#cursor = page.nextCursor;
    this.#render();
  }

  /** The next page, appended; focus moves to its first row so the keyboard carries on there. */
  async more(): Promise<void> {
    if (!this.#cursor) return;
    const button = $<HTMLButtonElement>('load-more');
    button.disabled = true;
    const generation = this.#generation;
    try {
      const page = await this.#page(this.#cursor);
      if (generation !== this.#generation) return;
      const first = this.#items.length;
      this.#items.push(...page.data);
      this.#cursor = page.nextCursor;
      this.#render();
      const reference = this.#items[first]?.reference;
      if (reference) this.focusRow(reference);
    } finally {
      button.disabled = false;
    }
  }

  /** Redraws one payment after an action, in place. */
  update(t: Transaction) {
    const i = this.#items.findIndex((item) => item.reference === t.reference);
    if (i >= 0) this.#items[i] = { ...this.#items[i], ...t };
    this.#render();
  }

  /** Keyboard focus back on a row: its first action, else its reference link. */
  focusRow(reference: string) {
    const row = $('transactions').querySelector<HTMLElement>(`tr[data-reference="${CSS.escape(reference)}"]`);
    (row?.querySelector<HTMLElement>('button:not([disabled])') ?? row?.querySelector<HTMLElement>('a'))?.focus();
  }

  #page(cursor: string | null): Promise<Page<Transaction>> {
    const query = filtersToApi(this.#filters!);
    query.set('limit', String(PAGE_SIZE));
    if (cursor) query.set('cursor', cursor);
    return this.api().get<Page<Transaction>>(`/api/transactions?${query}`);
  }

  #render() {
    const money = this.money();
    const rows = this.#items.map((t) => transactionRow(t, money));
    const f = this.#filters;
    const filtered = f !== undefined && (f.q !== '' || f.states.length > 0 || f.from !== '' || f.to !== '');
    const empty = h('tr', {}, h('td', { colspan: '8' }, filtered ? 'No transaction matches this filter.' : 'No transactions yet.'));
    $('transactions')
      .querySelector('tbody')!
      .replaceChildren(...(rows.length > 0 ? rows : [empty]));
    const count = this.#items.length;
    $('list-count').textContent = this.#cursor
      ? `Showing the newest ${count} transactions; more are older.`
      : `Showing all ${count} transaction${count === 1 ? '' : 's'}${filtered ? ' matching this filter' : ''}.`;
    $('load-more').hidden = this.#cursor === null;
  }
}
