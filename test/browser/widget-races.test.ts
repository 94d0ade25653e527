/**
 * <ogone-checkout> when things change while a request is in flight. A fake server (`fetch`
 * answering for http://fake.test, as widget/ogone-checkout/ogone-checkout.setup.test.ts does)
 * whose answers the test releases one by one, so the interleavings are exact. Found by review:
 * - a session swapped while an attempt ran (the cart changed) got the shopper sent to pay the old
 *   session, or the new one closed by the old one's 409;
 * - a double click on "Yes" sent two DELETEs and fired card-forgotten twice;
 * - a forget answered late wrote back the view it started from: a card forgotten meanwhile came
 *   back, or the old session's cards replaced the new session's;
 * - a forget that failed while a payment was under way made the button payable again: a second
 *   click sent a second attempt;
 * - "Try again" removed itself while focused: a keyboard shopper's focus fell to the page's top.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '../../widget/index.ts';
import type { OgoneCheckout } from '../../widget/ogone-checkout/ogone-checkout.ts';
import type { PublicCheckoutView } from '../../shared/schemas/public-checkout.ts';
import { checkoutView, cleanup, guardNavigation, mount, part, payButton, SAVED_MC, SAVED_VISA, text } from './widget-helpers.ts';
import { newSession, saveCardFor, serverUrl } from './server-commands.ts';

const SERVER = 'http://fake.test';
const realFetch = window.fetch;

interface Pending {
  method: string;
  path: string;
  body: any;
  answer: (status: number, body?: unknown) => void;
}

/** Requests waiting for the test to answer them, in arrival order. */
let pending: Pending[];
/** Answered at once, by `METHOD path`. */
let routes: Record<string, [number, unknown?]>;

const view = (overrides: Partial<PublicCheckoutView> = {}) => checkoutView({ id: 'cs_old', ...overrides });
const VISA = SAVED_VISA;
const MC = SAVED_MC;

function respond(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

beforeEach(() => {
  guardNavigation();
  pending = [];
  routes = {};
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    if (url.origin !== SERVER) return realFetch(input, init);
    const method = init?.method ?? 'GET';
    const key = `${method} ${url.pathname}`;
    if (routes[key]) return respond(...routes[key]!);
    return new Promise<Response>((resolve) => {
      pending.push({
        method,
        path: url.pathname,
        body: init?.body ? JSON.parse(String(init.body)) : undefined,
        answer: (status, body) => resolve(respond(status, body)),
      });
    });
  };
});

afterEach(() => {
  window.fetch = realFetch;
  cleanup();
});

async function waitForRequest(method: string, path: string): Promise<Pending> {
  await waitUntil(() => pending.some((p) => p.method === method && p.path === path), `no ${method} ${path}`);
  const index = pending.findIndex((p) => p.method === method && p.path === path);
  return pending.splice(index, 1)[0]!;
}

function forgetButtons(el: OgoneCheckout): HTMLButtonElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="forget"]')];
}

function savedCardLabels(el: OgoneCheckout): string[] {
  return [...el.shadowRoot!.querySelectorAll('[part~="saved-card"]')].map((choice) => text(choice));
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('the session attribute changes while an attempt is in flight', () => {
  beforeEach(() => {
    routes['GET /checkout/sessions/cs_old'] = [200, view({ id: 'cs_old', amount: 1999 })];
    routes['GET /checkout/sessions/cs_new'] = [200, view({ id: 'cs_new', amount: 4999 })];
  });

  it("the old session's attempt must not send the shopper to pay the old session after the page switched to the new one", async () => {
    const { el, recorder } = await mount({ attributes: { server: SERVER, session: 'cs_old', locale: 'en' } });
    payButton(el).click();
    const attempt = await waitForRequest('POST', '/checkout/sessions/cs_old/attempts');
    // The merchant's page replaces the cart (new session, new amount) while the attempt is in flight.
    el.session = 'cs_new';
    await waitUntil(() => recorder.of('ready').length === 2, 'the new session never loaded');
    expect(recorder.of('ready')[1]!.detail.view.id).to.equal('cs_new');
    // The widget now shows "Pay €49.99" for cs_new; the old attempt answers only now.
    attempt.answer(201, {
      kind: 'redirect',
      reference: 'OLD-REF-1',
      action: 'https://ogone.test/ncol/test/orderstandard_utf8.asp',
      fields: { ORDERID: 'OLD-REF-1', AMOUNT: '1999' },
    });
    await tick();
    await el.updateComplete;
    expect(
      recorder.of('redirect').map((event) => event.detail.reference),
      'a redirect (form post) for the old session fired after the widget switched to cs_new',
    ).to.deep.equal([]);
  });

  it("the old session's failure (409 session_paid) must not close the new, unpaid session's checkout", async () => {
    const { el, recorder } = await mount({ attributes: { server: SERVER, session: 'cs_old', locale: 'en' } });
    payButton(el).click();
    const attempt = await waitForRequest('POST', '/checkout/sessions/cs_old/attempts');
    el.session = 'cs_new';
    await waitUntil(() => recorder.of('ready').length === 2, 'the new session never loaded');
    attempt.answer(409, { error: { code: 'session_paid', message: 'this checkout session is already paid' } });
    await tick();
    await el.updateComplete;
    // cs_new is open and unpaid: its pay button must still be there, with no "Already paid".
    expect(text(part(el, 'error')), 'the error region of the NEW session').to.equal('');
    expect(part(el, 'button'), 'the pay button of the NEW session').to.not.equal(null);
  });
});

describe('forgetting saved cards', () => {
  beforeEach(() => {
    routes['GET /checkout/sessions/cs_old'] = [200, view({ id: 'cs_old', savedCards: [VISA, MC] })];
  });

  it('a double click on "Yes" sends one DELETE and fires ogone-checkout-card-forgotten once', async () => {
    routes['DELETE /checkout/sessions/cs_old/saved-cards/al_visa'] = [204];
    const { el, recorder } = await mount({ attributes: { server: SERVER, session: 'cs_old', locale: 'en' } });
    forgetButtons(el)[0]!.click(); // "Forget" on VISA
    await el.updateComplete;
    const yes = forgetButtons(el)[0]!;
    expect(text(yes)).to.equal('Yes');
    yes.click();
    yes.click(); // the second click of a double click, same frame
    await waitUntil(() => recorder.of('card-forgotten').length >= 1, 'no card-forgotten');
    await tick();
    expect(recorder.of('card-forgotten').map((event) => event.detail)).to.deep.equal([{ aliasId: 'al_visa' }]);
  });

  it('forgetting two cards one after the other: the first forgotten card must not come back', async () => {
    const { el, recorder } = await mount({ attributes: { server: SERVER, session: 'cs_old', locale: 'en' } });
    // Forget VISA → Yes (its DELETE is slow)…
    forgetButtons(el)[0]!.click();
    await el.updateComplete;
    forgetButtons(el)[0]!.click();
    const deleteVisa = await waitForRequest('DELETE', '/checkout/sessions/cs_old/saved-cards/al_visa');
    // …meanwhile Forget MasterCard → Yes.
    await el.updateComplete;
    const mcForget = forgetButtons(el).find((b) => b.parentElement?.id === 'al_mc')!;
    mcForget.click();
    await el.updateComplete;
    forgetButtons(el)
      .find((b) => b.parentElement?.id === 'al_mc' && text(b) === 'Yes')!
      .click();
    const deleteMc = await waitForRequest('DELETE', '/checkout/sessions/cs_old/saved-cards/al_mc');
    deleteVisa.answer(204);
    await waitUntil(() => recorder.of('card-forgotten').length === 1, 'no card-forgotten for VISA');
    deleteMc.answer(204);
    await waitUntil(() => recorder.of('card-forgotten').length === 2, 'no card-forgotten for MasterCard');
    await el.updateComplete;
    // Both cards were deleted on the server: only "Use another card" may remain.
    expect(savedCardLabels(el), 'saved cards offered after both were forgotten').to.deep.equal([]);
  });

  it('a Forget that fails while a payment is under way leaves it busy: a second click sends no second attempt', async () => {
    const { el } = await mount({ attributes: { server: SERVER, session: 'cs_old', locale: 'en' } });
    forgetButtons(el)[0]!.click();
    await el.updateComplete;
    forgetButtons(el)[0]!.click(); // "Yes": its DELETE is slow
    const deleteVisa = await waitForRequest('DELETE', '/checkout/sessions/cs_old/saved-cards/al_visa');
    // Meanwhile "Use another card", then Pay: the attempt is in flight.
    const another = [...el.shadowRoot!.querySelectorAll('[part~="saved-card"]')].find((choice) => text(choice) === 'Use another card');
    another!.querySelector('input')!.click();
    await el.updateComplete;
    payButton(el).click();
    await waitForRequest('POST', '/checkout/sessions/cs_old/attempts');
    // The DELETE fails (a card already gone, alias_not_found, is not a failure: it leaves the list).
    deleteVisa.answer(500, { error: { code: 'internal_error', message: 'internal error' } });
    await tick();
    await el.updateComplete;
    expect(payButton(el).getAttribute('aria-busy'), 'the attempt is still under way').to.equal('true');
    payButton(el).click();
    await tick();
    expect(
      pending.filter((request) => request.method === 'POST'),
      'a second attempt sent while the first runs',
    ).to.deep.equal([]);
  });

  it("a DELETE answered after the session attribute changed must not bring back the old session's view", async () => {
    routes['GET /checkout/sessions/cs_new'] = [200, view({ id: 'cs_new', amount: 4999, savedCards: [] })];
    const { el, recorder } = await mount({ attributes: { server: SERVER, session: 'cs_old', locale: 'en' } });
    forgetButtons(el)[0]!.click();
    await el.updateComplete;
    forgetButtons(el)[0]!.click();
    const deleteVisa = await waitForRequest('DELETE', '/checkout/sessions/cs_old/saved-cards/al_visa');
    el.session = 'cs_new';
    await waitUntil(() => recorder.of('ready').length === 2, 'the new session never loaded');
    deleteVisa.answer(204);
    await tick();
    await el.updateComplete;
    // cs_new has no saved cards and costs €49.99.
    expect(savedCardLabels(el), "cs_old's saved cards shown for cs_new").to.deep.equal([]);
    expect(text(payButton(el))).to.equal('Pay €49.99');
  });
});

describe('"Try again"', () => {
  beforeEach(() => {
    routes['GET /checkout/sessions/cs_old'] = [200, view({ id: 'cs_old' })];
  });

  it('keeps the keyboard focus inside the widget', async () => {
    const { el } = await mount({ attributes: { server: SERVER, session: 'cs_old', locale: 'en' } });
    payButton(el).click();
    (await waitForRequest('POST', '/checkout/sessions/cs_old/attempts')).answer(503, { error: { code: 'unavailable', message: 'later' } });
    await waitUntil(() => part(el, 'retry'), 'no "Try again"');
    const retry = part(el, 'retry') as HTMLButtonElement;
    retry.focus();
    retry.click(); // Enter on a focused button
    await waitForRequest('POST', '/checkout/sessions/cs_old/attempts');
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement, 'focus after "Try again"').to.not.equal(null);
  });
});

describe('against the real server', () => {
  it('a double click on "Yes" sends one DELETE and fires ogone-checkout-card-forgotten once', async () => {
    window.fetch = realFetch;
    const server = await serverUrl();
    const customer = { id: `cust_${Date.now()}_review` };
    await saveCardFor(customer);
    const second = await newSession({ saveCard: 'optional', customer });
    const { el, recorder } = await mount({ attributes: { server, session: second.id, locale: 'en' } });
    const deletes: string[] = [];
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === 'DELETE') deletes.push(String(input));
      return realFetch(input, init);
    };
    (part(el, 'forget') as HTMLButtonElement).click(); // "Forget"
    await el.updateComplete;
    const yes = part(el, 'forget') as HTMLButtonElement;
    yes.click();
    yes.click(); // double click on "Yes"
    await waitUntil(() => recorder.of('card-forgotten').length + recorder.of('error').length >= 1, 'no answer', { timeout: 8000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect({ deletes: deletes.length, forgotten: recorder.of('card-forgotten').length }).to.deep.equal({ deletes: 1, forgotten: 1 });
  });
});
