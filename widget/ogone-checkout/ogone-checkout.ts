import { LitElement, html, noChange, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
// Types only: the zod schemas behind them stay out of the bundle.
import type { AttemptResult, PublicCheckoutView } from '../../shared/schemas/public-checkout.ts';
import { formatMinorUnits } from '../../shared/money.ts';
import { languageFor, resolveLocale, TRANSLATIONS, type Translation } from './locale.ts';
import type { CheckoutErrorDetail, CheckoutEventDetail, CheckoutEventSuffix } from './events.ts';
import styles from './ogone-checkout.styles.ts';

type Phase = 'loading' | 'ready' | 'busy' | 'redirecting' | 'done' | 'closed';

export type * from './events.ts';

interface Failure {
  code: string;
  /** The HTTP status; 0 (the default) when there was no answer. */
  status?: number;
  serverMessage?: string;
  field?: string;
}

/**
 * A pay button for a checkout session (or a fixed-price payment button) of an ogone-checkout
 * server. It shows the amount, optionally offers to save the card (an Ogone alias) or to pay with
 * a saved one — an explicit choice, never preselected — creates a payment attempt and sends the
 * shopper to Ogone's hosted payment page with a real top-level form post. For a setup session
 * (`mode: "setup"`) it is a "Save card" button that sends the shopper to Ogone's FlexCheckout page.
 *
 * @summary Drop-in Ogone / Ingenico ePayments pay button.
 *
 * @slot - The button label. Defaults to "Pay {amount}" (or "Save card" for a setup session) in the widget's locale.
 *
 * @event {CustomEvent<CheckoutReadyDetail>} ogone-checkout-ready - The checkout loaded and can be paid. `detail: { view }`.
 * @event {CustomEvent<CheckoutSubmitDetail>} ogone-checkout-submit - The shopper asked to pay (or to save a card). Cancelable: call `preventDefault()` to veto (terms not accepted…). `detail: { saveCard, aliasId, quantity }`.
 * @event {CustomEvent<CheckoutRedirectDetail>} ogone-checkout-redirect - Leaving for the hosted page (`detail: { reference, action, fields, form }`), a 3-D Secure page or the FlexCheckout page (`detail: { reference, url }`). Cancelable: the merchant then navigates (the generated `form` stays in the document).
 * @event {CustomEvent<CheckoutErrorDetail>} ogone-checkout-error - Something failed. `detail: { code, message, status, serverMessage?, field? }`.
 * @event {CustomEvent<CheckoutSuccessDetail>} ogone-checkout-success - A saved-card payment finished without leaving the page. `detail: { reference, state, successUrl? }`. Cancelable: prevents going to `successUrl`.
 * @event {CustomEvent<CardForgottenDetail>} ogone-checkout-card-forgotten - The shopper forgot a saved card (deleted on the server and at Ogone). `detail: { aliasId }`.
 * @event {CustomEvent<SetupCompletedDetail>} ogone-checkout-setup-completed - A setup session's card is saved (the shopper came back from FlexCheckout). `detail: { sessionId }`.
 *
 * @csspart base - The wrapper of everything.
 * @csspart skeleton - The placeholder shown while loading.
 * @csspart button - The native pay (or "Save card") `<button>`.
 * @csspart label - The label of the save-card checkbox and of the quantity field.
 * @csspart checkbox - The "save my card" checkbox.
 * @csspart hint - The one-line explanations: under the checkbox, "choose a card", "nothing is charged now".
 * @csspart saved-cards - The fieldset of saved cards.
 * @csspart saved-card - One saved card (and the "use another card") choice.
 * @csspart forget - The "Forget" button of a saved card, and its "Yes" / "No" confirmation.
 * @csspart quantity - The quantity field of a payment button.
 * @csspart message - The status line ("Payment complete", "Card saved").
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

  // Private state has one-letter names: property names survive minification, and every byte
  // counts against the 12 KB budget.
  static override properties: PropertyDeclarations = {
    session: {},
    button: {},
    server: {},
    locale: {},
    disabled: { type: Boolean, reflect: true },
    theme: { reflect: true },
    _p: { state: true },
    _v: { state: true },
    _e: { state: true },
    _s: { state: true },
    _a: { state: true },
    _q: { state: true },
    _f: { state: true },
  };

  /** Checkout session id (`cs_…`), created by the merchant's backend. */
  declare session: string | undefined;
  /** Payment button id (`btn_…`), for fixed-price buttons on static sites. */
  declare button: string | undefined;
  /** Base URL of the ogone-checkout server. Defaults to the origin this script was loaded from. */
  declare server: string | undefined;
  /** BCP 47 locale. Defaults to the nearest `lang`, then the session's locale, then the browser's. */
  declare locale: string | undefined;
  /** Disables the pay button (and every choice): a page that is not ready to take the payment yet. */
  declare disabled: boolean;
  /** `light` (default), `dark`, or `auto` (follows `prefers-color-scheme`). */
  declare theme: 'light' | 'dark' | 'auto' | undefined;

  /** Phase of the checkout. */
  declare private _p: Phase;
  /** The public view of the session or button. */
  declare private _v: PublicCheckoutView | undefined;
  /**
   * The error shown: the key of its text in `errors` (translated at each render, so that it follows
   * a change of `lang` as every other label does), and what its retry does.
   */
  declare private _e: { k: keyof Translation['errors']; retry?: 'load' | 'pay' } | undefined;
  /** The "save my card" checkbox. */
  declare private _s: boolean;
  /** The card chosen: a saved card's id, '' for a new card, undefined while the shopper has not chosen. */
  declare private _a: string | undefined;
  /** Quantity of a payment button. */
  declare private _q: number;
  /** The saved card whose "Forget" awaits its confirmation. */
  declare private _f: string | undefined;

  #loads = 0;
  /** The shopper is typing a quantity: the field keeps what was typed until it is committed. */
  #typing = false;
  /** The saved-card payment that ended the checkout is pending: Ogone confirms it later. */
  #r?: boolean;
  /** The server that answered this element: a request to it that fails later lost its way. */
  #o?: string;
  /** Watches the `lang` of the page (and of every ancestor). */
  #m?: MutationObserver;

  constructor() {
    super();
    this.disabled = false;
    // `_p` (the phase), `_s` (the checkbox) and `_q` (the quantity) are set by each load, which the
    // first update starts before it renders (willUpdate).
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('pageshow', this.#onPageShow);
    // Without a locale of its own the widget speaks the nearest lang: a shop that switches its
    // language in place changes it, and the labels follow, as the LANGUAGE sent at Pay does. A
    // document's subtree leaves shadow trees out: each root up to the document is watched.
    const m = (this.#m = new MutationObserver(() => this.requestUpdate()));
    for (let root: Node | undefined = this.getRootNode(); root; root = (root as ShadowRoot).host?.getRootNode())
      m.observe(root, { attributeFilter: ['lang'], subtree: true });
    // Moved under another lang (a router, a dialog re-parenting it): no attribute changed.
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('pageshow', this.#onPageShow);
    this.#m!.disconnect();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || changed.has('session') || changed.has('button') || changed.has('server')) void this.#load();
  }

  protected override update(changed: PropertyValues<this>): void {
    const root = this.renderRoot as ShadowRoot;
    const focused = root.activeElement;
    super.update(changed);
    // The focused control left with what it belonged to (a checkout paid or closed, a card
    // forgotten): the wrapper takes the focus, or a keyboard shopper would be sent back to the top
    // of the page (WCAG 2.4.3). Without scrolling to it: the shopper may be reading elsewhere on
    // the page, which must not jump (WCAG 3.2.2).
    if (focused && !root.activeElement) root.querySelector<HTMLElement>('[part=base]')!.focus({ preventScroll: true });
  }

  /** The locale in use (BCP 47), as sent to the server for the hosted page's LANGUAGE. */
  get resolvedLocale(): string {
    return resolveLocale(this, this.locale, this._v?.locale);
  }

  protected override render() {
    const locale = this.resolvedLocale;
    // Said in `lang`, or assistive technology reads French labels on an English page as English.
    const lang = languageFor(locale);
    const t = TRANSLATIONS[lang]!;
    const phase = this._p;
    const view = this._v;
    const working = phase === 'busy' || phase === 'redirecting';
    const status =
      phase === 'loading' || working
        ? t.processing
        : phase === 'done'
          ? view?.mode === 'setup'
            ? t.saved
            : this.#r
              ? t.processing
              : t.completed
          : '';
    const error = this._e;
    // aria-busy marks the parts being replaced (the skeleton, the pay button), never an ancestor of
    // the live regions: assistive technology may hold back what changes in a busy element until it
    // is no longer busy, and "Processing…" would be gone by then.
    return html`<div part="base" tabindex="-1" lang=${lang}>
      ${phase === 'loading' ? html`<div part="skeleton" aria-busy="true"></div>` : nothing}
      ${view && phase !== 'loading' && phase !== 'closed' && phase !== 'done' ? this.#renderCheckout(view, t, locale, working) : nothing}
      <p part="message" role="status" class=${phase === 'done' ? '' : 'sr-only'}>${status}</p>
      <div part="error" role="alert" aria-live="assertive">${
        error
          ? html`<p>${t.errors[error.k]}</p>${error.retry ? html`<button part="retry" @click=${this.#retry}>${t.retry}</button>` : nothing}`
          : nothing
      }</div>
    </div>`;
  }

  #renderCheckout(view: PublicCheckoutView, t: Translation, locale: string, working: boolean) {
    const setup = view.mode === 'setup';
    const cards = setup ? [] : (view.savedCards ?? []);
    const chosen = this._a;
    const unchosen = chosen === undefined;
    const inert = this.disabled || working;
    const maxQuantity = view.maxQuantity ?? 1;
    // A label is an element or text; comments (a framework's `<!--v-if-->`) are not, and an
    // element's textContent leaves them out.
    const hasLabel = this.childElementCount || this.textContent!.trim();
    let amount = '';
    try {
      amount = formatMinorUnits(view.amount * this._q, view.currency, locale);
    } catch {
      amount = `${view.amount * this._q} ${view.currency}`;
    }
    // Each label has an id (`l` + the card's): the card's Forget, Yes and No are described by it,
    // and its Yes and No by the question too ("Forget? VISA •••• 1111, expires 12/30"), or a screen
    // reader says "Forget" and "No" for every card alike. Only the asking card's: another card's
    // Forget described by the question read as if its deletion awaited confirmation (review r1666).
    const radio = (id: string, label: string) =>
      html`<label part="saved-card" id=${`l${id}`}><input type="radio" name="card" .checked=${chosen === id} @change=${() => (this._a = id)} />${label}</label>`;
    return html`${
      cards.length
        ? html`<fieldset part="saved-cards" ?disabled=${inert}>
            <legend id="choose">${t.chooseCard}</legend>
            ${cards.map(
              ({ id, brand, last4, expiry }) =>
                html`<div id=${id}>${radio(id, `${brand} •••• ${last4}, ${t.expires} ${expiry}`)}${
                  this._f === id
                    ? html`<span id="ask">${t.forgetAsk}</span><button part="forget" aria-describedby=${`ask l${id}`} @click=${() => this.#forget(id)}>${t.yes}</button><button part="forget" aria-describedby=${`ask l${id}`} @click=${() => this.#ask()}>${t.no}</button>`
                    : html`<button part="forget" aria-describedby=${`l${id}`} @click=${() => this.#ask(id)}>${t.forget}</button>`
                }</div>`,
            )}
            ${radio('', t.newCard)}
          </fieldset>`
        : nothing
    }
      ${
        chosen === '' && !setup && view.saveCard !== 'never'
          ? html`<label part="label"><input part="checkbox" type="checkbox" aria-describedby="hint" ?disabled=${inert || view.saveCard === 'always'} .checked=${this._s || view.saveCard === 'always'} @change=${(e: Event) => (this._s = (e.target as HTMLInputElement).checked)} />${t.saveCard}</label>
            <p part="hint" id="hint">${t.saveCardHint}</p>`
          : setup
            ? html`<p part="hint">${t.setupHint}</p>`
            : nothing
      }
      ${
        maxQuantity > 1
          ? html`<label part="label">${t.quantity}<input part="quantity" type="number" min=${view.minQuantity ?? 1} max=${maxQuantity} ?disabled=${inert} .valueAsNumber=${this.#typing ? noChange : this._q} @input=${this.#onQuantity} @change=${this.#onQuantity} /></label>`
          : nothing
      }
      <button part="button" ?disabled=${this.disabled} aria-disabled=${working || unchosen} aria-describedby=${unchosen ? 'choose' : nothing} aria-busy=${working} @click=${this.#pay}>
        ${working ? t.processing : html`<slot @slotchange=${() => this.requestUpdate()}></slot>${hasLabel ? nothing : setup ? t.saveCard : t.pay(amount)}`}
      </button>`;
  }

  /**
   * The quantity follows the field as the shopper types (`input`): the total on the button is what
   * a click charges. While typing, the quantity is the one the field will commit to — rounded and
   * clamped to the bounds ("2.5" is 3, "" the minimum) — and the field is left alone (min 2: the
   * "1" of "12" is not rewritten under the caret); once committed (`change`), the field shows it.
   * Only whole numbers within the bounds moved the total before, and the blur of a click on Pay
   * committed another one than the button showed (review r1665).
   */
  #onQuantity = (event: Event) => {
    const input = event.target as HTMLInputElement;
    const min = this._v?.minQuantity ?? 1;
    this._q = Math.min(this._v?.maxQuantity ?? 1, Math.max(min, Math.round(input.valueAsNumber) || min));
    this.#typing = event.type === 'input';
    if (!this.#typing) input.valueAsNumber = this._q;
  };

  #onPageShow = (event: PageTransitionEvent) => {
    // Back from the hosted page through the back/forward cache: the page is as we left it, busy,
    // and the checkout may have been paid meanwhile. Ask the server again.
    if (event.persisted && this._p === 'redirecting') void this.#load();
  };

  #retry = () => {
    // "Try again" leaves with the error it belongs to: the focus goes to the pay button first, or
    // a keyboard shopper would be sent back to the top of the page (WCAG 2.4.3).
    this.renderRoot.querySelector<HTMLElement>('[part=button]')?.focus();
    if (this._e?.retry === 'load') void this.#load();
    else void this.#pay();
  };

  #path(): string {
    return `/checkout/${this.session ? 'sessions' : 'buttons'}/${encodeURIComponent(this.session || this.button!)}`;
  }

  async #load(): Promise<void> {
    const load = ++this.#loads;
    this._v = this._e = this._f = undefined;
    if (!this.session && !this.button) {
      this.#fail({ code: 'missing_id' });
      return;
    }
    this._p = 'loading';
    try {
      const view = await this.#request<PublicCheckoutView>(this.#path());
      if (load !== this.#loads) return;
      this._v = view;
      this._q = view.minQuantity ?? 1;
      this.#typing = false;
      // Saved cards: nothing is chosen until the shopper chooses (issue 16). Without any, a new card.
      this._a = view.savedCards?.length && view.mode !== 'setup' ? undefined : '';
      this._s = false;
      if (view.status === 'paid' && view.mode === 'setup') {
        // Back from FlexCheckout: for a setup session, "paid" means the card is saved.
        this._p = 'done';
        this.#emit('setup-completed', { sessionId: view.id });
        return;
      }
      // A payment under way (pending: 3-D Secure in another tab, an uncertain answer) says so at
      // once, with a retry that reads the session again, rather than after a click.
      if (view.status !== 'open') {
        this.#fail({ code: view.status === 'processing' ? 'attempt_in_progress' : `session_${view.status}`, status: 200 }, 'load');
        return;
      }
      this._p = 'ready';
      await this.updateComplete;
      this.#emit('ready', { view });
    } catch (failure) {
      if (load === this.#loads) this.#fail(failure as Failure, 'load');
    }
  }

  async #pay(): Promise<void> {
    const view = this._v;
    const chosen = this._a;
    // `_p` changes synchronously, so a second click in the same frame finds 'busy' here. Nothing
    // is charged before the shopper chose between the saved cards and a new one.
    if (!view || this.disabled || this._p !== 'ready' || chosen === undefined) return;
    const aliasId = chosen || undefined;
    const detail = {
      saveCard: view.mode === 'setup' || (!aliasId && (view.saveCard === 'always' || (view.saveCard === 'optional' && this._s))),
      aliasId,
      quantity: view.kind === 'button' ? this._q : undefined,
    };
    if (!this.#emit('submit', detail, true)) return;
    // The checkout this attempt is for: a page that swaps the session (the cart changed) while it
    // runs must not be sent to pay the old one, nor have the new one closed by the old one's error.
    const load = this.#loads;
    this._p = 'busy';
    this._e = undefined;
    try {
      const body = {
        ...detail,
        // The language and region only ("de-CH-u-nu-latn" → "de-CH"): all the server needs for LANGUAGE.
        locale: new Intl.Locale(this.resolvedLocale).baseName,
        // What 3-D Secure 2 asks about the browser and the server cannot see (user agent, language
        // and accept header arrive as request headers), sent only with saved-card (DirectLink)
        // payments. javaEnabled left out: no browser has Java now, and the server takes its
        // absence as false.
        browser: aliasId
          ? {
              colorDepth: screen.colorDepth,
              screenHeight: screen.height,
              screenWidth: screen.width,
              timezoneOffset: new Date().getTimezoneOffset(),
            }
          : undefined,
      };
      const path = this.session ? `${this.#path()}/attempts` : this.#path();
      const result = await this.#request<AttemptResult>(path, body);
      const same = load === this.#loads;
      if (result.kind === 'completed') {
        // Saved-card results that end the checkout successfully (a pending one is being confirmed
        // by Ogone); any other was declined.
        if (!/^(authorized|captured|pending)$/.test(result.state)) throw { code: 'payment_declined', status: 200 } satisfies Failure;
        // Pending: "Processing…", never "Payment complete." (the status page says "in progress").
        // A checkout swapped meanwhile (the cart changed) keeps its own state.
        if (same) {
          this.#r = result.state === 'pending';
          this._p = 'done';
        }
        // The card was charged: said even to an element removed or given another checkout meanwhile
        // (the shop's router moved it, the cart changed), or the merchant never learns of the
        // payment and the shopper pays again; only their page is not left.
        const detail = { reference: result.reference, state: result.state, successUrl: result.successUrl };
        if (this.#emit('success', detail, true) && same && this.isConnected && result.successUrl && isHttpUrl(result.successUrl))
          location.assign(result.successUrl);
      }
      // The page gave the widget another checkout meanwhile: it must not be sent to pay the old one.
      else if (!same) return;
      // Removed meanwhile (the shop changed page in its router): leaving the page would surprise.
      else if (!this.isConnected) this._p = 'ready';
      else if (result.kind === 'redirect') this.#post(result);
      // 3-D Secure for a saved card, or the FlexCheckout page of a setup session: a top-level navigation.
      else this.#leave(result.url, { reference: result.reference, url: result.url }, () => location.assign(result.url));
    } catch (failure) {
      if (load !== this.#loads) return;
      const { code } = failure as Failure;
      // A setup session paid meanwhile (its card saved in another tab): what reading it says,
      // "Card saved." and setup-completed, never "Already paid." for a checkout that charges nothing.
      if (code === 'session_paid' && view.mode === 'setup') return this.#load();
      // A card forgotten meanwhile (in another tab) leaves the list: the shopper chooses again. So
      // does one still being deleted at Ogone (409 alias_deletion_pending): it cannot be charged,
      // and the server no longer offers it.
      if (GONE.test(code)) await this.#load();
      this.#fail(failure as Failure, 'pay');
    }
  }

  /** "Forget" asks first (`id`); "No" (no `id`) puts the button back. Focus follows the buttons. */
  async #ask(id?: string): Promise<void> {
    const row = id ?? this._f!;
    this._f = id;
    await this.updateComplete;
    // The row's last button: "No" (the safe answer) when confirming, else the card's own "Forget".
    ((this.renderRoot as ShadowRoot).getElementById(row)?.lastElementChild as HTMLElement | null)?.focus();
  }

  /** Deletes a saved card through the session's public endpoint (scoped to its customer). */
  async #forget(aliasId: string): Promise<void> {
    // "Yes" clicked twice before it re-renders: one DELETE, one event.
    const load = this.#loads;
    if (this._f !== aliasId) return;
    this._e = this._f = undefined;
    try {
      await this.#request(`${this.#path()}/saved-cards/${encodeURIComponent(aliasId)}`, undefined, 'DELETE');
      this.#emit('card-forgotten', { aliasId });
    } catch (failure) {
      // Gone already (forgotten in another tab, or by the merchant) or still being deleted at
      // Ogone: what the shopper asked for is done, so the card leaves the list, with no error (and
      // no event: this element did not forget it). Any other failure keeps it.
      if (!GONE.test((failure as Failure).code)) {
        if (load === this.#loads) this.#fail(failure as Failure, 'forget');
        return;
      }
    }
    // The view as it is now (another card may have gone meanwhile), and only the same checkout's.
    if (load !== this.#loads) return;
    const savedCards = this._v!.savedCards.filter((card) => card.id !== aliasId);
    this._v = { ...this._v!, savedCards };
    if (this._a === aliasId || !savedCards.length) this._a = savedCards.length ? undefined : '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[name=card]')?.focus();
  }

  /** A real form posted at top level: the hosted page must be the top document (no iframe, no fetch). */
  #post({ reference, action, fields }: Extract<AttemptResult, { kind: 'redirect' }>): void {
    const form = Object.assign(document.createElement('form'), { method: 'post', action, acceptCharset: 'UTF-8', hidden: true });
    for (const [name, value] of Object.entries(fields))
      form.append(Object.assign(document.createElement('input'), { type: 'hidden', name, value }));
    document.body.append(form);
    this.#leave(action, { reference, action, fields, form }, () => form.submit());
  }

  /** Leaves the page for `url` unless a `redirect` listener takes over (cancels). */
  #leave(url: string, detail: CheckoutEventDetail<'redirect'>, go: () => void): void {
    if (!isHttpUrl(url)) throw { code: 'bad_response', status: 200 } satisfies Failure;
    this._p = 'redirecting';
    if (this.#emit('redirect', detail, true)) go();
    else this._p = 'ready';
  }

  /** `again`: a GET whose answer may have been lost is asked once more before the origin is blamed. */
  async #request<T>(path: string, body?: unknown, method = body ? 'POST' : 'GET', again = method === 'GET'): Promise<T> {
    const base = (this.server || new URL(import.meta.url).origin).replace(/\/+$/, '');
    let response: Response;
    try {
      response = await fetch(base + path, {
        method,
        // The view changes (open → paid); never show a cached one.
        cache: 'no-store',
        ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
      });
    } catch {
      // fetch rejects alike when the server is down, when its answer lacks this page's origin in
      // Access-Control-Allow-Origin, and when the answer is lost on the way (a connection reset).
      // A server that answered this page before does not refuse it now: the answer was lost, and
      // "Try again" is offered. Otherwise, the bundle is the one route the server serves to any
      // origin (Access-Control-Allow-Origin: *): if a CORS request for it succeeds, the server is
      // up and refused this page. Not a no-cors request: any answer resolves that one, and a
      // reverse proxy's own 502 for a server that is down (no such header) would read as a
      // refusal. HEAD, no-store: no body, and no cached copy standing in for a server that is down.
      // A refusal by ALLOWED_ORIGINS happens every time, a lost answer seldom twice: a GET (safe to
      // repeat) is asked once more before the page's origin is blamed.
      const refused =
        this.#o !== base &&
        (await fetch(base + '/ogone-checkout.js', { method: 'HEAD', cache: 'no-store' }).then(
          (probe) => probe.ok,
          () => false,
        ));
      if (refused && again) return this.#request(path, body, method, false);
      if (refused) console.error(`ogone-checkout: ${location.origin} is not in ALLOWED_ORIGINS`);
      throw { code: refused ? 'origin_not_allowed' : 'network' } satisfies Failure;
    }
    this.#o = base;
    const data = await response.json().catch((error) => {
      // A body cut on the way (the connection dropped after the headers) is a lost answer too: a
      // TypeError, where a body that arrived and is not JSON is a SyntaxError (a server error).
      if (error instanceof TypeError) throw { code: 'network' } satisfies Failure;
    });
    // 204 (a forgotten card) has no body; any other success must carry one.
    if (response.ok && (data || response.status === 204)) return data as T;
    const problem = (data as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error;
    throw {
      code: problem?.code ?? (response.status === 429 ? 'rate_limited' : `http_${response.status}`),
      status: response.status,
      serverMessage: problem?.message,
      field: problem?.field,
    } satisfies Failure;
  }

  #fail(failure: Failure, during?: 'load' | 'pay' | 'forget'): void {
    const t = TRANSLATIONS[languageFor(this.resolvedLocale)]!;
    // Anything thrown that is not a Failure (a malformed answer) counts as a server error.
    const { code = 'unknown', status = 0, serverMessage, field } = failure ?? {};
    // A card that could not be forgotten gets the generic text, whatever the server's code
    // ("not found" would read as the checkout's), no retry (its Forget is one), and the checkout stays.
    const forget = during === 'forget';
    let k = (code === 'missing_id' ? 'not_found' : forget && status ? 'server' : code) as keyof Translation['errors'];
    if (!Object.hasOwn(t.errors, k)) k = 'server';
    const detail: CheckoutErrorDetail = { code, message: t.errors[k], status, serverMessage, field };
    // Paid, expired or unknown checkouts cannot be paid here any more: close the form.
    const closed = !this._v || (!forget && /^(session_paid|session_expired|not_found)$/.test(code));
    const retry = !forget && (status >= 500 || /^(network|rate_limited|payment_declined|attempt_in_progress)$/.test(code));
    // A forget that failed leaves a payment under way as it is: 'ready' would let the button pay
    // again while an attempt is in flight (a Forget confirmed, then "Use another card" and Pay).
    this._p = closed ? 'closed' : forget ? this._p : 'ready';
    this._e = { k, retry: retry ? (closed || during !== 'pay' ? 'load' : 'pay') : undefined };
    this.#emit('error', detail);
  }

  #emit<S extends CheckoutEventSuffix>(name: S, detail: CheckoutEventDetail<S>, cancelable = false): boolean {
    return this.dispatchEvent(new CustomEvent(`ogone-checkout-${name}`, { detail, bubbles: true, composed: true, cancelable }));
  }
}

/** The codes of a saved card already gone, or being deleted at Ogone: it can be neither charged nor forgotten. */
const GONE = /^alias_(not_found|deletion_pending)$/;

function isHttpUrl(url: string): boolean {
  try {
    return /^https?:$/.test(new URL(url, location.href).protocol);
  } catch {
    return false;
  }
}
