/**
 * Webhook deliveries, newest first, paged with the API's cursor ("Load more" to the end), each
 * with its attempts and "Redeliver"; "Send test event" pings WEBHOOK_URL.
 */
import type { Api } from './api.ts';
import { $, h, when } from './dom.ts';
import { transactionHref } from './transaction-row.ts';
import type { Page, PingResult, WebhookEvent } from './types.ts';

const PAGE_SIZE = 50;

export function attemptsList(
  attempts: ReadonlyArray<{ attemptedAt: string; statusCode: number | null; ok?: boolean; error: string | null }>,
) {
  return h(
    'ul',
    { class: 'attempts' },
    ...attempts.map((a) =>
      h(
        'li',
        {},
        `${when(a.attemptedAt)} — ${a.ok ? 'OK' : 'failed'}${a.statusCode ? ` (HTTP ${a.statusCode})` : ''}${a.error ? `: ${a.error}` : ''}`,
      ),
    ),
  );
}

export function deliveryText(delivery: WebhookEvent['delivery']): string {
  const status = delivery.status;
  return `${status}${delivery.nextAttemptAt ? `, next try ${when(delivery.nextAttemptAt)}` : ''}${delivery.lastError && status !== 'delivered' ? ` — ${delivery.lastError}` : ''}`;
}

/** "Redeliver": no confirmation, no money moves and the receiver handles an event id once. */
export function redeliverButton(event: { id: string; type: string }, api: () => Api, done: (text: string) => void): HTMLButtonElement {
  const button = h(
    'button',
    { type: 'button', 'data-action': 'redeliver', 'aria-label': `Redeliver ${event.type} ${event.id}` },
    'Redeliver',
  );
  button.addEventListener('click', async () => {
    if (button.disabled) return;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      const result = await api().post<WebhookEvent>(`/api/events/${encodeURIComponent(event.id)}/redeliver`, {});
      done(`Redelivery of ${event.type} ${event.id} scheduled: ${result.delivery.status}.`);
    } catch (failure) {
      done(`Redelivery of ${event.type} ${event.id} failed: ${(failure as Error).message}`);
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  });
  return button;
}

export class EventList {
  #items: WebhookEvent[] = [];
  #cursor: string | null = null;

  constructor(
    private readonly api: () => Api,
    private readonly notice: (text: string) => void,
  ) {
    $('events-more').addEventListener('click', () => void this.#more());
    $('send-ping').addEventListener('click', () => void this.#ping($<HTMLButtonElement>('send-ping')));
  }

  async load() {
    const page = await this.api().get<Page<WebhookEvent>>(`/api/events?limit=${PAGE_SIZE}`);
    this.#items = page.data;
    this.#cursor = page.nextCursor;
    this.#render();
  }

  async #more() {
    if (!this.#cursor) return;
    const page = await this.api().get<Page<WebhookEvent>>(`/api/events?limit=${PAGE_SIZE}&cursor=${encodeURIComponent(this.#cursor)}`);
    this.#items.push(...page.data);
    this.#cursor = page.nextCursor;
    this.#render();
  }

  #render() {
    const rows = this.#items.map((event) => {
      const attempts = h('td', { 'data-label': 'Attempts' }, String(event.delivery.attempts));
      if (event.deliveries && event.deliveries.length > 0) {
        const n = event.delivery.attempts;
        attempts.replaceChildren(h('details', {}, h('summary', {}, `${n} attempt${n === 1 ? '' : 's'}`), attemptsList(event.deliveries)));
      }
      const status = event.delivery.status;
      const reference = h('td', { 'data-label': 'Reference' });
      if (event.reference)
        reference.append(h('a', { href: transactionHref(event.reference), class: 'ref', 'data-link': '' }, event.reference));
      return h(
        'tr',
        { 'data-event': event.id, 'data-type': event.type },
        h('td', { 'data-label': 'Event' }, h('code', {}, event.type)),
        h('td', { 'data-label': 'Created' }, when(event.created)),
        reference,
        h(
          'td',
          { 'data-label': 'Delivery', class: status === 'delivered' ? 'delivery-ok' : status === 'failed' ? 'delivery-failed' : '' },
          deliveryText(event.delivery),
        ),
        attempts,
        h(
          'td',
          { 'data-label': 'Actions' },
          redeliverButton(event, this.api, (text) => void this.#after(text, event.id)),
        ),
      );
    });
    const empty = h('tr', {}, h('td', { colspan: '6' }, 'No webhook events yet (is WEBHOOK_URL set?).'));
    $('events')
      .querySelector('tbody')!
      .replaceChildren(...(rows.length > 0 ? rows : [empty]));
    $('events-more').hidden = this.#cursor === null;
  }

  /** After a redelivery: the list re-read, focus back on that event's button. */
  async #after(text: string, id: string) {
    this.notice(text);
    await this.load();
    $('events')
      .querySelector<HTMLElement>(`tr[data-event="${CSS.escape(id)}"] button`)
      ?.focus();
  }

  async #ping(button: HTMLButtonElement) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      const result = await this.api().post<PingResult>('/api/events/ping', {});
      const answer = `${result.status === null ? 'no answer' : `HTTP ${result.status}`} in ${result.latencyMs} ms`;
      this.notice(
        result.delivered
          ? `Test event delivered to WEBHOOK_URL: ${answer}.`
          : `Test event not delivered to WEBHOOK_URL: ${answer}${result.error ? ` — ${result.error}` : ''}.`,
      );
    } catch (failure) {
      this.notice(`Test event not sent: ${(failure as Error).message}`);
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
      void this.load();
    }
  }
}
