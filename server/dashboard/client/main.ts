/**
 * The dashboard's module: sign-in with a merchant API key (kept in sessionStorage for this tab),
 * then transactions, webhook deliveries and the chart from the merchant API, the capture /
 * refund / cancel actions, and redelivering an event or sending a test event to WEBHOOK_URL. Everything is built with DOM calls (textContent), never innerHTML.
 */
import { formatMoney, toMajorString, toMinorUnits } from '../../../shared/money.ts';
import { explainNcError } from '../../../shared/ncerror.ts';
import { ApiError, createApi, type Api } from './api.ts';
import { paymentsByState } from './chart-model.ts';
import { renderChart } from './chart.ts';
import type { Page, PingResult, Transaction, WebhookEvent } from './types.ts';

const STORAGE_KEY = 'ogone-checkout.dashboard.apiKey';
const CHART_DAYS = 14;
const MAX_PAGES = 5;

const STATE_LABELS: Record<string, string> = {
  draft: 'draft',
  pending: 'pending',
  authorized: 'authorized',
  captured: 'captured',
  partially_refunded: 'partially refunded',
  refunded: 'refunded',
  cancelled: 'cancelled',
  declined: 'declined',
  error: 'error',
};
const stateLabel = (state: string) => STATE_LABELS[state] ?? state;

type Action = 'capture' | 'refund' | 'cancel';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function h<K extends keyof HTMLElementTagNameMap>(
  name: K,
  props: Partial<Record<string, string>> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

/** What is left to refund: what was captured (the whole amount for a direct sale) minus refunds. */
function refundable(t: Transaction): number {
  const captured = t.capturedAmount && t.capturedAmount > 0 ? t.capturedAmount : t.amount;
  return Math.max(0, captured - (t.refundedAmount ?? 0));
}

function actionsFor(t: Transaction): Action[] {
  if (t.amountMismatch) return [];
  if (t.state === 'authorized') return ['capture', 'cancel'];
  if (t.state === 'captured' || t.state === 'partially_refunded') return refundable(t) > 0 ? ['refund'] : [];
  return [];
}

class Dashboard {
  #api: Api | undefined;
  /** False once the server answered "no route" to an action (a server without DirectLink maintenance). */
  #maintenance = true;

  start() {
    $('login-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.signIn(($('api-key') as HTMLInputElement).value.trim());
    });
    $('sign-out').addEventListener('click', () => this.signOut());
    $('refresh').addEventListener('click', () => void this.load());
    $('send-ping').addEventListener('click', () => void this.#ping($<HTMLButtonElement>('send-ping')));
    const saved = sessionStorage.getItem(STORAGE_KEY);
    if (saved) void this.signIn(saved, true);
  }

  async signIn(key: string, silent = false) {
    const error = $('login-error');
    error.textContent = '';
    const api = createApi(key);
    try {
      await api.get('/api/transactions?limit=1');
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
    ($('api-key') as HTMLInputElement).value = '';
    this.#api = api;
    $('login').hidden = true;
    $('app').hidden = false;
    $('toolbar').hidden = false;
    await this.load();
  }

  signOut() {
    sessionStorage.removeItem(STORAGE_KEY);
    this.#api = undefined;
    $('app').hidden = true;
    $('toolbar').hidden = true;
    $('login').hidden = false;
    $<HTMLInputElement>('api-key').focus();
  }

  async load() {
    const api = this.#api;
    if (!api) return;
    document.body.setAttribute('aria-busy', 'true');
    try {
      const [transactions, events] = await Promise.all([this.#transactions(api), api.get<Page<WebhookEvent>>('/api/events?limit=50')]);
      this.#renderChart(transactions);
      this.#renderTransactions(transactions);
      this.#renderEvents(events.data);
      document.body.dataset.loaded = String(Date.now());
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) return this.signOut();
      this.#notice(`Could not load: ${(failure as Error).message}`);
    } finally {
      document.body.removeAttribute('aria-busy');
    }
  }

  async #transactions(api: Api): Promise<Transaction[]> {
    const all: Transaction[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result: Page<Transaction> = await api.get(
        `/api/transactions?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      all.push(...result.data);
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return all;
  }

  #renderChart(transactions: Transaction[]) {
    const figure = $('chart');
    figure.replaceChildren(renderChart(paymentsByState(transactions, { days: CHART_DAYS, now: new Date() }), stateLabel));
  }

  #renderTransactions(transactions: Transaction[]) {
    const note = $('maintenance-note');
    note.hidden = this.#maintenance;
    note.textContent = 'Capture, refund and cancel are not available on this server (no maintenance endpoints).';
    const rows = transactions.map((t) => {
      const nc = explainNcError(t.ncError);
      const ncCell = h('td', { class: 'ncerror' });
      if (nc && nc.code !== '0') ncCell.append(h('code', {}, nc.code), h('small', {}, nc.message || t.ncErrorMessage || ''));
      const actions = h('div', { class: 'actions' });
      for (const action of actionsFor(t)) actions.append(...this.#actionControls(t, action));
      const state = h('span', { class: 'state', 'data-state': t.state }, stateLabel(t.state));
      const stateCell = h('td', {}, state);
      if (t.amountMismatch) stateCell.append(h('small', { class: 'error' }, ' amount mismatch'));
      if (t.needsAttention)
        stateCell.append(
          h('small', { class: 'error', 'data-flag': 'needs-attention' }, " needs attention: check it in Ogone's back office"),
        );
      if (t.duplicateOf) stateCell.append(h('small', { 'data-flag': 'duplicate' }, ` duplicate of ${t.duplicateOf}`));
      return h(
        'tr',
        { 'data-reference': t.reference, 'data-state': t.state },
        h('td', {}, when(t.createdAt)),
        h('td', {}, h('span', { class: 'ref' }, t.reference)),
        stateCell,
        h(
          'td',
          { class: 'amount' },
          formatMoney(t.amount, t.currency, undefined),
          ...(t.refundedAmount ? [h('small', {}, ` (refunded ${formatMoney(t.refundedAmount, t.currency, undefined)})`)] : []),
        ),
        h('td', {}, t.brand ?? ''),
        h('td', {}, h('code', {}, t.cardNumber ?? '')),
        ncCell,
        h('td', {}, actions),
      );
    });
    const body = $('transactions').querySelector('tbody')!;
    body.replaceChildren(...(rows.length > 0 ? rows : [h('tr', {}, h('td', { colspan: '8' }, 'No transactions yet.'))]));
  }

  #actionControls(t: Transaction, action: Action): HTMLElement[] {
    const available = this.#maintenance;
    const label = { capture: 'Capture', refund: 'Refund', cancel: 'Cancel' }[action];
    const button = h('button', { type: 'button', 'data-action': action, 'aria-label': `${label} ${t.reference}` }, label);
    button.toggleAttribute('disabled', !available);
    if (!available) button.title = 'Not available on this server';
    const controls: HTMLElement[] = [];
    let amountInput: HTMLInputElement | undefined;
    if (action === 'refund') {
      amountInput = h('input', {
        class: 'amount',
        inputmode: 'decimal',
        'aria-label': `Amount to refund for ${t.reference} (${t.currency})`,
        name: 'refund-amount',
      });
      amountInput.value = toMajorString(refundable(t), t.currency);
      amountInput.disabled = !available;
      controls.push(amountInput);
    }
    button.addEventListener('click', () => void this.#act(t, action, button, amountInput));
    controls.push(button);
    return controls;
  }

  async #act(t: Transaction, action: Action, button: HTMLButtonElement, amountInput?: HTMLInputElement) {
    const api = this.#api;
    if (!api) return;
    let body: { amount?: number } = {};
    if (amountInput) {
      let amount: number;
      try {
        amount = toMinorUnits(amountInput.value.trim().replace(',', '.'), t.currency);
      } catch {
        this.#notice(`Refund of ${t.reference}: "${amountInput.value}" is not an amount in ${t.currency}.`);
        amountInput.focus();
        return;
      }
      if (amount <= 0 || amount > refundable(t)) {
        this.#notice(`Refund of ${t.reference}: the amount must be between 0 and ${formatMoney(refundable(t), t.currency, undefined)}.`);
        amountInput.focus();
        return;
      }
      body = { amount };
    }
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      const result = await api.post<{ state?: string; transaction?: { state?: string } }>(
        `/api/transactions/${encodeURIComponent(t.reference)}/${action}`,
        body,
      );
      const state = result.transaction?.state ?? result.state;
      this.#notice(
        `${action[0]!.toUpperCase()}${action.slice(1)} of ${t.reference} requested${state ? `: now ${stateLabel(state)}` : ''}.`,
      );
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 404 && failure.field === undefined && /no route/i.test(failure.message))
        this.#maintenance = false;
      this.#notice(`${action} of ${t.reference} failed: ${(failure as Error).message}`);
    } finally {
      button.removeAttribute('aria-busy');
      await this.load();
    }
  }

  #renderEvents(events: WebhookEvent[]) {
    const rows = events.map((event) => {
      const delivery = event.delivery;
      const attempts = h('td', {}, String(delivery.attempts));
      if (event.deliveries && event.deliveries.length > 0) {
        const list = h('ul', {});
        for (const attempt of event.deliveries) {
          list.append(
            h(
              'li',
              {},
              `${when(attempt.attemptedAt)} — ${attempt.ok ? 'OK' : 'failed'}${attempt.statusCode ? ` (HTTP ${attempt.statusCode})` : ''}${attempt.error ? `: ${attempt.error}` : ''}`,
            ),
          );
        }
        attempts.replaceChildren(
          h('details', {}, h('summary', {}, `${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}`), list),
        );
      }
      const status = delivery.status === 'delivered' ? 'delivered' : delivery.status;
      const statusText = `${status}${delivery.nextAttemptAt ? `, next try ${when(delivery.nextAttemptAt)}` : ''}${delivery.lastError && status !== 'delivered' ? ` — ${delivery.lastError}` : ''}`;
      return h(
        'tr',
        { 'data-event': event.id, 'data-type': event.type },
        h('td', {}, when(event.created)),
        h('td', {}, h('code', {}, event.type)),
        h('td', {}, h('span', { class: 'ref' }, event.reference ?? '')),
        h('td', { class: status === 'delivered' ? 'delivery-ok' : status === 'failed' ? 'delivery-failed' : '' }, statusText),
        attempts,
        h('td', {}, this.#redeliverButton(event)),
      );
    });
    $('events')
      .querySelector('tbody')!
      .replaceChildren(
        ...(rows.length > 0 ? rows : [h('tr', {}, h('td', { colspan: '6' }, 'No webhook events yet (is WEBHOOK_URL set?).'))]),
      );
  }

  // No confirmation: a redelivery moves no money, and the receiver handles an event id once.
  #redeliverButton(event: WebhookEvent): HTMLButtonElement {
    const button = h(
      'button',
      { type: 'button', 'data-action': 'redeliver', 'aria-label': `Redeliver ${event.type} ${event.id}` },
      'Redeliver',
    );
    button.addEventListener('click', () => void this.#redeliver(event, button));
    return button;
  }

  async #redeliver(event: WebhookEvent, button: HTMLButtonElement) {
    const api = this.#api;
    if (!api) return;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      const result = await api.post<WebhookEvent>(`/api/events/${encodeURIComponent(event.id)}/redeliver`, {});
      this.#notice(`Redelivery of ${event.type} ${event.id} scheduled: ${result.delivery.status}.`);
    } catch (failure) {
      this.#notice(`Redelivery of ${event.type} ${event.id} failed: ${(failure as Error).message}`);
    } finally {
      button.removeAttribute('aria-busy');
      await this.load();
    }
  }

  async #ping(button: HTMLButtonElement) {
    const api = this.#api;
    if (!api) return;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      const result = await api.post<PingResult>('/api/events/ping', {});
      const answer = `${result.status === null ? 'no answer' : `HTTP ${result.status}`} in ${result.latencyMs} ms`;
      this.#notice(
        result.delivered
          ? `Test event delivered to WEBHOOK_URL: ${answer}.`
          : `Test event not delivered to WEBHOOK_URL: ${answer}${result.error ? ` — ${result.error}` : ''}.`,
      );
    } catch (failure) {
      this.#notice(`Test event not sent: ${(failure as Error).message}`);
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
      await this.load();
    }
  }

  #notice(text: string) {
    $('notice').textContent = text;
  }
}

new Dashboard().start();
