/**
 * Setup sessions (save a card without paying, issue 19) and forgetting a saved card (issue 16),
 * against a fake server: `fetch` answers for `http://fake.test` with the JSON the public API
 * sends (the real endpoints are built in parallel), and records every request.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '../index.ts';
import type { OgoneCheckout } from './ogone-checkout.ts';
import { TRANSLATIONS } from './locale.ts';
import type { PublicCheckoutView } from '../../shared/schemas/public-checkout.ts';
import {
  axeViolations,
  checkoutView,
  cleanup,
  guardNavigation,
  mount,
  part,
  payButton,
  SAVED_MC,
  SAVED_VISA,
  text,
} from '../../test/browser/widget-helpers.ts';

const SERVER = 'http://fake.test';
const en = TRANSLATIONS.en!;
const realFetch = window.fetch;

interface Call {
  method: string;
  path: string;
  body: any;
}

let calls: Call[];
/** Answers by `METHOD path`: a status and a JSON body (none for 204). */
let routes: Record<string, [number, unknown?]>;

const view = (overrides: Partial<PublicCheckoutView> = {}) => checkoutView({ id: 'cs_fake', ...overrides });
const VISA = SAVED_VISA;
const MC = SAVED_MC;

beforeEach(() => {
  guardNavigation();
  calls = [];
  routes = {};
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    if (url.origin !== SERVER) return realFetch(input, init);
    const method = init?.method ?? 'GET';
    calls.push({ method, path: url.pathname, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const [status, body] = routes[`${method} ${url.pathname}`] ?? [404, { error: { code: 'not_found', message: 'Not found' } }];
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
});

afterEach(() => {
  window.fetch = realFetch;
  cleanup();
});

function savedCardLabels(el: OgoneCheckout): string[] {
  return [...el.shadowRoot!.querySelectorAll('[part~="saved-card"]')].map((choice) => text(choice));
}

function forgetButtons(el: OgoneCheckout): HTMLButtonElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="forget"]')];
}

describe('a setup session (save a card without paying)', () => {
  it('shows "Save card", says nothing is charged, no amount and no save-card box; its attempt navigates to FlexCheckout', async () => {
    routes['GET /checkout/sessions/cs_fake'] = [200, view({ mode: 'setup', amount: 0, savedCards: [VISA] })];
    routes['POST /checkout/sessions/cs_fake/attempts'] = [200, { kind: 'navigate', reference: 'ref_1', url: `${SERVER}/flexcheckout?x=1` }];
    const { el, recorder } = await mount({ attributes: { server: SERVER, session: 'cs_fake', locale: 'en' } });
    expect(text(payButton(el))).to.equal(en.saveCard);
    expect(text(part(el, 'base'))).to.not.match(/€|0[.,]00/);
    expect(text(part(el, 'hint'))).to.equal(en.setupHint);
    expect(part(el, 'checkbox')).to.equal(null);
    expect(part(el, 'saved-cards'), 'no card to choose: this one is being saved').to.equal(null);
    expect(payButton(el).getAttribute('aria-disabled')).to.equal('false');
    payButton(el).click();
    await waitUntil(() => recorder.of('redirect').length === 1, 'no redirect');
    expect(recorder.of('submit')[0]!.detail).to.deep.equal({ saveCard: true, aliasId: undefined, quantity: undefined });
    expect(calls.at(-1)).to.deep.include({ method: 'POST', path: '/checkout/sessions/cs_fake/attempts' });
    expect(recorder.of('redirect')[0]!.detail).to.deep.equal({ reference: 'ref_1', url: `${SERVER}/flexcheckout?x=1` });
    expect(recorder.of('redirect')[0]!.cancelable).to.equal(true);
  });

  it('speaks the page language', async () => {
    routes['GET /checkout/sessions/cs_fake'] = [200, view({ mode: 'setup', amount: 0 })];
    for (const [locale, t] of Object.entries(TRANSLATIONS)) {
      const { el } = await mount({ attributes: { server: SERVER, session: 'cs_fake', locale } });
      expect(text(payButton(el)), locale).to.equal(t.saveCard);
      expect(text(part(el, 'hint')), locale).to.equal(t.setupHint);
    }
  });

  it('back with the card saved ("paid"): shows "Card saved" and fires ogone-checkout-setup-completed', async () => {
    routes['GET /checkout/sessions/cs_fake'] = [200, view({ mode: 'setup', amount: 0, status: 'paid' })];
    const { el, recorder } = await mount({ attributes: { server: SERVER, session: 'cs_fake', locale: 'fr' }, settle: false });
    await waitUntil(() => recorder.of('setup-completed').length === 1, 'no setup-completed');
    await el.updateComplete;
    const event = recorder.of('setup-completed')[0]!;
    expect(event.detail).to.deep.equal({ sessionId: 'cs_fake' });
    expect([event.bubbles, event.composed]).to.deep.equal([true, true]);
    expect(text(part(el, 'message'))).to.equal(TRANSLATIONS.fr!.saved);
    expect(part(el, 'message')!.classList.contains('sr-only')).to.equal(false);
    expect(part(el, 'button')).to.equal(null);
    expect(recorder.of('error')).to.have.length(0);
  });

  it('a paid payment session is still "already paid", not "card saved"', async () => {
    routes['GET /checkout/sessions/cs_fake'] = [200, view({ status: 'paid' })];
    const { recorder } = await mount({ attributes: { server: SERVER, session: 'cs_fake', locale: 'en' } });
    expect(recorder.of('error')[0]!.detail.code).to.equal('session_paid');
    expect(recorder.of('setup-completed')).to.have.length(0);
  });
});

describe('forgetting a saved card', () => {
  beforeEach(() => {
    routes['GET /checkout/sessions/cs_fake'] = [200, view({ savedCards: [VISA, MC] })];
  });

  it('asks first: "Forget?" Yes / No; No puts the button back and deletes nothing', async () => {
    const { el } = await mount({ attributes: { server: SERVER, session: 'cs_fake', locale: 'en' } });
    expect(savedCardLabels(el)).to.deep.equal(['VISA •••• 1111, expires 12/30', 'MasterCard •••• 4444, expires 01/31', en.newCard]);
    const [forgetVisa] = forgetButtons(el);
    // In the card's row, right after its label: the context of "Forget" for screen readers too.
    expect(forgetVisa!.previousElementSibling!.getAttribute('part')).to.equal('saved-card');
    forgetVisa!.click();
    await el.updateComplete;
    await waitUntil(() => forgetButtons(el).length === 3, 'no confirmation');
    expect(forgetButtons(el).map((b) => text(b))).to.deep.equal([en.yes, en.no, en.forget]);
    expect(text(forgetButtons(el)[0]!.parentElement)).to.contain(en.forgetAsk);
    expect(el.shadowRoot!.activeElement, 'focus on the safe answer').to.equal(forgetButtons(el)[1]);
    forgetButtons(el)[1]!.click();
    await waitUntil(() => forgetButtons(el).length === 2, 'No did not put the button back');
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(forgetButtons(el)[0]);
    expect(calls.filter((call) => call.method === 'DELETE')).to.have.length(0);
  });

  it('Yes: DELETE on the public endpoint, the card leaves the list, ogone-checkout-card-forgotten fires', async () => {
    routes['DELETE /checkout/sessions/cs_fake/saved-cards/al_visa'] = [204];
    const { el, recorder } = await mount({ attributes: { server: SERVER, session: 'cs_fake', locale: 'en' } });
    el.shadowRoot!.querySelector<HTMLInputElement>('[part~="saved-card"] input')!.click();
    forgetButtons(el)[0]!.click();
    await el.updateComplete;
    forgetButtons(el)[0]!.click();
    await waitUntil(() => recorder.of('card-forgotten').length === 1, 'no card-forgotten');
    await el.updateComplete;
    expect(recorder.of('card-forgotten')[0]!.detail).to.deep.equal({ aliasId: 'al_visa' });
    expect(calls.at(-1)).to.deep.include({ method: 'DELETE', path: '/checkout/sessions/cs_fake/saved-cards/al_visa' });
    expect(savedCardLabels(el)).to.deep.equal(['MasterCard •••• 4444, expires 01/31', en.newCard]);
    // The forgotten card was the choice: the shopper chooses again before paying.
    expect(payButton(el).getAttribute('aria-disabled')).to.equal('true');
    expect(recorder.of('error')).to.have.length(0);
  });

  it('the last card forgotten: the widget is a plain new-card checkout', async () => {
    routes['GET /checkout/sessions/cs_fake'] = [200, view({ savedCards: [VISA] })];
    routes['DELETE /checkout/sessions/cs_fake/saved-cards/al_visa'] = [204];
    const { el, recorder } = await mount({ attributes: { server: SERVER, session: 'cs_fake', locale: 'en' } });
    forgetButtons(el)[0]!.click();
    await el.updateComplete;
    forgetButtons(el)[0]!.click();
    await waitUntil(() => recorder.of('card-forgotten').length === 1, 'no card-forgotten');
    await el.updateComplete;
    expect(part(el, 'saved-cards')).to.equal(null);
    expect(part(el, 'checkbox')).to.not.equal(null);
    expect(payButton(el).getAttribute('aria-disabled')).to.equal('false');
  });

  it('a refusal (4xx JSON) says so in place; the checkout and the card stay', async () => {
    routes['DELETE /checkout/sessions/cs_fake/saved-cards/al_mc'] = [
      404,
      { error: { code: 'not_found', message: 'No such card', field: 'aliasId' } },
    ];
    const { el, recorder } = await mount({ attributes: { server: SERVER, session: 'cs_fake', locale: 'de' } });
    forgetButtons(el)[1]!.click();
    await el.updateComplete;
    forgetButtons(el)[1]!.click();
    await waitUntil(() => recorder.of('error').length === 1, 'no error');
    await el.updateComplete;
    expect(recorder.of('error')[0]!.detail).to.deep.include({
      code: 'not_found',
      status: 404,
      field: 'aliasId',
      message: TRANSLATIONS.de!.errors.server,
    });
    expect(savedCardLabels(el)).to.have.length(3);
    expect(part(el, 'button')).to.not.equal(null);
    expect(part(el, 'retry')).to.equal(null);
    expect(recorder.of('card-forgotten')).to.have.length(0);
  });
});

describe('paying with a saved card (DirectLink answers at once)', () => {
  beforeEach(() => {
    routes['GET /checkout/sessions/cs_fake'] = [200, view({ savedCards: [VISA, MC] })];
  });

  async function payWith(el: OgoneCheckout, index: number) {
    el.shadowRoot!.querySelectorAll<HTMLInputElement>('[part~="saved-card"] input')[index]!.click();
    await el.updateComplete;
    payButton(el).click();
  }

  for (const [state, message] of [
    ['captured', en.completed],
    ['authorized', en.completed],
    // Ogone has not decided yet (STATUS 51, 91…): the shop's status page says "in progress" too.
    ['pending', en.processing],
  ] as const) {
    it(`answered ${state}: says "${message}" and fires ogone-checkout-success`, async () => {
      routes['POST /checkout/sessions/cs_fake/attempts'] = [200, { kind: 'completed', reference: 'ref_1', state, successUrl: null }];
      const { el, recorder } = await mount({ attributes: { server: SERVER, session: 'cs_fake', locale: 'en' } });
      await payWith(el, 0);
      await waitUntil(() => recorder.of('success').length === 1, 'no success');
      await el.updateComplete;
      expect(recorder.of('success')[0]!.detail).to.deep.include({ reference: 'ref_1', state });
      expect(text(part(el, 'message'))).to.equal(message);
      expect(part(el, 'button'), 'nothing left to pay').to.equal(null);
    });
  }

  it('a card forgotten in another tab meanwhile (404 alias_not_found): it leaves the list, the shopper chooses again', async () => {
    routes['POST /checkout/sessions/cs_fake/attempts'] = [
      404,
      { error: { code: 'alias_not_found', message: "aliasId: no saved card with this id for this checkout's customer", field: 'aliasId' } },
    ];
    const { el, recorder } = await mount({ attributes: { server: SERVER, session: 'cs_fake', locale: 'en' } });
    // The other tab forgot the VISA: the server no longer lists it.
    routes['GET /checkout/sessions/cs_fake'] = [200, view({ savedCards: [MC] })];
    await payWith(el, 0);
    await waitUntil(() => recorder.of('error').length === 1, 'no error');
    await el.updateComplete;
    expect(recorder.of('error')[0]!.detail).to.deep.include({
      code: 'alias_not_found',
      status: 404,
      field: 'aliasId',
      message: en.errors.server,
    });
    expect(savedCardLabels(el)).to.deep.equal(['MasterCard •••• 4444, expires 01/31', en.newCard]);
    expect(payButton(el).getAttribute('aria-disabled'), 'nothing chosen for the shopper').to.equal('true');
    expect(text(part(el, 'error'))).to.equal(en.errors.server);
    expect(part(el, 'retry'), 'paying again with the same card cannot work').to.equal(null);
    expect(calls.filter((call) => call.method === 'POST')).to.have.length(1);
  });
});

describe('accessibility of the new states (axe-core)', () => {
  for (const theme of ['light', 'dark']) {
    it(`no violations: cards waiting for a choice, a Forget confirmation, a setup session; ${theme} theme`, async () => {
      routes['GET /checkout/sessions/cs_fake'] = [200, view({ savedCards: [VISA, MC] })];
      const { el, wrapper } = await mount({ attributes: { server: SERVER, session: 'cs_fake', theme, locale: 'it' } });
      expect(await axeViolations(wrapper)).to.deep.equal([]);
      forgetButtons(el)[0]!.click();
      await el.updateComplete;
      expect(await axeViolations(wrapper)).to.deep.equal([]);
      cleanup();
      guardNavigation();
      routes['GET /checkout/sessions/cs_fake'] = [200, view({ mode: 'setup', amount: 0 })];
      const setup = await mount({ attributes: { server: SERVER, session: 'cs_fake', theme, locale: 'zh-CN' } });
      expect(await axeViolations(setup.wrapper)).to.deep.equal([]);
    });
  }
});
