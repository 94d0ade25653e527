import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
// Types only: the zod schemas behind them stay out of the bundle.
import type { AttemptResult, PublicCheckoutView } from '../../shared/schemas/api.ts';
import { formatMinorUnits } from '../../shared/money.ts';
import { resolveLocale, translationFor, type Translation } from './locale.ts';
import styles from './ogone-checkout.styles.ts';

type Phase = 'loading' | 'ready' | 'busy' | 'redirecting' | 'done' | 'closed';

/**
 * The codes of `ogone-checkout-error`: the API's, plus the widget's own — `network` (the server
 * could not be reached), `origin_not_allowed` (it answers, but its ALLOWED_ORIGINS leaves this
 * page's origin out: CORS), `missing_id`, `payment_declined`, `http_<status>`. Any other string is
 * a code the server sent.
 */
export type CheckoutErrorCode =
  | 'session_paid'
  | 'session_expired'
  | 'attempt_in_progress'
  | 'not_found'
  | 'rate_limited'
  | 'network'
  | 'origin_not_allowed'
  | 'missing_id'
  | 'payment_declined'
  | (string & {});

/** What went wrong, as shown and as sent in `ogone-checkout-error`. */
export interface CheckoutErrorDetail {
  /** The API's error code (`session_paid`, `session_expired`, `not_found`, `rate_limited`, …), or `network`, `origin_not_allowed`, `missing_id`, `payment_declined`, `http_<status>`. */
  code: CheckoutErrorCode;
  /** The localized text shown to the shopper. */
  message: string;
  /** HTTP status, 0 when the server could not be reached. */
  status: number;
  /** The server's own (English, developer-facing) message, when it sent one. */
  serverMessage?: string;
  field?: string;
}

interface Failure {
  code: string;
  status: number;
  serverMessage?: string;
  field?: string;
}

/** Saved-card results that end the checkout successfully (a pending one is being confirmed by Ogone). */
const SUCCESS_STATES = ['authorized', 'captured', 'pending'];

/**
 * A pay button for a checkout session (or a fixed-price payment button) of an ogone-checkout
 * server. It shows the amount, optionally offers to save the card (an Ogone alias) or to pay with
 * a saved one, creates a payment attempt and sends the shopper to Ogone's hosted payment page with
 * a real top-level form post.
 *
 * @summary Drop-in Ogone / Ingenico ePayments pay button.
 *
 * @slot - The button label. Defaults to "Pay {amount}" in the widget's locale.
 *
 * @event ogone-checkout-ready - The checkout loaded and can be paid. `detail: { view }`.
 * @event ogone-checkout-submit - The shopper asked to pay. Cancelable: call `preventDefault()` to veto (terms not accepted…). `detail: { saveCard, aliasId, quantity }`.
 * @event ogone-checkout-redirect - Leaving for the hosted page (`detail: { reference, action, fields, form }`) or a 3-D Secure page (`detail: { reference, url }`). Cancelable: the merchant then navigates (the generated `form` stays in the document).
 * @event ogone-checkout-error - Something failed. `detail: { code, message, status, serverMessage?, field? }`.
 * @event ogone-checkout-success - A saved-card payment finished without leaving the page. `detail: { reference, state, successUrl? }`. Cancelable: prevents going to `successUrl`.
 *
 * @csspart base - The wrapper of everything.
 * @csspart skeleton - The placeholder shown while loading.
 * @csspart button - The native pay `<button>`.
 * @csspart label - The label of the save-card checkbox and of the quantity field.
 * @csspart checkbox - The "save my card" checkbox.
 * @csspart hint - The one-line explanations under the checkbox.
 * @csspart saved-cards - The fieldset of saved cards.
 * @csspart saved-card - One saved card (and the "new card") choice.
 * @csspart quantity - The quantity field of a payment button.
 * @csspart message - The status line ("Payment complete").
 * @csspart error - The error region (announced to screen readers).
 * @csspart retry - The "Try again" button in the error region.
 *
 * @cssprop --ogone-checkout-accent - Pay button background (light #0b57d0, dark #a8c7fa).
 * @cssprop --ogone-checkout-accent-text - Pay button text colour.
 * @cssprop --ogone-checkout-background - Widget background.
 * @cssprop --ogone-checkout-text - Text colour.
 * @cssprop --ogone-checkout-muted - Colour of the explanations.
 * @cssprop --ogone-checkout-border - Border colour of fields.
 * @cssprop --ogone-checkout-error - Colour of error messages.
 * @cssprop --ogone-checkout-focus - Focus ring colour.
 * @cssprop --ogone-checkout-radius - Corner radius (0.5rem).
 * @cssprop --ogone-checkout-font - `font` shorthand (400 1rem/1.4 system-ui, sans-serif).
 * @cssprop --ogone-checkout-spacing - Gap between rows (0.75rem).
 * @cssprop --ogone-checkout-padding - Padding around the widget (0).
 * @cssprop --ogone-checkout-width - Maximum inline size (26rem).
 */
export class OgoneCheckout extends LitElement {
  static override styles = styles;

  static override properties: PropertyDeclarations = {
    session: {},
    button: {},
    server: {},
    locale: {},
    disabled: { type: Boolean, reflect: true },
    theme: { reflect: true },
    _phase: { state: true },
    _view: { state: true },
    _error: { state: true },
    _saveCard: { state: true },
    _aliasId: { state: true },
    _quantity: { state: true },
  };

  /** Checkout session id (`cs_…`), created by the merchant's backend. */
  declare session: string | undefined;
  /** Payment button id (`btn_…`), for fixed-price buttons on static sites. */
  declare button: string | undefined;
  /** Base URL of the ogone-checkout server. Defaults to the origin this script was loaded from. */
  declare server: string | undefined;
  /** BCP 47 locale. Defaults to the nearest `lang`, then the session's locale, then the browser's. */
  declare locale: string | undefined;
  declare disabled: boolean;
  /** `light` (default), `dark`, or `auto` (follows `prefers-color-scheme`). */
  declare theme: 'light' | 'dark' | 'auto' | undefined;

  declare private _phase: Phase;
  declare private _view: PublicCheckoutView | undefined;
  declare private _error: (CheckoutErrorDetail & { retry?: 'load' | 'pay' }) | undefined;
  declare private _saveCard: boolean;
  declare private _aliasId: string | undefined;
  declare private _quantity: number;

  #loads = 0;

  constructor() {
    super();
    this.disabled = false;
    this._phase = 'loading';
    this._saveCard = false;
    this._quantity = 1;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('pageshow', this.#onPageShow);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('pageshow', this.#onPageShow);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || changed.has('session') || changed.has('button') || changed.has('server')) void this.#load();
  }

  /** The locale in use (BCP 47), as sent to the server for the hosted page's LANGUAGE. */
  get resolvedLocale(): string {
    return resolveLocale(this, this.locale, this._view?.locale);
  }

  protected override render() {
    const locale = this.resolvedLocale;
    const t = translationFor(locale);
    const phase = this._phase;
    const view = this._view;
    const working = phase === 'busy' || phase === 'redirecting';
    const status = phase === 'loading' ? t.loading : working ? t.processing : phase === 'done' ? t.completed : '';
    const error = this._error;
    return html`<div part="base" aria-busy=${phase === 'loading' || working ? 'true' : 'false'}>
      ${phase === 'loading' ? html`<div part="skeleton"></div>` : nothing}
      ${view && phase !== 'loading' && phase !== 'closed' && phase !== 'done' ? this.#renderCheckout(view, t, locale, working) : nothing}
      <p part="message" role="status" class=${phase === 'done' ? '' : 'sr-only'}>${status}</p>
      <div part="error" role="alert" aria-live="assertive">${
        error
          ? html`<p>${error.message}</p>${
              error.retry ? html`<button part="retry" type="button" @click=${this.#retry}>${t.retry}</button>` : nothing
            }`
          : nothing
      }</div>
    </div>`;
  }

  #renderCheckout(view: PublicCheckoutView, t: Translation, locale: string, working: boolean) {
    const cards = view.savedCards ?? [];
    const newCard = !this._aliasId;
    const inert = this.disabled || working;
    const maxQuantity = view.maxQuantity ?? 1;
    const hasLabel = [...this.childNodes].some((node) => node.nodeType === 1 || node.textContent?.trim());
    let amount = '';
    try {
      amount = formatMinorUnits(view.amount * this._quantity, view.currency, locale);
    } catch {
      amount = `${view.amount * this._quantity} ${view.currency}`;
    }
    return html`${
      cards.length
        ? html`<fieldset part="saved-cards" ?disabled=${inert}>
            <legend>${t.payWith}</legend>
            ${cards.map(
              (card) =>
                html`<label part="saved-card"><input type="radio" name="card" .checked=${this._aliasId === card.id} @change=${() => (this._aliasId = card.id)} />${card.brand} •••• ${card.last4} · ${card.expiry}</label>`,
            )}
            <label part="saved-card"><input type="radio" name="card" .checked=${newCard} @change=${() => (this._aliasId = undefined)} />${t.newCard}</label>
          </fieldset>`
        : nothing
    }
      ${
        newCard && view.saveCard !== 'never'
          ? html`<label part="label"><input part="checkbox" type="checkbox" aria-describedby="hint" ?disabled=${inert || view.saveCard === 'always'} .checked=${this._saveCard || view.saveCard === 'always'} @change=${(e: Event) => (this._saveCard = (e.target as HTMLInputElement).checked)} />${t.saveCard}</label>
            <p part="hint" id="hint">${t.saveCardHint}</p>`
          : nothing
      }
      ${
        maxQuantity > 1
          ? html`<label part="label">${t.quantity}<input part="quantity" type="number" min=${view.minQuantity ?? 1} max=${maxQuantity} ?disabled=${inert} .value=${String(this._quantity)} @change=${this.#onQuantity} /></label>`
          : nothing
      }
      <button part="button" type="button" ?disabled=${this.disabled} aria-disabled=${working ? 'true' : 'false'} aria-busy=${working ? 'true' : 'false'} @click=${this.#pay}>
        ${working ? t.processing : html`<slot @slotchange=${() => this.requestUpdate()}></slot>${hasLabel ? nothing : t.pay(amount)}`}
      </button>`;
  }

  #onQuantity = (event: Event) => {
    const input = event.target as HTMLInputElement;
    const min = this._view?.minQuantity ?? 1;
    this._quantity = Math.min(this._view?.maxQuantity ?? 1, Math.max(min, Math.round(input.valueAsNumber) || min));
    input.value = String(this._quantity);
  };

  #onPageShow = (event: PageTransitionEvent) => {
    // Back from the hosted page through the back/forward cache: the page is as we left it, busy,
    // and the checkout may have been paid meanwhile. Ask the server again.
    if (event.persisted && this._phase === 'redirecting') void this.#load();
  };

  #retry = () => {
    if (this._error?.retry === 'load') void this.#load();
    else void this.#pay();
  };

  #path(): string {
    return this.session
      ? `/checkout/sessions/${encodeURIComponent(this.session)}`
      : `/checkout/buttons/${encodeURIComponent(this.button ?? '')}`;
  }

  async #load(): Promise<void> {
    const load = ++this.#loads;
    this._view = undefined;
    this._error = undefined;
    if (!this.session && !this.button) {
      this.#fail({ code: 'missing_id', status: 0 });
      return;
    }
    this._phase = 'loading';
    try {
      const view = await this.#request<PublicCheckoutView>(this.#path());
      if (load !== this.#loads) return;
      this._view = view;
      this._quantity = view.minQuantity ?? 1;
      this._aliasId = view.savedCards?.[0]?.id;
      this._saveCard = false;
      if (view.status === 'paid' || view.status === 'expired') {
        this.#fail({ code: `session_${view.status}`, status: 200 });
        return;
      }
      this._phase = 'ready';
      await this.updateComplete;
      this.#emit('ready', { view });
    } catch (failure) {
      if (load === this.#loads) this.#fail(failure as Failure, 'load');
    }
  }

  async #pay(): Promise<void> {
    const view = this._view;
    // `_phase` changes synchronously, so a second click in the same frame finds 'busy' here.
    if (!view || this.disabled || this._phase !== 'ready') return;
    const aliasId = this._aliasId;
    const detail = {
      saveCard: !aliasId && (view.saveCard === 'always' || (view.saveCard === 'optional' && this._saveCard)),
      aliasId,
      quantity: view.kind === 'button' ? this._quantity : undefined,
    };
    if (!this.#emit('submit', detail, true)) return;
    this._phase = 'busy';
    this._error = undefined;
    try {
      // The language and region only ("de-CH-u-nu-latn" → "de-CH"): all the server needs for LANGUAGE.
      const body = { ...detail, locale: new Intl.Locale(this.resolvedLocale).baseName, browser: aliasId ? browserInfo() : undefined };
      const path = this.session ? `${this.#path()}/attempts` : this.#path();
      const result = await this.#request<AttemptResult>(path, body);
      // Removed meanwhile (the shop changed page in its router): leaving the page would surprise.
      if (!this.isConnected) {
        this._phase = 'ready';
        return;
      }
      if (result.kind === 'redirect') this.#post(result);
      else if (result.kind === 'challenge') this.#navigate(result.url, { reference: result.reference, url: result.url });
      else if (SUCCESS_STATES.includes(result.state)) {
        this._phase = 'done';
        const detail = { reference: result.reference, state: result.state, successUrl: result.successUrl };
        if (this.#emit('success', detail, true) && result.successUrl && isHttpUrl(result.successUrl)) location.assign(result.successUrl);
      } else this.#fail({ code: 'payment_declined', status: 200 }, 'pay');
    } catch (failure) {
      this.#fail(failure as Failure, 'pay');
    }
  }

  /** A real form posted at top level: the hosted page must be the top document (no iframe, no fetch). */
  #post(result: Extract<AttemptResult, { kind: 'redirect' }>): void {
    if (!isHttpUrl(result.action)) throw { code: 'bad_response', status: 200 } satisfies Failure;
    const form = document.createElement('form');
    form.method = 'post';
    form.action = result.action;
    form.acceptCharset = 'UTF-8';
    form.hidden = true;
    for (const [name, value] of Object.entries(result.fields)) {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = value;
      form.append(input);
    }
    document.body.append(form);
    this._phase = 'redirecting';
    if (this.#emit('redirect', { reference: result.reference, action: result.action, fields: result.fields, form }, true)) form.submit();
    else this._phase = 'ready';
  }

  #navigate(url: string, detail: { reference: string; url: string }): void {
    if (!isHttpUrl(url)) throw { code: 'bad_response', status: 200 } satisfies Failure;
    this._phase = 'redirecting';
    if (this.#emit('redirect', detail, true)) location.assign(url);
    else this._phase = 'ready';
  }

  async #request<T>(path: string, body?: unknown): Promise<T> {
    const base = (this.server || new URL(import.meta.url).origin).replace(/\/+$/, '');
    let response: Response;
    try {
      response = await fetch(base + path, {
        method: body ? 'POST' : 'GET',
        headers: body ? { 'content-type': 'application/json' } : undefined,
        body: body ? JSON.stringify(body) : undefined,
        // The view changes (open → paid); never show a cached one.
        cache: 'no-store',
      });
    } catch {
      // fetch rejects alike when the server is down and when its answer lacks this page's origin in
      // Access-Control-Allow-Origin. A no-cors request needs no such header, so if one resolves
      // (opaque) the server is up and CORS refused this page. It asks for the bundle: the one
      // route any origin may read (Cross-Origin-Resource-Policy: cross-origin; the API's
      // same-origin fails no-cors requests too). HEAD, no-store: no body, and no cached copy
      // standing in for a server that is down.
      const refused = await fetch(base + '/ogone-checkout.js', { mode: 'no-cors', method: 'HEAD', cache: 'no-store' }).then(
        () => true,
        () => false,
      );
      if (refused) console.error(`ogone-checkout: ${location.origin} is not in ALLOWED_ORIGINS of the payment server`);
      throw { code: refused ? 'origin_not_allowed' : 'network', status: 0 } satisfies Failure;
    }
    const data = await response.json().catch(() => undefined);
    if (response.ok && data) return data as T;
    const problem = (data as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error;
    throw {
      code: problem?.code ?? (response.status === 429 ? 'rate_limited' : `http_${response.status}`),
      status: response.status,
      serverMessage: problem?.message,
      field: problem?.field,
    } satisfies Failure;
  }

  #fail(failure: Failure, during?: 'load' | 'pay'): void {
    const t = translationFor(this.resolvedLocale);
    // Anything thrown that is not a Failure (a malformed answer) counts as a server error.
    const code: string = failure?.code ?? 'unknown';
    const status: number = failure?.status ?? 0;
    const key = code === 'missing_id' ? 'not_found' : code;
    const message = Object.hasOwn(t.errors, key) ? t.errors[key as keyof Translation['errors']] : t.errors.server;
    const retryable =
      code === 'network' || code === 'rate_limited' || code === 'payment_declined' || code === 'attempt_in_progress' || status >= 500;
    const detail: CheckoutErrorDetail = { code, message, status, serverMessage: failure?.serverMessage, field: failure?.field };
    // Paid, expired or unknown checkouts cannot be paid here any more: close the form.
    const closed = !this._view || code === 'session_paid' || code === 'session_expired' || code === 'not_found';
    this._phase = closed ? 'closed' : 'ready';
    this._error = { ...detail, retry: retryable ? (closed ? 'load' : (during ?? 'load')) : undefined };
    this.#emit('error', detail);
  }

  #emit(name: string, detail: unknown, cancelable = false): boolean {
    return this.dispatchEvent(new CustomEvent(`ogone-checkout-${name}`, { detail, bubbles: true, composed: true, cancelable }));
  }
}

function isHttpUrl(url: string): boolean {
  try {
    return /^https?:$/.test(new URL(url, location.href).protocol);
  } catch {
    return false;
  }
}

/**
 * What 3-D Secure 2 asks about the browser and the server cannot see (user agent, language and
 * accept header arrive as request headers), sent only with saved-card (DirectLink) payments.
 */
function browserInfo() {
  return {
    colorDepth: screen.colorDepth,
    javaEnabled: false,
    screenHeight: screen.height,
    screenWidth: screen.width,
    timezoneOffset: new Date().getTimezoneOffset(),
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'ogone-checkout': OgoneCheckout;
  }
  interface HTMLElementEventMap {
    'ogone-checkout-error': CustomEvent<CheckoutErrorDetail>;
  }
}
