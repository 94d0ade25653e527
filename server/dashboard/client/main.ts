/**
 * The dashboard's module: sign-in with a merchant API key (kept in sessionStorage for this tab),
 * then one of two views of the same page — the list (`/dashboard`: chart, filters, transactions,
 * webhook deliveries) or a payment's page (`/dashboard/transactions/:reference`), switched
 * without a reload. Each part lives in its own module; this one wires them.
 */
import { ApiError, createApi, type Api } from './api.ts';
import type { Summary } from './chart-model.ts';
import { MoneyDialog } from './dialog.ts';
import { $ } from './dom.ts';
import { EventList } from './event-list.ts';
import { FilterForm } from './filters.ts';
import type { MoneyAction } from './money-actions.ts';
import type { MoneyContext } from './money-buttons.ts';
import { viewOf } from './routes-client.ts';
import { showSummary } from './summary-view.ts';
import { TransactionList } from './transaction-list.ts';
import { renderTransaction } from './transaction-page.ts';
import type { TransactionDetail } from './types.ts';

const STORAGE_KEY = 'ogone-checkout.dashboard.apiKey';

class Dashboard {
  #api: Api | undefined;
  /** The server's platform (the summary's `livemode`), learnt at sign-in. */
  #livemode: boolean | undefined;
  readonly #dialog = new MoneyDialog();
  readonly #list = new TransactionList(
    () => this.#apiOrThrow(),
    () => this.#money(),
  );
  readonly #events = new EventList(
    () => this.#apiOrThrow(),
    (text) => this.notice(text),
  );
  readonly #filters = new FilterForm(
    () => this.#apiOrThrow(),
    (filters) => void this.#guard(() => this.#list.load(filters)),
    (text) => this.notice(text),
  );

  start() {
    $('login-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.signIn($<HTMLInputElement>('api-key').value.trim());
    });
    $('sign-out').addEventListener('click', () => this.signOut());
    $('refresh').addEventListener('click', () => void this.route());
    // Links inside the dashboard switch views without reloading the page (and the key prompt).
    document.addEventListener('click', (event) => {
      const link = (event.target as Element | null)?.closest?.('a[data-link]');
      if (!(link instanceof HTMLAnchorElement) || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      history.pushState(null, '', link.href);
      void this.route();
    });
    window.addEventListener('popstate', () => void this.route());
    const saved = sessionStorage.getItem(STORAGE_KEY);
    if (saved) void this.signIn(saved, true);
  }

  async signIn(key: string, silent = false) {
    const error = $('login-error');
    error.textContent = '';
    const api = createApi(key);
    try {
      // The key's check also learns the server's platform (a reload learns it again): after the
      // go-live switch the test payments are marked, with no action the server would refuse.
      const { livemode } = await api.get<Pick<Summary, 'livemode'>>('/api/dashboard/summary?days=1');
      this.#livemode = typeof livemode === 'boolean' ? livemode : undefined;
    } catch (failure) {
      sessionStorage.removeItem(STORAGE_KEY);
      if (!silent)
        error.textContent =
          failure instanceof ApiError && failure.status === 401
            ? 'This API key is not valid.'
            : `Cannot reach the API: ${(failure as Error).message}`;
      return;
    }
    sessionStorage.setItem(STORAGE_KEY, key);
    $<HTMLInputElement>('api-key').value = '';
    this.#api = api;
    $('login').hidden = true;
    $('app').hidden = false;
    $('toolbar').hidden = false;
    await this.route();
  }

  /**
   * Forgets the key and everything it showed: the page is loaded again, empty until a key is typed.
   * Only hidden, the payment just viewed (the shopper's name and e-mail, the feedback, the list)
   * stayed in the document of a shared back-office PC (review r1190).
   */
  signOut() {
    sessionStorage.removeItem(STORAGE_KEY);
    this.#api = undefined;
    this.#livemode = undefined;
    $('app').hidden = true;
    $('toolbar').hidden = true;
    location.reload();
  }

  /** Shows the view of the current URL. */
  async route() {
    if (!this.#api) return;
    const view = viewOf(location.pathname);
    $('list-view').hidden = view.kind !== 'list';
    $('transaction-view').hidden = view.kind !== 'transaction';
    if (view.kind === 'list') {
      document.title = document.title.replace(/^[^—]*—/, 'Dashboard —');
      const filters = this.#filters.current();
      this.#filters.show(filters);
      await this.#guard(() => Promise.all([this.#list.load(filters), this.#events.load(), this.#chart()]));
    } else {
      await this.#guard(() => this.#showTransaction(view.reference, true));
    }
  }

  async #showTransaction(reference: string, focusHeading: boolean, after?: MoneyAction) {
    const api = this.#apiOrThrow();
    const container = $('transaction');
    let t: TransactionDetail;
    try {
      t = await api.get<TransactionDetail>(`/api/transactions/${encodeURIComponent(reference)}`);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 404) {
        container.replaceChildren(Object.assign(document.createElement('h2'), { textContent: `No payment ${reference}`, tabIndex: -1 }));
        return;
      }
      throw failure;
    }
    document.title = document.title.replace(/^[^—]*—/, `Payment ${t.reference} —`);
    const money = this.#money();
    container.replaceChildren(
      renderTransaction(t, {
        ...money,
        apiRef: () => this.#apiOrThrow(),
        reload: () => void this.#guard(() => this.#showTransaction(reference, false)),
        changed: (changed, action) => void this.#guard(() => this.#showTransaction(changed.reference, false, action)),
      }),
    );
    if (after) {
      // Focus back where the merchant was: the same action if still offered, else the page's first action or heading.
      const target =
        container.querySelector<HTMLElement>(`#transaction-actions button[data-action="${after}"]`) ??
        container.querySelector<HTMLElement>('#transaction-actions button') ??
        $('transaction-title');
      target.focus();
    } else if (focusHeading) $('transaction-title')?.focus();
  }

  async #chart() {
    try {
      await showSummary(this.#apiOrThrow());
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) throw failure;
      $('chart').replaceChildren(`The summary is not available: ${(failure as Error).message}`);
    }
  }

  #money(): MoneyContext {
    return {
      api: this.#apiOrThrow(),
      livemode: this.#livemode,
      dialog: this.#dialog,
      notice: (text) => this.notice(text),
      changed: (after, action) => {
        this.#list.update(after);
        this.#list.focusRow(after.reference);
        void action;
      },
    };
  }

  #apiOrThrow(): Api {
    if (!this.#api) throw new ApiError(401, 'signed_out', 'signed out');
    return this.#api;
  }

  /** Runs a load; a 401 signs out, anything else becomes the notice. */
  async #guard(load: () => Promise<unknown>) {
    document.body.setAttribute('aria-busy', 'true');
    try {
      await load();
      document.body.dataset.loaded = String(Date.now());
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) return this.signOut();
      this.notice(`Could not load: ${(failure as Error).message}`);
    } finally {
      document.body.removeAttribute('aria-busy');
    }
  }

  notice(text: string) {
    $('notice').textContent = text;
  }
}

new Dashboard().start();
