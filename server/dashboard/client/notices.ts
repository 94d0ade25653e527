/**
 * The notice after a money action, written from the transaction as re-read after it, so the
 * notice and the row say the same thing. Pure.
 */
import { formatMoney } from '../../../shared/money.ts';
import { cardLabel, type MoneyAction, type PaymentAmounts } from './money-actions.ts';
import { stateLabel } from './states.ts';

export type Outcome = 'done' | 'pending' | 'unknown';

const PAST: Record<MoneyAction, string> = { capture: 'Captured', refund: 'Refunded', cancel: 'Voided' };
const NOUN: Record<MoneyAction, string> = { capture: 'capture', refund: 'refund', cancel: 'void' };

export function actionNotice(
  action: MoneyAction,
  amount: number | undefined,
  outcome: Outcome,
  after: PaymentAmounts & { reference: string },
  message?: string,
  settledBy: 'reconciler' | 'sync' = 'reconciler',
): string {
  const money = (minor: number) => formatMoney(minor, after.currency, 'en-GB');
  const moved = amount === undefined ? money(after.amount) : money(amount);
  const what = `${after.reference} (${cardLabel(after)})`;
  const totals = [
    after.capturedAmount ? `${money(after.capturedAmount)} captured` : '',
    after.refundedAmount ? `${money(after.refundedAmount)} refunded` : '',
  ].filter(Boolean);
  const now = `Now ${stateLabel(after.state)}${totals.length > 0 ? `: ${totals.join(', ')} of ${money(after.amount)}` : ''}.`;
  if (outcome === 'done') return `${PAST[action]} ${moved} of ${what}. ${now}`;
  if (outcome === 'pending')
    return `The ${NOUN[action]} of ${moved} for ${what} is sent; Ogone is still processing it. ${now} The row changes once Ogone confirms.`;
  // Not queried in the background (too old, or the reconciler off): the operator asks by hand
  // (review r1486). The page's "Sync with Ogone" is there while an operation is open.
  const next =
    settledBy === 'sync'
      ? 'The reconciler does not ask Ogone about this payment: use "Sync with Ogone" on its page to read the outcome.'
      : 'It is queried again in the background.';
  return `The ${NOUN[action]} of ${moved} for ${what} has an unknown outcome${message ? ` (${message})` : ''}. ${now} ${next}`;
}
