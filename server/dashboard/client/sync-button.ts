/**
 * "Sync with Ogone" on a payment's page, when its amounts await a query (a capture or refund made
 * in Ogone's back office: capture, refund and void are refused "sync first" until a query has
 * read it) or the reconciler stopped asking about it (`needsAttention`): `POST …/sync`, as the API
 * documents, then the page is read again. Without it the operator told to "sync the payment, then
 * try again" could not do so from the dashboard, and the money actions were gone without a word
 * (review r1190).
 */
import type { Api } from './api.ts';
import { h } from './dom.ts';
import { OPEN_MAINTENANCE_STATUSES } from '../../../shared/maintenance-statuses.ts';
import { ofOtherPlatform } from './money-actions.ts';
import type { TransactionDetail } from './types.ts';

export function syncButton(
  t: TransactionDetail,
  ctx: { api: Api; livemode: boolean | undefined; notice(text: string): void; reload(): void },
): HTMLElement[] {
  // An operation still open too: its outcome may be one only a sync asked by hand reads, on a
  // payment the reconciler does not query (review r1486).
  const open = (t.operations ?? []).some((op) => OPEN_MAINTENANCE_STATUSES.has(op.status));
  if ((t.amountsAwaitQuery !== true && t.needsAttention !== true && !open) || ofOtherPlatform(t, ctx.livemode)) return [];
  const why = h(
    'p',
    { class: 'sync-why' },
    t.amountsAwaitQuery
      ? "An operation made in Ogone's back office (or an answer ours does not explain) awaits the query that reads its amount: capture, refund and void come back once it has."
      : t.needsAttention
        ? 'The reconciler no longer asks Ogone about this payment: ask once by hand.'
        : 'A capture, refund or void is still being settled: ask Ogone now rather than wait for the reconciler.',
  );
  const button = h('button', { type: 'button', 'data-sync': t.reference }, 'Sync with Ogone');
  button.addEventListener('click', () => {
    button.disabled = true;
    ctx.api
      .post<{ state?: string }>(`/api/transactions/${encodeURIComponent(t.reference)}/sync`, {})
      .then(
        (after) => ctx.notice(`Synced ${t.reference} with Ogone: ${after.state ?? 'read'}.`),
        (error: unknown) => ctx.notice(`Sync of ${t.reference} not done: ${(error as Error).message}.`),
      )
      .finally(() => ctx.reload());
  });
  return [why, button];
}
