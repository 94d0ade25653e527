/**
 * The shop page's module: keeps the "webhooks received" list and a pending result up to date
 * without a reload (the webhook usually lands a moment after the shopper is back).
 */
import { renderResult, type DemoResult } from './result.ts';

interface ReceivedEvent {
  id: string;
  type: string;
  reference: string | null;
  state: string | null;
  receivedAt: string;
  duplicates: number;
}

const POLL_MS = 1500;

function renderEvents(events: ReceivedEvent[]) {
  const list = document.getElementById('webhooks');
  if (!list) return;
  const known = new Set([...list.querySelectorAll('li')].map((li) => li.dataset.eventId));
  const fresh = events.filter((event) => !known.has(event.id));
  for (const event of fresh.reverse()) {
    const item = document.createElement('li');
    item.dataset.eventId = event.id;
    item.dataset.type = event.type;
    item.dataset.reference = event.reference ?? '';
    const code = document.createElement('code');
    code.textContent = event.type;
    const small = document.createElement('small');
    small.textContent = `verified, received ${event.receivedAt.slice(11, 19)} UTC`;
    item.append(code, ` ${event.reference ?? ''}${event.state ? ` → ${event.state}` : ''} `, small);
    list.prepend(item);
  }
  for (const event of events) {
    if (event.duplicates === 0) continue;
    const small = list.querySelector(`li[data-event-id="${CSS.escape(event.id)}"] small`);
    if (small)
      small.textContent = `verified, received ${event.receivedAt.slice(11, 19)} UTC, ${event.duplicates} duplicate delivery ignored`;
  }
  const empty = document.getElementById('no-webhooks');
  if (empty) empty.hidden = list.children.length > 0;
}

async function refreshResult() {
  const result = document.getElementById('result');
  const state = result?.dataset.state;
  if (!result || (state !== 'pending' && state !== 'draft')) return;
  const response = await fetch(`/demo/payments/${encodeURIComponent(result.dataset.reference ?? '')}`, { cache: 'no-store' });
  if (!response.ok) return;
  renderResult(result, (await response.json()) as DemoResult);
}

async function poll() {
  try {
    const response = await fetch('/demo/events', { cache: 'no-store' });
    if (response.ok) renderEvents(((await response.json()) as { events: ReceivedEvent[] }).events);
    await refreshResult();
  } catch {
    // The demo server restarting: try again on the next tick.
  }
  setTimeout(() => void poll(), POLL_MS);
}

// A saved-card payment can finish without leaving the page: show its result like a return from Ogone.
document.addEventListener('ogone-checkout-success', (event) => {
  const detail = (event as CustomEvent<{ reference: string }>).detail;
  event.preventDefault();
  location.assign(`/?reference=${encodeURIComponent(detail.reference)}`);
});

void poll();
