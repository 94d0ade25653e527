/** Mounting `<ogone-checkout>` in a test page and watching what it does. */
import { waitUntil } from '@open-wc/testing';
import type { OgoneCheckout } from '../../widget/ogone-checkout/ogone-checkout.ts';
import type { PublicCheckoutView } from '../../shared/schemas/public-checkout.ts';

export const EVENT_NAMES = ['ready', 'submit', 'redirect', 'error', 'success', 'card-forgotten', 'setup-completed'].map(
  (name) => `ogone-checkout-${name}`,
);

export interface RecordedEvent {
  type: string;
  detail: any;
  bubbles: boolean;
  composed: boolean;
  cancelable: boolean;
}

const mounted: Element[] = [];

/** Every `ogone-checkout-*` event that reaches `target`. */
export function recordEvents(target: EventTarget) {
  const events: RecordedEvent[] = [];
  const listener = (event: Event) => {
    const { type, bubbles, composed, cancelable } = event;
    events.push({ type, detail: (event as CustomEvent).detail, bubbles, composed, cancelable });
  };
  for (const name of EVENT_NAMES) target.addEventListener(name, listener);
  return {
    events,
    of: (name: string) => events.filter((event) => event.type === `ogone-checkout-${name}`),
    stop: () => EVENT_NAMES.forEach((name) => target.removeEventListener(name, listener)),
  };
}

export type Recorder = ReturnType<typeof recordEvents>;

export interface MountOptions {
  /** Attributes of the element (`true` for a boolean attribute). */
  attributes: Record<string, string | boolean | undefined>;
  /** Light-DOM content (the button label slot). */
  label?: string | Node;
  /** `lang` on a wrapping element. */
  lang?: string;
  /** Where to put it (default: document.body). */
  parent?: Element | ShadowRoot;
  /** Wait for ready or error (default true). */
  settle?: boolean;
}

/** Creates the element with listeners already attached (no event can be missed), appends it, waits for ready or error. */
export async function mount(options: MountOptions): Promise<{ el: OgoneCheckout; wrapper: HTMLElement; recorder: Recorder }> {
  const wrapper = document.createElement('div');
  if (options.lang !== undefined) wrapper.lang = options.lang;
  const el = document.createElement('ogone-checkout');
  for (const [name, value] of Object.entries(options.attributes)) {
    if (value === true) el.setAttribute(name, '');
    else if (typeof value === 'string') el.setAttribute(name, value);
  }
  if (typeof options.label === 'string') el.textContent = options.label;
  else if (options.label) el.append(options.label);
  const recorder = recordEvents(el);
  wrapper.append(el);
  (options.parent ?? document.body).append(wrapper);
  mounted.push(wrapper);
  if (options.settle !== false) await settled(recorder);
  await el.updateComplete;
  return { el, wrapper, recorder };
}

/** Waits until the widget said ready or error (at least `count` of them). */
export async function settled(recorder: Recorder, count = 1): Promise<void> {
  await waitUntil(() => recorder.of('ready').length + recorder.of('error').length >= count, 'the widget neither became ready nor failed', {
    timeout: 8000,
  });
}

const nativeSubmit = HTMLFormElement.prototype.submit;
const takeOverRedirect = (event: Event) => event.preventDefault();
/** Forms the widget submitted during the test (recorded, not sent: see guardNavigation). */
export const submittedForms: HTMLFormElement[] = [];

/**
 * No test may navigate its page away: the redirect event is taken over (as a merchant may), and
 * should it not be, `form.submit()` only records the form. Call in beforeEach; cleanup() undoes it.
 */
export function guardNavigation(): void {
  document.addEventListener('ogone-checkout-redirect', takeOverRedirect);
  HTMLFormElement.prototype.submit = function (this: HTMLFormElement) {
    submittedForms.push(this);
  };
}

/** Lets the widget go on to `form.submit()` (recorded in submittedForms): it then stays busy, as on a real page. */
export function letRedirectsThrough(): void {
  document.removeEventListener('ogone-checkout-redirect', takeOverRedirect);
}

/** Removes mounted widgets and the forms they left, and undoes guardNavigation(). */
export function cleanup(): void {
  for (const wrapper of mounted.splice(0)) wrapper.remove();
  for (const form of document.querySelectorAll('body > form[hidden]')) form.remove();
  document.removeEventListener('ogone-checkout-redirect', takeOverRedirect);
  HTMLFormElement.prototype.submit = nativeSubmit;
  submittedForms.length = 0;
}

export function part(el: OgoneCheckout, name: string): HTMLElement | null {
  return el.shadowRoot!.querySelector(`[part~="${name}"]`);
}

export function payButton(el: OgoneCheckout): HTMLButtonElement {
  const button = part(el, 'button');
  if (!button) throw new Error('no pay button');
  return button as HTMLButtonElement;
}

/** Visible text with every kind of space (Intl uses U+00A0 and U+202F) as one plain space. */
export function text(node: Node | null): string {
  return (node?.textContent ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

/** The button's accessible text: its own text plus slotted light-DOM text. */
export function buttonLabel(el: OgoneCheckout): string {
  const button = payButton(el);
  const slot = button.querySelector('slot');
  const slotted = slot
    ? slot
        .assignedNodes({ flatten: true })
        .map((node) => node.textContent ?? '')
        .join('')
    : '';
  return (slotted + text(button)).replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

/** Loads axe-core (its UMD build registers `window.axe`) once. */
export async function loadAxe(): Promise<any> {
  const w = window as unknown as { axe?: any };
  if (!w.axe) {
    await new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/node_modules/axe-core/axe.min.js';
      script.onload = () => resolve();
      script.onerror = () => reject(new Error('axe-core did not load'));
      document.head.append(script);
    });
  }
  return w.axe;
}

/** axe-core's violations inside `element` (shadow DOM included), as readable lines. */
export async function axeViolations(element: Element): Promise<string[]> {
  const axe = await loadAxe();
  const results = await axe.run(element, { resultTypes: ['violations'] });
  return results.violations.map(
    (v: any) => `${v.id}: ${v.help} — ${v.nodes.map((n: any) => `${JSON.stringify(n.target)} ${n.failureSummary}`).join(' | ')}`,
  );
}

/** A checkout view as the server's public API answers it (an open 19.99 EUR session); `overrides` win. */
export function checkoutView(overrides: Partial<PublicCheckoutView> = {}): PublicCheckoutView {
  return {
    id: 'cs_fake',
    kind: 'session',
    amount: 1999,
    currency: 'EUR',
    merchantName: 'Shop',
    saveCard: 'optional',
    savedCards: [],
    status: 'open',
    ...overrides,
  };
}

/** Two saved cards as the view lists them. */
export const SAVED_VISA = { id: 'al_visa', brand: 'VISA', cardNumber: 'XXXXXXXXXXXX1111', last4: '1111', expiry: '12/30' };
export const SAVED_MC = { id: 'al_mc', brand: 'MasterCard', cardNumber: 'XXXXXXXXXXXX4444', last4: '4444', expiry: '01/31' };
