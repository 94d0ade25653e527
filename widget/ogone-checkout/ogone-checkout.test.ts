/**
 * <ogone-checkout> against a real ogone-checkout server (sandbox mode, started by
 * test/browser/server-plugin.js): rendering per locale and currency, attributes, the label slot,
 * events, the cancelable submit, double clicks and the form to the hosted page.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { sendMouse, resetMouse } from '@web/test-runner-commands';
import '../index.ts';
import { OgoneCheckout } from './ogone-checkout.ts';
import { TRANSLATIONS, resolveLocale, translationFor } from './locale.ts';
import {
  createButton,
  createSession,
  getSession,
  getTransaction,
  newSession,
  saveCardFor,
  serverUrl,
} from '../../test/browser/server-commands.ts';
import {
  buttonLabel,
  cleanup,
  guardNavigation,
  letRedirectsThrough,
  mount,
  part,
  payButton,
  recordEvents,
  submittedForms,
  text,
} from '../../test/browser/widget-helpers.ts';

let server: string;

before(async () => {
  server = await serverUrl();
});

beforeEach(guardNavigation);
afterEach(cleanup);

/** Clicks pay and returns the redirect event's detail (the attempt the server created). */
async function payAndCatchRedirect(el: OgoneCheckout, recorder: ReturnType<typeof recordEvents>) {
  const before = recorder.of('redirect').length;
  payButton(el).click();
  await waitUntil(() => recorder.of('redirect').length > before || recorder.of('error').length > 0, 'no redirect', { timeout: 8000 });
  expect(recorder.of('error'), JSON.stringify(recorder.of('error')[0]?.detail)).to.have.length(0);
  return recorder.of('redirect').at(-1)!.detail as {
    reference: string;
    action: string;
    fields: Record<string, string>;
    form: HTMLFormElement;
  };
}

describe('locales', () => {
  it('has the seven locales, each complete and distinct from English', () => {
    expect(Object.keys(TRANSLATIONS)).to.have.members(['en', 'fr', 'es', 'zh', 'de', 'nl', 'it']);
    const keys = (t: object): string[] =>
      Object.entries(t).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v).map((s) => `${k}.${s}`) : [k]));
    for (const [code, translation] of Object.entries(TRANSLATIONS)) {
      expect(keys(translation), code).to.have.members(keys(TRANSLATIONS.en!));
      if (code !== 'en') expect(translation.saveCard, code).to.not.equal(TRANSLATIONS.en!.saveCard);
    }
  });

  it('picks a translation by language, falling back to English', () => {
    expect(translationFor('fr-BE')).to.equal(TRANSLATIONS.fr);
    expect(translationFor('zh-Hans-CN')).to.equal(TRANSLATIONS.zh);
    expect(translationFor('de_CH')).to.equal(TRANSLATIONS.de);
    expect(translationFor('pt-PT')).to.equal(TRANSLATIONS.en);
    expect(translationFor(undefined)).to.equal(TRANSLATIONS.en);
  });

  it('resolves the locale: attribute, nearest lang (through shadow roots), session, browser', () => {
    const outer = document.createElement('section');
    outer.lang = 'nl';
    const host = document.createElement('div');
    const root = host.attachShadow({ mode: 'open' });
    const inner = document.createElement('span');
    root.append(inner);
    outer.append(host);
    document.body.append(outer);
    try {
      expect(resolveLocale(inner, 'it')).to.equal('it');
      expect(resolveLocale(inner)).to.equal('nl');
      outer.removeAttribute('lang');
      expect(resolveLocale(inner, null, 'es')).to.equal(document.documentElement.lang || 'es');
      // A malformed tag is skipped rather than breaking Intl.
      expect(resolveLocale(inner, 'not a locale!', 'fr')).to.equal(document.documentElement.lang || 'fr');
    } finally {
      outer.remove();
    }
  });
});

describe('rendering per locale and currency', () => {
  // AMOUNT on Ogone's wire is the amount × 100 for every currency (docs/ogone-protocol.md §2):
  // literal values, not computed.
  const cases = [
    { locale: 'en', amount: 1999, currency: 'EUR', label: 'Pay €19.99', language: 'en_US', wire: '1999' },
    { locale: 'fr', amount: 1999, currency: 'EUR', label: 'Payer 19,99 €', language: 'fr_FR', wire: '1999' },
    { locale: 'es', amount: 1999, currency: 'EUR', label: 'Pagar 19,99 €', language: 'es_ES', wire: '1999' },
    { locale: 'de', amount: 123456789, currency: 'EUR', label: '1.234.567,89 € bezahlen', language: 'de_DE', wire: '123456789' },
    { locale: 'nl', amount: 1999, currency: 'EUR', label: 'Betaal € 19,99', language: 'nl_NL', wire: '1999' },
    { locale: 'it', amount: 1999, currency: 'EUR', label: 'Paga 19,99 €', language: 'it_IT', wire: '1999' },
    { locale: 'zh-CN', amount: 2000, currency: 'CNY', label: '支付 ¥20.00', language: 'zh_CN', wire: '2000' },
    // JPY has no minor unit: 20 is ¥20, with no decimals, sent as 2000; KWD has three: 1.230 is sent as 123.
    { locale: 'en', amount: 20, currency: 'JPY', label: 'Pay ¥20', language: 'en_US', wire: '2000' },
    { locale: 'en-GB', amount: 1230, currency: 'KWD', label: 'Pay KWD 1.230', language: 'en_US', wire: '123' },
  ];
  for (const { locale, amount, currency, label, language, wire } of cases) {
    it(`${locale} ${currency}: "${label}", and LANGUAGE=${language} for the hosted page`, async () => {
      const session = await newSession({ amount, currency });
      const { el, recorder } = await mount({ attributes: { server, session: session.id, locale } });
      expect(recorder.of('ready')).to.have.length(1);
      expect(buttonLabel(el)).to.equal(label);
      const redirect = await payAndCatchRedirect(el, recorder);
      expect(redirect.fields.LANGUAGE).to.equal(language);
      expect(redirect.fields.AMOUNT).to.equal(wire);
      expect(redirect.fields.CURRENCY).to.equal(currency);
    });
  }

  it('speaks the nearest lang when there is no locale attribute', async () => {
    const session = await newSession();
    const { el } = await mount({ attributes: { server, session: session.id }, lang: 'fr' });
    expect(buttonLabel(el)).to.equal('Payer 19,99 €');
  });

  it("follows <html lang> and otherwise the session's locale", async () => {
    const session = await newSession({ locale: 'it-IT' });
    const html = document.documentElement;
    const previous = html.getAttribute('lang');
    try {
      html.lang = 'de';
      const first = await mount({ attributes: { server, session: session.id } });
      expect(buttonLabel(first.el)).to.equal('19,99 € bezahlen');
      html.removeAttribute('lang');
      const second = await mount({ attributes: { server, session: session.id } });
      expect(buttonLabel(second.el)).to.equal('Paga 19,99 €');
    } finally {
      if (previous === null) html.removeAttribute('lang');
      else html.setAttribute('lang', previous);
    }
  });

  it('formats for an untranslated locale and labels in English', async () => {
    const session = await newSession();
    const { el } = await mount({ attributes: { server, session: session.id, locale: 'pt-PT' } });
    expect(buttonLabel(el)).to.equal('Pay 19,99 €');
  });

  it('re-renders in another locale when the attribute changes, without a new request', async () => {
    const session = await newSession();
    const { el, recorder } = await mount({ attributes: { server, session: session.id, locale: 'en' } });
    el.locale = 'es';
    await el.updateComplete;
    expect(buttonLabel(el)).to.equal('Pagar 19,99 €');
    expect(recorder.of('ready')).to.have.length(1);
  });
});

describe('attributes and the label slot', () => {
  it('loads another checkout when the session attribute changes', async () => {
    const [first, second] = await Promise.all([newSession({ amount: 100 }), newSession({ amount: 250 })]);
    const { el, recorder } = await mount({ attributes: { server, session: first.id, locale: 'en' } });
    expect(buttonLabel(el)).to.equal('Pay €1.00');
    el.setAttribute('session', second.id);
    await waitUntil(() => recorder.of('ready').length === 2, 'second view never ready');
    await el.updateComplete;
    expect(buttonLabel(el)).to.equal('Pay €2.50');
    expect(recorder.of('ready')[1]!.detail.view.id).to.equal(second.id);
  });

  it('disabled: the native button is disabled and a click does nothing', async () => {
    const session = await newSession();
    const { el, recorder } = await mount({ attributes: { server, session: session.id, disabled: true } });
    expect(payButton(el).disabled).to.equal(true);
    payButton(el).click();
    el.disabled = false;
    await el.updateComplete;
    expect(payButton(el).disabled).to.equal(false);
    expect(recorder.of('submit')).to.have.length(0);
    expect((await getSession(session.id)).transactions).to.have.length(0);
  });

  it('uses slotted content as the button label', async () => {
    const session = await newSession();
    const { el } = await mount({ attributes: { server, session: session.id, locale: 'en' }, label: 'Buy the book' });
    expect(buttonLabel(el)).to.equal('Buy the book');
    expect(payButton(el).querySelector('slot')!.assignedNodes()[0]!.textContent).to.equal('Buy the book');
  });

  it('keeps the default label when the slot only holds whitespace', async () => {
    const session = await newSession();
    const { el } = await mount({ attributes: { server, session: session.id, locale: 'en' }, label: '\n    ' });
    expect(buttonLabel(el)).to.equal('Pay €19.99');
  });

  it('a payment button: quantity within its bounds changes the amount charged', async () => {
    const button = await createButton({ name: 'Concert ticket', amount: 500, currency: 'EUR', minQuantity: 1, maxQuantity: 5 });
    const { el, recorder } = await mount({ attributes: { server, button: button.id, locale: 'en' } });
    const quantity = part(el, 'quantity') as HTMLInputElement;
    expect(quantity.min).to.equal('1');
    expect(quantity.max).to.equal('5');
    expect(buttonLabel(el)).to.equal('Pay €5.00');
    quantity.value = '3';
    quantity.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(buttonLabel(el)).to.equal('Pay €15.00');
    const redirect = await payAndCatchRedirect(el, recorder);
    expect(recorder.of('submit')[0]!.detail.quantity).to.equal(3);
    expect(redirect.fields.AMOUNT).to.equal('1500');
    expect((await getTransaction(redirect.reference)).amount).to.equal(1500);
    quantity.value = '42';
    quantity.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(quantity.value).to.equal('5');
    expect(buttonLabel(el)).to.equal('Pay €25.00');
  });
});

describe('saving the card (alias) and saved cards', () => {
  it('optional: a labelled, explained checkbox; ticking it asks the server to save the card', async () => {
    const session = await newSession({ saveCard: 'optional', customer: { id: `cust_${Date.now()}_a` } });
    const { el, recorder } = await mount({ attributes: { server, session: session.id, locale: 'en' } });
    const checkbox = part(el, 'checkbox') as HTMLInputElement;
    expect(checkbox.checked).to.equal(false);
    expect(text(checkbox.closest('label'))).to.equal(TRANSLATIONS.en!.saveCard);
    const hint = el.shadowRoot!.getElementById(checkbox.getAttribute('aria-describedby')!)!;
    expect(text(hint)).to.equal(TRANSLATIONS.en!.saveCardHint);

    const unsaved = await payAndCatchRedirect(el, recorder);
    expect(unsaved.fields.ALIAS, 'no alias unless asked').to.equal(undefined);
    expect((await getTransaction(unsaved.reference)) as unknown as { saveCard: boolean }).to.include({ saveCard: false });

    checkbox.click();
    await el.updateComplete;
    const saved = await payAndCatchRedirect(el, recorder);
    expect(recorder.of('submit').at(-1)!.detail.saveCard).to.equal(true);
    expect(saved.fields.ALIAS).to.be.a('string').and.not.empty;
    expect((await getTransaction(saved.reference)) as unknown as { saveCard: boolean }).to.include({ saveCard: true });
  });

  it('always: the choice is shown ticked and fixed; never: no checkbox', async () => {
    const [always, never] = await Promise.all([
      newSession({ saveCard: 'always', customer: { id: `cust_${Date.now()}_b` } }),
      newSession({ saveCard: 'never' }),
    ]);
    const first = await mount({ attributes: { server, session: always.id, locale: 'fr' } });
    const checkbox = part(first.el, 'checkbox') as HTMLInputElement;
    expect(checkbox.checked).to.equal(true);
    expect(checkbox.disabled).to.equal(true);
    expect(text(checkbox.closest('label'))).to.equal(TRANSLATIONS.fr!.saveCard);
    const second = await mount({ attributes: { server, session: never.id } });
    expect(part(second.el, 'checkbox')).to.equal(null);
  });

  it('offers the saved cards ("VISA •••• 1111, expires 12/39") and another card, preselecting none', async () => {
    const customer = { id: `cust_${Date.now()}_c`, name: 'Zoë Müller' };
    await saveCardFor(customer);

    const second = await newSession({ saveCard: 'optional', customer });
    const { el, recorder } = await mount({ attributes: { server, session: second.id, locale: 'en' } });
    const view = recorder.of('ready')[0]!.detail.view;
    expect(view.savedCards).to.have.length(1);
    const choices = [...el.shadowRoot!.querySelectorAll('[part~="saved-card"]')];
    expect(choices.map((choice) => text(choice))).to.deep.equal(['VISA •••• 1111, expires 12/39', 'Use another card']);
    const [savedRadio, newRadio] = choices.map((choice) => choice.querySelector('input')!);
    expect([savedRadio!.checked, newRadio!.checked], 'nothing is chosen for the shopper').to.deep.equal([false, false]);
    expect(part(el, 'checkbox'), 'no save-card box before a new card is chosen').to.equal(null);
    // The pay button waits for a choice, and says why (aria-describedby → the hint).
    const button = payButton(el);
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    const hint = el.shadowRoot!.getElementById(button.getAttribute('aria-describedby')!);
    expect(text(hint)).to.equal(TRANSLATIONS.en!.chooseCard);
    button.click();
    await el.updateComplete;
    expect(recorder.of('submit'), 'a click without a choice charges nothing').to.have.length(0);
    newRadio!.click();
    await el.updateComplete;
    expect(part(el, 'checkbox')).to.not.equal(null);
    expect(button.getAttribute('aria-disabled')).to.equal('false');
    expect(button.hasAttribute('aria-describedby')).to.equal(false);
    savedRadio!.click();
    await el.updateComplete;
    expect(part(el, 'checkbox'), 'nothing to save when paying with a saved card').to.equal(null);
    payButton(el).click();
    await waitUntil(() => recorder.of('submit').length === 1, 'no submit');
    expect(recorder.of('submit')[0]!.detail).to.deep.include({ aliasId: view.savedCards[0].id, saveCard: false });
  });
});

describe('against the real server: forgetting a card, setup sessions', () => {
  it('Forget, then Yes: the real DELETE endpoint removes the card; the next load no longer offers it', async () => {
    const customer = { id: `cust_${Date.now()}_f` };
    await saveCardFor(customer);
    const second = await newSession({ saveCard: 'optional', customer });
    const { el, recorder } = await mount({ attributes: { server, session: second.id, locale: 'en' } });
    const aliasId = recorder.of('ready')[0]!.detail.view.savedCards[0].id as string;
    part(el, 'forget')!.click();
    await el.updateComplete;
    part(el, 'forget')!.click(); // "Yes"
    await waitUntil(() => recorder.of('card-forgotten').length + recorder.of('error').length > 0, 'no answer to the DELETE', {
      timeout: 8000,
    });
    expect(recorder.of('error').map((event) => event.detail)).to.deep.equal([]);
    expect(recorder.of('card-forgotten')[0]!.detail).to.deep.equal({ aliasId });
    await el.updateComplete;
    expect(part(el, 'saved-cards')).to.equal(null);
    const reloaded = (await (await fetch(`${server}/checkout/sessions/${second.id}`)).json()) as { savedCards: unknown[] };
    expect(reloaded.savedCards).to.deep.equal([]);
  });

  it('a setup session: "Save card", and its attempt goes to the FlexCheckout page', async () => {
    const session = await createSession({ mode: 'setup', currency: 'EUR', customer: { id: `cust_${Date.now()}_s` } } as never);
    const { el, recorder } = await mount({ attributes: { server, session: session.id, locale: 'nl' } });
    expect(recorder.of('ready')[0]!.detail.view).to.include({ mode: 'setup', amount: 0 });
    expect(text(payButton(el))).to.equal(TRANSLATIONS.nl!.saveCard);
    expect(text(part(el, 'hint'))).to.equal(TRANSLATIONS.nl!.setupHint);
    payButton(el).click();
    await waitUntil(() => recorder.of('redirect').length + recorder.of('error').length > 0, 'no redirect', { timeout: 8000 });
    expect(recorder.of('error').map((event) => event.detail)).to.deep.equal([]);
    const { reference, url } = recorder.of('redirect')[0]!.detail as { reference: string; url: string };
    expect(reference).to.be.a('string').and.not.empty;
    expect(new URL(url).protocol).to.match(/^https?:$/);
  });
});

describe('events', () => {
  it('ready, submit and redirect bubble out of shadow roots (composed) with their details', async () => {
    const session = await newSession();
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    const outside = recordEvents(document);
    try {
      const { el } = await mount({ attributes: { server, session: session.id }, parent: root });
      payButton(el).click();
      await waitUntil(() => outside.of('redirect').length === 1, 'no redirect reached the document');
      for (const name of ['ready', 'submit', 'redirect']) {
        const [event] = outside.of(name);
        expect(event, name).to.include({ bubbles: true, composed: true });
      }
      expect(outside.of('ready')[0]!.detail.view).to.include({ id: session.id, amount: 1999, currency: 'EUR', status: 'open' });
      expect(outside.of('submit')[0]!.cancelable).to.equal(true);
      expect(outside.of('redirect')[0]!.detail.reference).to.match(/\S/);
    } finally {
      outside.stop();
      host.remove();
    }
  });

  it('a cancelled submit (terms not accepted) creates no attempt and leaves the button usable', async () => {
    const session = await newSession();
    const { el, recorder } = await mount({ attributes: { server, session: session.id } });
    const veto = (event: Event) => event.preventDefault();
    el.addEventListener('ogone-checkout-submit', veto);
    payButton(el).click();
    await el.updateComplete;
    expect(recorder.of('submit')).to.have.length(1);
    expect(payButton(el).getAttribute('aria-busy')).to.equal('false');
    expect((await getSession(session.id)).transactions).to.have.length(0);
    expect(recorder.of('redirect')).to.have.length(0);

    el.removeEventListener('ogone-checkout-submit', veto);
    await payAndCatchRedirect(el, recorder);
    expect((await getSession(session.id)).transactions).to.have.length(1);
  });

  it('the redirect is a real POST form in the document carrying every signed field', async () => {
    const session = await newSession({ customer: { id: `cust_${Date.now()}_d`, name: 'Zoë Müller' }, description: 'Café crème' });
    const { el, recorder } = await mount({ attributes: { server, session: session.id, locale: 'fr' } });
    const { form, action, fields, reference } = await payAndCatchRedirect(el, recorder);
    expect(form.isConnected).to.equal(true);
    expect(form.method).to.equal('post');
    expect(form.action).to.equal(action);
    expect(new URL(action).pathname).to.equal('/ncol/test/orderstandard_utf8.asp');
    expect(form.acceptCharset.toUpperCase()).to.equal('UTF-8');
    const inputs = [...form.querySelectorAll('input')];
    expect(inputs.every((input) => input.type === 'hidden')).to.equal(true);
    expect(Object.fromEntries(inputs.map((input) => [input.name, input.value]))).to.deep.equal(fields);
    expect(fields.ORDERID).to.equal(reference);
    expect(fields.SHASIGN).to.match(/^[0-9A-F]{128}$/);
    expect(fields.CN).to.equal('Zoë Müller');
    const transaction = await getTransaction(reference);
    expect(transaction).to.include({ reference, amount: 1999, currency: 'EUR' });
  });
});

describe('double clicks', () => {
  it('two clicks in the same frame create one attempt; the button is busy until the page leaves', async () => {
    letRedirectsThrough();
    const submitted = submittedForms;
    const session = await newSession();
    const { el, recorder } = await mount({ attributes: { server, session: session.id, locale: 'en' } });
    const button = payButton(el);
    button.click();
    button.click();
    await el.updateComplete;
    expect(button.getAttribute('aria-busy')).to.equal('true');
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(text(button)).to.equal('Processing…');
    await waitUntil(() => submitted.length === 1, 'the form was never submitted');
    await el.updateComplete;
    button.click();
    expect(button.getAttribute('aria-busy'), 'still busy while the hosted page loads').to.equal('true');
    expect(recorder.of('submit')).to.have.length(1);
    expect(recorder.of('redirect')).to.have.length(1);
    expect(submitted).to.have.length(1);
    expect((await getSession(session.id)).transactions).to.have.length(1);
  });

  it('a real double click with the mouse creates one attempt', async () => {
    letRedirectsThrough();
    const submitted = submittedForms;
    const session = await newSession();
    const { el, recorder } = await mount({ attributes: { server, session: session.id, locale: 'en' } });
    const box = payButton(el).getBoundingClientRect();
    const position: [number, number] = [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)];
    try {
      await sendMouse({ type: 'click', position });
      await sendMouse({ type: 'click', position });
    } finally {
      await resetMouse();
    }
    await waitUntil(() => submitted.length === 1, 'the form was never submitted');
    expect(recorder.of('submit')).to.have.length(1);
    expect((await getSession(session.id)).transactions).to.have.length(1);
  });
});

describe('back from the hosted page', () => {
  it('restored from the back/forward cache, it asks the server again and can be paid again', async () => {
    letRedirectsThrough();
    const session = await newSession();
    const { el, recorder } = await mount({ attributes: { server, session: session.id, locale: 'en' } });
    payButton(el).click();
    await waitUntil(() => submittedForms.length === 1, 'the form was never submitted');
    await el.updateComplete;
    expect(payButton(el).getAttribute('aria-busy')).to.equal('true');
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await waitUntil(() => recorder.of('ready').length === 2, 'the view was not loaded again');
    await el.updateComplete;
    expect(payButton(el).getAttribute('aria-busy')).to.equal('false');
    expect(buttonLabel(el)).to.equal('Pay €19.99');
  });
});

describe('definition', () => {
  it('defines <ogone-checkout> once; importing the module again is harmless', async () => {
    expect(customElements.get('ogone-checkout')).to.equal(OgoneCheckout);
    const again = await import('../index.ts');
    expect(again.OgoneCheckout).to.equal(OgoneCheckout);
    expect(document.createElement('ogone-checkout')).to.be.instanceOf(OgoneCheckout);
  });
});

describe('removal', () => {
  it('a widget removed while its attempt is in flight does not leave the page', async () => {
    const session = await newSession();
    const { el, wrapper, recorder } = await mount({ attributes: { server, session: session.id } });
    payButton(el).click();
    wrapper.remove();
    // The attempt still reaches the server; its answer is dropped.
    await waitUntil(async () => (await getSession(session.id)).transactions.length === 1, 'the attempt never arrived');
    // Handled once the button is no longer busy (Lit keeps rendering a detached element).
    await waitUntil(() => payButton(el).getAttribute('aria-busy') === 'false', 'the answer was never handled');
    expect(recorder.of('redirect')).to.have.length(0);
    expect(document.querySelector('body > form[hidden]')).to.equal(null);
  });
});
