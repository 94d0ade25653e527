/**
 * The capture / refund / void buttons of a payment, in a list row or on its page. Each opens the
 * confirmation; the action itself runs from there (dialog.ts), then the transaction is re-read
 * so the notice and the row agree (notices.ts).
 */
import type { Api } from './api.ts';
import { outcomeUnknown, type MoneyDialog } from './dialog.ts';
import { h } from './dom.ts';
import { ACTION_LABELS, actionsFor, type MoneyAction } from './money-actions.ts';
import { actionNotice } from './notices.ts';
import type { ActionResult, Transaction, TransactionDetail } from './types.ts';

export interface MoneyContext {
  api: Api;
  /** The server's platform (undefined while unknown): no action is offered on the other's payments. */
  livemode: boolean | undefined;
  dialog: MoneyDialog;
  notice(text: string): void;
  /** After a confirmed action: the transaction as re-read, to redraw and put focus back. */
  changed(after: TransactionDetail, action: MoneyAction): void;
}

export function moneyButtons(t: Transaction, ctx: MoneyContext): HTMLButtonElement[] {
  return actionsFor(t, ctx.livemode).map((action) => {
    const button = h(
      'button',
      { type: 'button', 'data-action': action, 'aria-label': `${ACTION_LABELS[action]} ${t.reference}`, 'aria-haspopup': 'dialog' },
      `${ACTION_LABELS[action]}…`,
    );
    button.addEventListener('click', () => void confirmAndRun(t, action, ctx, button));
    return button;
  });
}

async function confirmAndRun(t: Transaction, action: MoneyAction, ctx: MoneyContext, button: HTMLButtonElement) {
  let after: TransactionDetail | undefined;
  let failure: unknown;
  const read = () => ctx.api.get<TransactionDetail>(`/api/transactions/${encodeURIComponent(t.reference)}`);
  const done = await ctx.dialog.open(t, action, async (amount, idempotencyKey, final) => {
    const path = `/api/transactions/${encodeURIComponent(t.reference)}/${action}`;
    let result: ActionResult & { httpStatus?: number };
    try {
      // `final` only when checked (a capture's "Final capture — release the rest"): a refund or a
      // void names no such field, and the server refuses unknown ones.
      const body = { ...(amount === undefined ? {} : { amount }), ...(final ? { final: true } : {}) };
      result = await ctx.api.post<ActionResult>(path, body, { idempotencyKey });
    } catch (error) {
      failure = error;
      throw error;
    }
    // Re-read: the notice must say what the row will show.
    after = await read().catch(() => ({ ...t, ...(result.transaction ?? {}) }));
    const outcome = result.outcome ?? (result.httpStatus === 200 ? 'done' : 'pending');
    ctx.notice(actionNotice(action, amount ?? result.operation?.amount, outcome, after, result.message, result.settledBy));
  });
  if (done && after) return ctx.changed(after, action);
  // Went back after a failure: the request may have been carried out all the same (a lost
  // answer), so the row offers what the payment holds now, not what it held before.
  if (failure !== undefined) {
    const reread = await read().catch(() => undefined);
    if (reread) {
      if (outcomeUnknown(failure))
        ctx.notice(
          `${ACTION_LABELS[action]} ${t.reference}: no answer came, so it may have been carried out; the payment is shown as it stands now.`,
        );
      return ctx.changed(reread, action);
    }
  }
  button.focus();
}
