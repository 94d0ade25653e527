/**
 * One transaction as a table row; on a phone the same row is a card (dashboard.css), each cell
 * labelled by its `data-label`, the reference first and the actions last so a button never pushes
 * the reference out of view.
 */
import { formatMoney } from '../../../shared/money.ts';
import { explainNcError } from '../../../shared/ncerror.ts';
import { DASHBOARD_PATH } from './routes-client.ts';
import { h, when } from './dom.ts';
import { cardLabel, platformMark } from './money-actions.ts';
import { moneyButtons, type MoneyContext } from './money-buttons.ts';
import { stateLabel } from './states.ts';
import type { Transaction } from './types.ts';

export const COLUMNS = ['Reference', 'Created', 'State', 'Amount', 'Card', 'Customer', 'Decline reason', 'Actions'] as const;

export function transactionHref(reference: string): string {
  return `${DASHBOARD_PATH}/transactions/${encodeURIComponent(reference)}`;
}

export function stateBadge(state: string): HTMLElement {
  return h('span', { class: 'state', 'data-state': state }, stateLabel(state));
}

/** A payment of the other platform's badge (a test payment after the go-live switch): null for the server's own. */
export function platformBadge(t: Pick<Transaction, 'livemode'>, serverLivemode: boolean | undefined): HTMLElement | null {
  const mark = platformMark(t, serverLivemode);
  return mark === null ? null : h('span', { class: 'platform', 'data-flag': 'other-platform' }, mark);
}

export function amountsText(t: Transaction): string[] {
  const money = (minor: number) => formatMoney(minor, t.currency, undefined);
  const parts: string[] = [];
  if (t.capturedAmount && t.capturedAmount !== t.amount) parts.push(`captured ${money(t.capturedAmount)}`);
  if (t.refundedAmount) parts.push(`refunded ${money(t.refundedAmount)}`);
  return parts;
}

export function transactionRow(t: Transaction, ctx: MoneyContext): HTMLTableRowElement {
  const cell = (label: (typeof COLUMNS)[number], ...children: Array<Node | string>) => h('td', { 'data-label': label }, ...children);
  const link = h('a', { href: transactionHref(t.reference), class: 'ref', 'data-link': '' }, t.reference);
  const reference = cell('Reference', link);
  if (t.merchantReference) reference.append(h('small', {}, t.merchantReference));

  const state = cell('State', stateBadge(t.state));
  const platform = platformBadge(t, ctx.livemode);
  if (platform) state.append(' ', platform);
  if (t.amountMismatch) state.append(h('small', { class: 'error' }, 'amount mismatch'));
  if (t.needsAttention)
    state.append(h('small', { class: 'error', 'data-flag': 'needs-attention' }, "needs attention: check it in Ogone's back office"));
  if (t.duplicateOf) state.append(h('small', { 'data-flag': 'duplicate' }, `duplicate of ${t.duplicateOf}`));

  const amount = cell('Amount', formatMoney(t.amount, t.currency, undefined));
  amount.classList.add('amount');
  for (const part of amountsText(t)) amount.append(h('small', {}, part));

  const nc = explainNcError(t.ncError);
  const reason = cell('Decline reason');
  reason.classList.add('ncerror');
  if (nc && nc.code !== '0') reason.append(h('code', {}, nc.code), h('small', {}, nc.message || t.ncErrorMessage || ''));

  const actions = h('div', { class: 'actions' }, ...moneyButtons(t, ctx));
  const row = h(
    'tr',
    { 'data-reference': t.reference, 'data-state': t.state },
    reference,
    cell('Created', when(t.createdAt)),
    state,
    amount,
    cell('Card', t.cardNumber || t.brand ? cardLabel(t) : ''),
    cell('Customer', t.customerId ?? ''),
    reason,
    cell('Actions', actions),
  );
  // Empty cells are not shown as cards' lines on a phone.
  for (const td of row.cells) if (!td.textContent?.trim() && td.querySelector('button') === null) td.classList.add('empty');
  return row;
}
