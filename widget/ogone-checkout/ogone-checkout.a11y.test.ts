/**
 * Accessibility and theming of <ogone-checkout>, on a real server: axe-core in every state and
 * both themes, contrast ≥ 4.5:1 measured, keyboard-only payment, visible focus, right-to-left
 * layout, CSS custom properties and ::part(), light/dark/auto, prefers-reduced-motion.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../index.ts';
import type { OgoneCheckout } from './ogone-checkout.ts';
import { browserName, newSession, saveCardFor, serverUrl } from '../../test/browser/server-commands.ts';
import { axeViolations, cleanup, guardNavigation, mount, part, payButton } from '../../test/browser/widget-helpers.ts';

let server: string;
/** A customer with one saved card (paid once with "save my card"). */
let customer: { id: string };

before(async function () {
  this.timeout(20_000);
  server = await serverUrl();
  customer = { id: `cust_a11y_${Date.now()}_${Math.random().toString(36).slice(2, 8)}` };
  await saveCardFor(customer);
});

const extraStyles: HTMLStyleElement[] = [];
beforeEach(guardNavigation);
afterEach(async () => {
  for (const style of extraStyles.splice(0)) style.remove();
  cleanup();
});

function rgb(color: string): [number, number, number] {
  const match = /rgba?\((\d+(?:\.\d+)?)[ ,]+(\d+(?:\.\d+)?)[ ,]+(\d+(?:\.\d+)?)/.exec(color);
  if (!match) throw new Error(`not an rgb() colour: ${color}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** WCAG 2 contrast ratio of two computed colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, bl] = rgb(color).map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}

function addStyle(css: string) {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  extraStyles.push(style);
}

/** Focus starts on a button placed before the widget, as if the shopper tabbed through the page. */
function startButton(before: Element): HTMLButtonElement {
  const start = document.createElement('button');
  start.textContent = 'before';
  before.before(start);
  start.focus();
  return start;
}

/** The element focused inside the widget's shadow root. */
function focusedInside(el: OgoneCheckout): Element | null {
  return document.activeElement === el ? el.shadowRoot!.activeElement : null;
}

describe('axe-core', () => {
  for (const theme of ['light', 'dark']) {
    it(`no violations: save-card choice and saved cards, ${theme} theme`, async () => {
      const session = await newSession({ saveCard: 'optional', customer });
      const { el, wrapper } = await mount({ attributes: { server, session: session.id, theme, locale: 'fr' } });
      expect(el.shadowRoot!.querySelectorAll('[part~="saved-card"]').length).to.equal(2);
      expect(await axeViolations(wrapper)).to.deep.equal([]);
      // and with the new card chosen, which shows the checkbox
      (el.shadowRoot!.querySelectorAll('[part~="saved-card"] input')[1] as HTMLInputElement).click();
      await el.updateComplete;
      expect(part(el, 'checkbox')).to.not.equal(null);
      expect(await axeViolations(wrapper)).to.deep.equal([]);
    });

    it(`no violations: an error with a retry, ${theme} theme`, async () => {
      const { wrapper, el } = await mount({ attributes: { server: 'http://127.0.0.1:9', session: 'cs_x', theme, locale: 'de' } });
      expect(part(el, 'retry')).to.not.equal(null);
      expect(await axeViolations(wrapper)).to.deep.equal([]);
    });
  }

  it('no violations while loading and while busy', async () => {
    const session = await newSession({ saveCard: 'always' });
    const { el, wrapper, recorder } = await mount({ attributes: { server, session: session.id }, settle: false });
    expect(part(el, 'skeleton')).to.not.equal(null);
    // Busy: the placeholder being replaced, never an ancestor of the live regions (their text would wait).
    expect(part(el, 'skeleton')!.getAttribute('aria-busy')).to.equal('true');
    expect(part(el, 'base')!.hasAttribute('aria-busy')).to.equal(false);
    expect(await axeViolations(wrapper)).to.deep.equal([]);
    await waitUntil(() => recorder.of('ready').length === 1, 'never ready');
    await el.updateComplete;
    payButton(el).click();
    await el.updateComplete;
    expect(payButton(el).getAttribute('aria-busy')).to.equal('true');
    expect(await axeViolations(wrapper)).to.deep.equal([]);
    await waitUntil(() => recorder.of('redirect').length === 1, 'never redirected');
  });
});

describe('contrast and themes', () => {
  const pairs = (el: OgoneCheckout): Array<[string, string, string]> => {
    const host = getComputedStyle(el);
    const button = getComputedStyle(payButton(el));
    const hint = getComputedStyle(part(el, 'hint')!);
    return [
      ['text', host.color, host.backgroundColor],
      ['hint', hint.color, host.backgroundColor],
      ['button', button.color, button.backgroundColor],
    ];
  };

  for (const theme of ['light', 'dark']) {
    it(`every text reaches 4.5:1 in the ${theme} theme`, async () => {
      const session = await newSession({ saveCard: 'optional' });
      const { el } = await mount({ attributes: { server, session: session.id, theme } });
      for (const [name, color, background] of pairs(el)) {
        expect(contrast(color, background), `${name}: ${color} on ${background}`).to.be.at.least(4.5);
      }
    });
  }

  it('errors reach 4.5:1 in both themes', async () => {
    for (const theme of ['light', 'dark']) {
      const { el } = await mount({ attributes: { server, session: 'cs_unknown', theme } });
      const error = getComputedStyle(part(el, 'error')!);
      const background = getComputedStyle(el).backgroundColor;
      expect(contrast(error.color, background), `${theme}: ${error.color} on ${background}`).to.be.at.least(4.5);
    }
  });

  it('light and dark differ; auto follows prefers-color-scheme', async () => {
    const session = await newSession();
    const light = await mount({ attributes: { server, session: session.id } });
    const dark = await mount({ attributes: { server, session: session.id, theme: 'dark' } });
    const auto = await mount({ attributes: { server, session: session.id, theme: 'auto' } });
    const background = (el: OgoneCheckout) => getComputedStyle(payButton(el)).backgroundColor;
    expect(background(light.el)).to.equal('rgb(11, 87, 208)');
    expect(background(dark.el)).to.equal('rgb(168, 199, 250)');
    const prefersDark = matchMedia('(prefers-color-scheme: dark)').matches;
    expect(background(auto.el)).to.equal(prefersDark ? background(dark.el) : background(light.el));
  });

  it('auto turns dark when the system does (Chromium: the only driver here that emulates media)', async function () {
    // WebDriver (WebKit) and BiDi (Firefox) have no media emulation; the previous test covers
    // whatever the system prefers there.
    if ((await browserName()) !== 'Chrome') this.skip();
    await emulateMedia({ colorScheme: 'dark' });
    try {
      const session = await newSession();
      const { el } = await mount({ attributes: { server, session: session.id, theme: 'auto' } });
      expect(getComputedStyle(payButton(el)).backgroundColor).to.equal('rgb(168, 199, 250)');
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });
});

describe('theming', () => {
  it('CSS custom properties restyle the widget', async () => {
    const session = await newSession();
    const { el } = await mount({ attributes: { server, session: session.id, theme: 'dark' } });
    el.style.setProperty('--ogone-checkout-accent', 'rgb(1, 2, 3)');
    el.style.setProperty('--ogone-checkout-accent-text', 'rgb(250, 250, 250)');
    el.style.setProperty('--ogone-checkout-radius', '0px');
    el.style.setProperty('--ogone-checkout-font', '700 20px/1.5 serif');
    const button = getComputedStyle(payButton(el));
    expect(button.backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(button.color).to.equal('rgb(250, 250, 250)');
    expect(button.borderTopLeftRadius).to.equal('0px');
    expect(button.fontSize).to.equal('20px');
  });

  it('::part() reaches the button, the label, the checkbox and the error', async () => {
    addStyle(`
      ogone-checkout::part(button) { text-transform: uppercase; }
      ogone-checkout::part(label) { letter-spacing: 3px; }
      ogone-checkout::part(checkbox) { margin-inline-end: 7px; }
      ogone-checkout::part(error) { font-style: italic; }
    `);
    const session = await newSession({ saveCard: 'optional' });
    const { el } = await mount({ attributes: { server, session: session.id } });
    expect(getComputedStyle(payButton(el)).textTransform).to.equal('uppercase');
    expect(getComputedStyle(part(el, 'label')!).letterSpacing).to.equal('3px');
    expect(getComputedStyle(part(el, 'checkbox')!).marginInlineEnd).to.equal('7px');
    expect(getComputedStyle(part(el, 'error')!).fontStyle).to.equal('italic');
  });

  it('lays out right to left on an RTL page', async () => {
    const session = await newSession({ saveCard: 'optional' });
    const { el, wrapper } = await mount({ attributes: { server, session: session.id } });
    const label = part(el, 'label')!;
    const checkbox = part(el, 'checkbox')!;
    const ltr = checkbox.getBoundingClientRect().left - label.getBoundingClientRect().left;
    wrapper.dir = 'rtl';
    await el.updateComplete;
    const rtlGap = label.getBoundingClientRect().right - checkbox.getBoundingClientRect().right;
    // The checkbox sits at the start edge: the left in LTR, the right in RTL.
    expect(Math.abs(ltr)).to.be.below(2);
    expect(Math.abs(rtlGap)).to.be.below(2);
  });
});

describe('motion', () => {
  it('the loading skeleton pulses unless the shopper prefers reduced motion', async () => {
    const session = await newSession();
    const { el } = await mount({ attributes: { server, session: session.id }, settle: false });
    const skeleton = part(el, 'skeleton')!;
    const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches;
    expect(getComputedStyle(skeleton).animationName).to.equal(reduce ? 'none' : 'pulse');
  });

  it('no animation with prefers-reduced-motion: reduce (Chromium emulates it)', async function () {
    if ((await browserName()) !== 'Chrome') this.skip();
    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      const session = await newSession();
      const { el } = await mount({ attributes: { server, session: session.id }, settle: false });
      expect(getComputedStyle(part(el, 'skeleton')!).animationName).to.equal('none');
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });
});

describe('keyboard only', () => {
  it('Tab, Space and Enter pay with the save-card box ticked; focus is visible', async () => {
    const session = await newSession({ saveCard: 'optional' });
    const { el, recorder } = await mount({ attributes: { server, session: session.id, locale: 'en' } });
    startButton(el.parentElement!);
    await sendKeys({ press: 'Tab' });
    expect(focusedInside(el)).to.equal(part(el, 'checkbox'));
    await sendKeys({ press: ' ' });
    await el.updateComplete;
    expect((part(el, 'checkbox') as HTMLInputElement).checked).to.equal(true);
    await sendKeys({ press: 'Tab' });
    const button = payButton(el);
    expect(focusedInside(el)).to.equal(button);
    expect(button.matches(':focus-visible')).to.equal(true);
    const outline = getComputedStyle(button);
    expect(outline.outlineStyle).to.equal('solid');
    expect(outline.outlineWidth).to.equal('3px');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => recorder.of('redirect').length === 1, 'Enter did not pay');
    expect(recorder.of('submit')[0]!.detail.saveCard).to.equal(true);
    // The busy button kept the focus (aria-disabled, not disabled).
    expect(focusedInside(el)).to.equal(button);
  });

  it('arrow keys choose between a saved card and a new one', async () => {
    const session = await newSession({ saveCard: 'optional', customer });
    const { el, recorder } = await mount({ attributes: { server, session: session.id, locale: 'en' } });
    const [saved, fresh] = [...el.shadowRoot!.querySelectorAll('[part~="saved-card"] input')] as HTMLInputElement[];
    startButton(el.parentElement!);
    await sendKeys({ press: 'Tab' });
    expect(focusedInside(el)).to.equal(saved);
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(fresh!.checked).to.equal(true);
    await sendKeys({ press: 'Tab' });
    expect(focusedInside(el)).to.equal(part(el, 'checkbox'));
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: ' ' });
    await waitUntil(() => recorder.of('redirect').length === 1, 'Space on the button did not pay');
    expect(recorder.of('submit')[0]!.detail).to.deep.include({ aliasId: undefined, saveCard: false });
  });

  it('the retry button is reachable and works from the keyboard', async () => {
    const { el, recorder } = await mount({ attributes: { server: 'http://127.0.0.1:9', session: 'cs_x', locale: 'en' } });
    startButton(el.parentElement!);
    await sendKeys({ press: 'Tab' });
    expect(focusedInside(el)).to.equal(part(el, 'retry'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => recorder.of('error').length === 2, 'retry did not run');
  });
});
