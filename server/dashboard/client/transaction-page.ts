/**
 * A payment's own page (`/dashboard/transactions/:reference`): who paid, for what, the amounts
 * authorised / captured / refunded, the card, its actions, then the operations, the feedback
 * history and the webhook events with their payloads (collapsed) and attempts, "Redeliver" on a
 * delivery that failed.
 */
import { formatMoney } from '../../../shared/money.ts';
import { explainNcError } from '../../../shared/ncerror.ts';
import type { Api } from './api.ts';
import { h, when } from './dom.ts';
import { attemptsList, deliveryText, redeliverButton } from './event-list.ts';
import { capturedOf, cardLabel } from './money-actions.ts';
import { moneyButtons, type MoneyContext } from './money-buttons.ts';
import { syncButton } from './sync-button.ts';
import { platformBadge, stateBadge } from './transaction-row.ts';
import type { DetailEvent, Feedback, Operation, TransactionDetail } from './types.ts';

/** Ogone's ED is MMYY (or MM/YY): shown as MM/YY. */
function expiryText(expiry: string): string {
  const digits = expiry.replace(/\D/g, '');
  return digits.length === 4 ? `${digits.slice(0, 2)}/${digits.slice(2)}` : expiry;
}

/** Why a payment of the other platform has no action here (the server answers 409 livemode_mismatch). */
function otherPlatformText(livemode: boolean): string {
  const [made, server] = livemode ? ['production', 'test'] : ['test', 'production'];
  return `made on Ogone's ${made} platform; this server works with the ${server} platform, so it cannot capture, refund or void it here`;
}

type Fact = [string, Node | string | null | undefined];

function facts(items: Fact[]): HTMLDListElement {
  const list = h('dl', { class: 'facts' });
  for (const [term, value] of items) {
    if (value === null || value === undefined || value === '') continue;
    list.append(h('div', {}, h('dt', {}, term), h('dd', {}, value)));
  }
  return list;
}

function section(id: string, title: string, ...content: Array<Node | string>): HTMLElement {
  return h('section', { 'aria-labelledby': id }, h('h3', { id }, title), ...content);
}

function table(caption: string, head: string[], rows: HTMLTableRowElement[], empty: string): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'note' }, empty);
  const headRow = h('tr', {}, ...head.map((label) => h('th', { scope: 'col' }, label)));
  return h(
    'table',
    { class: 'cards' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, headRow),
    h('tbody', {}, ...rows),
  );
}

function row(cells: Array<[string, Node | string]>): HTMLTableRowElement {
  return h('tr', {}, ...cells.map(([label, value]) => h('td', { 'data-label': label }, value)));
}

export function renderTransaction(
  t: TransactionDetail,
  ctx: MoneyContext & { api: Api; apiRef: () => Api; reload: () => void },
): HTMLElement {
  const money = (minor: number | null | undefined) =>
    minor === null || minor === undefined ? '' : formatMoney(minor, t.currency, undefined);
  const nc = explainNcError(t.ncError);
  const customer = t.customer ?? (t.customerId ? { id: t.customerId } : null);
  const root = h('div', { class: 'transaction', 'data-reference': t.reference, 'data-state': t.state });

  const platform = platformBadge(t, ctx.livemode);
  const heading = h('h2', { id: 'transaction-title', tabindex: '-1' }, `Payment ${t.reference} `, stateBadge(t.state));
  if (platform) heading.append(' ', platform);
  const actions = h('div', { class: 'actions', id: 'transaction-actions' }, ...moneyButtons(t, ctx), ...syncButton(t, ctx));
  root.append(
    heading,
    facts([
      ['Amount authorised', money(t.amount)],
      ['Captured', money(capturedOf(t))],
      ['Refunded', money(t.refundedAmount ?? 0)],
      ['Card', t.cardNumber || t.brand ? cardLabel(t) : null],
      ['Card expiry', t.expiry ? expiryText(t.expiry) : null],
      ['Customer', customer ? [customer.name, customer.email, customer.id && `id ${customer.id}`].filter(Boolean).join(' · ') : null],
      ['Description', t.description ?? null],
      ['Merchant reference', t.merchantReference ?? null],
      ['Created', when(t.createdAt)],
      ['PAYID', t.payid ?? null],
      ['Decline reason', nc && nc.code !== '0' ? `${nc.message || t.ncErrorMessage || ''} (NCERROR ${nc.code})` : null],
      ['Needs attention', t.needsAttention ? "the reconciler stopped querying it: check it in Ogone's back office" : null],
      ['Platform', platform ? otherPlatformText(t.livemode) : null],
    ]),
    actions,
    section('operations-title', 'Captures, refunds and voids', operationsTable(t.operations ?? [], money)),
    section(
      'feedback-title',
      'Feedback from Ogone',
      feedbackTable(t.feedback ?? []),
      ...(t.feedbackTruncated ? [h('p', { class: 'note' }, 'Only the newest feedback is shown.')] : []),
    ),
    section(
      'events-of-title',
      'Webhook events',
      eventsList(t.events ?? [], ctx),
      ...(t.eventsTruncated ? [h('p', { class: 'note' }, 'Only the newest events are shown.')] : []),
    ),
  );
  return root;
}

function operationsTable(operations: Operation[], money: (minor: number) => string): HTMLElement {
  const rows = operations.map((op) =>
    row([
      ['Kind', `${op.kind === 'cancel' ? 'void' : op.kind}${op.origin === 'back_office' ? ' (back office)' : ''}`],
      ['Amount', money(op.amount)],
      [
        'Status',
        `${op.status}${op.ogoneStatus !== null && op.ogoneStatus !== undefined ? ` (STATUS ${op.ogoneStatus})` : ''}${op.ncError && op.ncError !== '0' ? `, NCERROR ${op.ncError}` : ''}`,
      ],
      ['PAYID/SUB', op.platformReference ?? ''],
      ['Requested', when(op.requestedAt ?? op.createdAt ?? '')],
      ['Completed', op.completedAt ? when(op.completedAt) : ''],
    ]),
  );
  return table(
    'Captures, refunds and voids',
    ['Kind', 'Amount', 'Status', 'PAYID/SUB', 'Requested', 'Completed'],
    rows,
    'No capture, refund or void yet.',
  );
}

/** "; also received through the browser at …": the other caller's copies counted on an applied row. */
function copyNote(f: Feedback): string {
  if (!f.copy) return '';
  const copies = f.copy.count > 1 ? ` (${f.copy.count} copies, the first then)` : '';
  return `; also received through the ${f.copy.channel} at ${when(f.copy.firstReceivedAt)}${copies}`;
}

function feedbackTable(feedback: Feedback[]): HTMLElement {
  const rows = feedback.map((f) => {
    const params = f.params ? h('details', {}, h('summary', {}, 'Parameters'), h('pre', {}, JSON.stringify(f.params, null, 2))) : '';
    return row([
      ['Received', `${when(f.receivedAt)}${f.repeatCount ? ` (+${f.repeatCount} repeats)` : ''}${copyNote(f)}`],
      ['Channel', f.channel],
      ['STATUS', f.status === null ? '' : String(f.status)],
      ['Outcome', f.outcome],
      ['Details', params],
    ]);
  });
  return table('Feedback from Ogone', ['Received', 'Channel', 'STATUS', 'Outcome', 'Details'], rows, 'No feedback received.');
}

function eventsList(events: DetailEvent[], ctx: { apiRef: () => Api; notice: (text: string) => void; reload: () => void }): HTMLElement {
  if (events.length === 0) return h('p', { class: 'note' }, 'No webhook events for this payment.');
  return h(
    'ul',
    { class: 'event-list' },
    ...events.map((event) => {
      const attempts = Array.isArray(event.attempts) ? event.attempts : (event.deliveries ?? []);
      const status = event.delivery?.status ?? event.status ?? 'unknown';
      const summary = `${event.type} — ${event.delivery ? deliveryText(event.delivery) : status}, ${attempts.length} attempt${attempts.length === 1 ? '' : 's'}`;
      const item = h(
        'li',
        { 'data-event': event.id, 'data-type': event.type, 'data-delivery': status },
        h(
          'details',
          {},
          h('summary', {}, summary),
          h('p', {}, `Created ${when(event.created ?? event.createdAt ?? '')}, id `, h('code', {}, event.id)),
          h('pre', { class: 'payload' }, JSON.stringify(event.payload ?? event.data ?? {}, null, 2)),
          attempts.length > 0 ? attemptsList(attempts) : '',
        ),
      );
      if (status !== 'delivered')
        item.append(
          redeliverButton(event, ctx.apiRef, (text) => {
            ctx.notice(text);
            ctx.reload();
          }),
        );
      return item;
    }),
  );
}
