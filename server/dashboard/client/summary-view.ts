/**
 * The last 14 days at a glance, from `GET /api/dashboard/summary` (aggregated by the database,
 * whatever the volume): payments per day (captured or not), how many are in each state, the money
 * captured and refunded per currency, and what needs someone's attention.
 */
import { PAYMENT_STATES } from '../../../shared/status.ts';
import { formatMoney } from '../../../shared/money.ts';
import type { Api } from './api.ts';
import { modelFromSummary, totalsByCurrency, UNCAPTURED, type Summary } from './chart-model.ts';
import { renderChart } from './chart.ts';
import { $, h } from './dom.ts';
import { stateLabel } from './states.ts';

export const SUMMARY_DAYS = 14;

const seriesLabel = (key: string) => (key === UNCAPTURED ? 'not captured' : stateLabel(key));

export async function showSummary(api: Api): Promise<void> {
  const summary = await api.get<Summary>(`/api/dashboard/summary?days=${SUMMARY_DAYS}`);
  $('chart').replaceChildren(renderChart(modelFromSummary(summary, { days: SUMMARY_DAYS, now: new Date() }), seriesLabel));

  const states = PAYMENT_STATES.filter((state) => (summary.states[state] ?? 0) > 0).map((state) =>
    h('li', { 'data-state': state }, h('span', { class: 'state', 'data-state': state }, stateLabel(state)), ` ${summary.states[state]}`),
  );
  const facts: HTMLElement[] = totalsByCurrency(summary).map((t) =>
    h(
      'li',
      { 'data-currency': t.currency },
      `Captured ${formatMoney(t.captured, t.currency, undefined)}`,
      t.refunded > 0 ? `, refunded ${formatMoney(t.refunded, t.currency, undefined)}` : '',
    ),
  );
  if (summary.needsAttention > 0)
    facts.push(
      h(
        'li',
        { class: 'error', 'data-flag': 'needs-attention' },
        `${summary.needsAttention} payment${summary.needsAttention === 1 ? ' needs' : 's need'} attention in Ogone's back office`,
      ),
    );
  if (summary.failedDeliveries > 0)
    facts.push(
      h(
        'li',
        { class: 'error', 'data-flag': 'failed-deliveries' },
        // Events, not attempts (transaction-summary.ts): what the shop never received.
        `${summary.failedDeliveries} webhook event${summary.failedDeliveries === 1 ? '' : 's'} not delivered`,
      ),
    );
  $('summary-facts').replaceChildren(
    h('ul', { class: 'state-counts', 'aria-label': 'Payments by state' }, ...states),
    ...(facts.length > 0 ? [h('ul', { class: 'summary-facts' }, ...facts)] : []),
  );
}
