/**
 * The confirmation in front of every money action: a native modal `<dialog>` (the page behind is
 * inert), Tab kept inside, Escape or "Go back" closes it having done nothing — neither is offered
 * while the action runs. It states the amount and the effect, reads the partial amount (empty at
 * first: the merchant types it), and runs the action once per confirmation — the confirm button
 * is disabled while it runs, and a retry after a lost answer sends the same Idempotency-Key so the
 * server acts at most once (after an answered refusal, a new one). A request whose answer was lost (no answer, a 5xx) may have been
 * carried out: it is said so, never "not done", and going back re-reads the payment
 * (money-buttons.ts), so that what the merchant confirms next is confirmed against what the
 * payment holds now. A new opening is a new action with keys of its own: kept past the dialog, a
 * key swallowed a later refund of the same amount as a replay of the first (review r500).
 */
import { formatMoney } from '../../../shared/money.ts';
import { amountText, readAmount } from './amount-input.ts';
import { ApiError } from './api.ts';
import { $ } from './dom.ts';
import { newIdempotencyKey } from './idempotency-key.ts';
import {
  ACTION_LABELS,
  cardLabel,
  confirmLabel,
  effectOf,
  mayCaptureFinal,
  remainingFor,
  type MoneyAction,
  type PaymentAmounts,
} from './money-actions.ts';

/** `final`: a capture that closes the order, releasing the rest ("Final capture — release the rest"). */
export type Perform = (amount: number | undefined, idempotencyKey: string, final: boolean) => Promise<void>;

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), [href], [tabindex]:not([tabindex="-1"])';

export class MoneyDialog {
  readonly #dialog = $<HTMLElement>('confirm') as unknown as HTMLDialogElement;
  readonly #form = $<HTMLFormElement>('confirm-form');
  readonly #amount = $<HTMLInputElement>('confirm-amount');
  readonly #confirm = $<HTMLButtonElement>('confirm-ok');
  readonly #final = $<HTMLInputElement>('confirm-final');
  readonly #error = $('confirm-error');
  #session:
    | {
        t: PaymentAmounts & { reference: string };
        action: MoneyAction;
        perform: Perform;
        keys: Map<string, string>;
        /** Amounts whose request may have been carried out (a lost answer): their key is never let go. */
        uncertain: Set<string>;
      }
    | undefined;
  #busy = false;
  #resolve: ((done: boolean) => void) | undefined;

  constructor() {
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#submit();
    });
    $('confirm-dismiss').addEventListener('click', () => {
      if (!this.#busy) this.#close(false);
    });
    $('confirm-full').addEventListener('click', () => {
      const s = this.#session;
      if (!s) return;
      this.#amount.value = amountText(remainingFor(s.t, s.action), s.t.currency);
      this.#update();
      this.#amount.focus();
    });
    this.#amount.addEventListener('input', () => this.#update());
    this.#final.addEventListener('change', () => this.#update());
    // Escape: the browser's "cancel"; not while the action runs (its answer must be shown).
    this.#dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      if (!this.#busy) this.#close(false);
    });
    this.#dialog.addEventListener('keydown', (event) => this.#trapTab(event));
  }

  /** Resolves true once the action succeeded, false when the merchant went back. */
  open(t: PaymentAmounts & { reference: string }, action: MoneyAction, perform: Perform): Promise<boolean> {
    this.#session = { t, action, perform, keys: new Map(), uncertain: new Set() };
    const partial = action !== 'cancel';
    $('confirm-title').textContent = `${ACTION_LABELS[action]} — ${cardLabel(t)}, ${t.reference}`;
    $('confirm-amount-field').hidden = !partial;
    // A capture may close the order (an SAS, DirectLink guide §4.1.2): unchecked at each opening.
    $('confirm-final-field').hidden = !(action === 'capture' && mayCaptureFinal(t));
    this.#final.checked = false;
    this.#amount.value = '';
    this.#amount.removeAttribute('aria-invalid');
    $('confirm-amount-label').textContent = `Amount to ${action} (${t.currency})`;
    $('confirm-hint').textContent = partial
      ? `At most ${formatMoney(remainingFor(t, action), t.currency, 'en-GB')}; type less for a partial ${action}.`
      : '';
    this.#error.textContent = '';
    this.#update();
    this.#dialog.showModal();
    (partial ? this.#amount : $('confirm-dismiss')).focus();
    return new Promise((resolve) => (this.#resolve = resolve));
  }

  /** The amount typed (undefined for a cancel, which voids the whole authorisation). */
  #read(): { ok: true; amount: number | undefined } | { ok: false; message: string } {
    const s = this.#session!;
    if (s.action === 'cancel') return { ok: true, amount: undefined };
    const check = readAmount(this.#amount.value, s.t.currency, remainingFor(s.t, s.action), s.action);
    return check.ok ? { ok: true, amount: check.minor } : check;
  }

  /** Whether the capture is final (its box shown and checked). */
  #isFinal(): boolean {
    return this.#session?.action === 'capture' && !$('confirm-final-field').hidden && this.#final.checked;
  }

  #update() {
    const s = this.#session;
    if (!s) return;
    const read = this.#read();
    const amount = read.ok ? read.amount : undefined;
    $('confirm-effect').textContent = effectOf(s.t, s.action, amount, this.#isFinal());
    this.#confirm.textContent = confirmLabel(s.t, s.action, amount);
    if (read.ok) {
      this.#amount.removeAttribute('aria-invalid');
      if (this.#error.dataset.kind === 'amount') this.#error.textContent = '';
    }
  }

  async #submit() {
    const s = this.#session;
    if (!s || this.#busy) return;
    const read = this.#read();
    if (!read.ok) {
      this.#amount.setAttribute('aria-invalid', 'true');
      this.#showError(read.message, 'amount');
      this.#amount.focus();
      return;
    }
    // One key per confirmed action, amount and finality: a retry of the same amount is the same
    // request; a final capture of it is another (the server refuses a key reused so).
    const final = this.#isFinal();
    const slot = `${read.amount ?? 'all'}${final ? ':final' : ''}`;
    const key = s.keys.get(slot) ?? newIdempotencyKey();
    s.keys.set(slot, key);
    this.#setBusy(true);
    this.#error.textContent = '';
    try {
      await s.perform(read.amount, key, final);
      this.#setBusy(false);
      this.#close(true);
    } catch (failure) {
      const message = (failure as Error).message;
      if (outcomeUnknown(failure)) {
        s.uncertain.add(slot);
        this.#showError(
          `${ACTION_LABELS[s.action]}: no answer (${message}). It may have been carried out. Confirming again sends the same request, which the server never carries out twice.`,
          'api',
        );
        this.#confirm.textContent = `Retry: ${confirmLabel(s.t, s.action, read.amount)}`;
      } else {
        // Answered, and not done: confirming again is a new request. Under the same key the server
        // replays its answer (a platform's refusal, 422), and the action could never be made from
        // this dialog once the cause was fixed (review r1190). Not after a lost answer, whose
        // request may have been carried out, nor after an answer that is not about the request
        // (429 "too many requests"): a new key then refunded twice (review r1210).
        if (!s.uncertain.has(slot) && answeredAboutRequest(failure)) s.keys.delete(slot);
        this.#showError(`${ACTION_LABELS[s.action]} not done: ${message}.`, 'api');
      }
    } finally {
      this.#setBusy(false);
    }
  }

  #setBusy(busy: boolean) {
    this.#busy = busy;
    this.#confirm.disabled = busy;
    $<HTMLButtonElement>('confirm-dismiss').disabled = busy;
    if (busy) this.#confirm.setAttribute('aria-busy', 'true');
    else this.#confirm.removeAttribute('aria-busy');
  }

  #showError(message: string, kind: 'amount' | 'api') {
    this.#error.dataset.kind = kind;
    this.#error.textContent = message;
  }

  #close(done: boolean) {
    if (this.#dialog.open) this.#dialog.close();
    this.#session = undefined;
    const resolve = this.#resolve;
    this.#resolve = undefined;
    resolve?.(done);
  }

  /** Tab and Shift+Tab cycle inside the dialog (showModal makes the page inert; this keeps the browser's toolbar out too). */
  #trapTab(event: KeyboardEvent) {
    if (event.key !== 'Tab') return;
    const items = [...this.#dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[hidden]'));
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }
}

/**
 * No answer tells what became of the request: the network, a 5xx (a proxy's 502, the server's 504
 * outcome_unknown), or the same key still being processed (409 idempotency_in_progress).
 */
/** A refusal that is the server's word on the request itself, not "ask again later". */
function answeredAboutRequest(failure: unknown): boolean {
  return failure instanceof ApiError && failure.status >= 400 && failure.status < 500 && failure.status !== 429 && failure.status !== 409;
}

export function outcomeUnknown(failure: unknown): boolean {
  if (!(failure instanceof ApiError)) return true;
  return failure.status === 0 || failure.status >= 500 || failure.code === 'idempotency_in_progress';
}
