/**
 * The widget as merchants embed it: the production bundle (`vite build`) served by the real
 * server, a page with a strict Content-Security-Policy, and the form that reaches the sandbox's
 * hosted payment page with a SHASIGN it accepts. This file never imports the widget's sources.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { frameHtml, newSession, postHostedPage, serverUrl } from './server-commands.ts';
import { cleanup, guardNavigation, mount, payButton, recordEvents } from './widget-helpers.ts';

let server: string;
const CSP = "script-src 'self'; style-src 'self'";

before(async () => {
  server = await serverUrl();
  // The tag exactly as documented: <script type="module" src="https://pay.example.com/ogone-checkout.js">.
  await import(/* @vite-ignore */ `${server}/ogone-checkout.js`);
});

const frames: HTMLIFrameElement[] = [];
beforeEach(guardNavigation);
afterEach(() => {
  for (const frame of frames.splice(0)) frame.remove();
  cleanup();
});

interface FixtureMessage {
  source: 'oc-fixture';
  type: 'ready' | 'error' | 'redirect';
  [key: string]: any;
}

/** Opens fixtures/csp.html in an iframe and collects what its probe reports. */
function openFixture(query: Record<string, string>) {
  const messages: FixtureMessage[] = [];
  const frame = document.createElement('iframe');
  frame.id = `fixture-${frames.length}`;
  frame.style.width = '480px';
  frame.style.height = '320px';
  const listener = (event: MessageEvent) => {
    if (event.source === frame.contentWindow && event.data?.source === 'oc-fixture') messages.push(event.data);
  };
  window.addEventListener('message', listener);
  frame.src = `/test/browser/fixtures/csp.html?${new URLSearchParams(query)}`;
  document.body.append(frame);
  frames.push(frame);
  const next = async (type: FixtureMessage['type']) => {
    await waitUntil(() => messages.some((m) => m.type === type || m.type === 'error'), `the fixture never said ${type}`, {
      timeout: 10_000,
    });
    const message = messages.find((m) => m.type === type);
    if (!message) throw new Error(`the fixture failed: ${JSON.stringify(messages)}`);
    return message;
  };
  return { frame, messages, next };
}

describe('the bundle served by the server', () => {
  it('defines <ogone-checkout>, talks to the origin it came from, and is safe to load twice', async () => {
    const Defined = customElements.get('ogone-checkout');
    expect(Defined, 'the bundle defined the element').to.not.equal(undefined);
    // A second copy of the bundle (another URL, another module instance) must not throw.
    const copyUrl = '/__bundle/ogone-checkout.js';
    const copy = await import(/* @vite-ignore */ copyUrl);
    expect(copy.OgoneCheckout).to.be.a('function');
    expect(copy.OgoneCheckout).to.not.equal(Defined);
    expect(customElements.get('ogone-checkout')).to.equal(Defined);

    const session = await newSession({ amount: 4200 });
    // No server attribute: the bundle's own origin is the server.
    const { el, recorder } = await mount({ attributes: { session: session.id, locale: 'en' } });
    expect(recorder.of('error'), JSON.stringify(recorder.of('error')[0]?.detail)).to.have.length(0);
    expect(recorder.of('ready')[0]!.detail.view.id).to.equal(session.id);
    expect(payButton(el).textContent!.trim()).to.equal('Pay €42.00');
  });

  it('the form it builds reaches the hosted page, whose SHASIGN check accepts it', async () => {
    const session = await newSession({ customer: { id: 'cust_embed', name: 'Zoë Müller' }, description: 'Café crème × 2' });
    const { el, recorder } = await mount({ attributes: { server, session: session.id, locale: 'fr' } });
    payButton(el).click();
    await waitUntil(() => recorder.of('redirect').length === 1, 'no redirect');
    const form = recorder.of('redirect')[0]!.detail.form as HTMLFormElement;
    // What the browser would post: the form's own successful controls.
    const fields = Object.fromEntries([...new FormData(form)].map(([name, value]) => [name, String(value)]));
    expect(fields.SHASIGN).to.match(/^[0-9A-F]+$/);
    expect(fields.LANGUAGE).to.equal('fr_FR');

    const page = await postHostedPage(form.action, fields);
    expect(page.unknownOrder, page.text).to.equal(false);
    expect(page.status, page.text).to.equal(200);
    expect(page.cardForm, 'the card page is shown').to.equal(true);

    // Control: the same fields with another amount are refused, so the check above is real.
    const tampered = await postHostedPage(form.action, { ...fields, AMOUNT: '1' });
    expect(tampered.unknownOrder, tampered.text).to.equal(true);
    expect(tampered.cardForm).to.equal(false);
  });
});

describe('a page with a strict Content-Security-Policy', () => {
  it(`the fixture page really is served with "${CSP}"`, async () => {
    const response = await fetch('/test/browser/fixtures/csp.html');
    expect(response.headers.get('content-security-policy')).to.equal(CSP);
  });

  it('renders and styles the widget with no violation (adopted stylesheets, no inline style or script)', async () => {
    const session = await newSession({ amount: 1500 });
    const fixture = openFixture({ server, session: session.id, locale: 'de' });
    const ready = await fixture.next('ready');
    expect(ready.controlRefused, 'the page refuses inline styles, so the policy is active').to.equal(true);
    expect(ready.violations).to.deep.equal([]);
    expect(ready.label).to.equal('15,00 € bezahlen');
    expect(ready.background, 'the theme applied').to.equal('rgb(11, 87, 208)');
    expect(ready.adoptedStyleSheets).to.be.at.least(1);
    expect(ready.styleElements).to.equal(0);
  });

  it('pays: the real form post takes the frame to the hosted card page', async function () {
    this.timeout(20_000);
    const session = await newSession({ amount: 2500 });
    const fixture = openFixture({ server, session: session.id, locale: 'it', pay: '1' });
    const ready = await fixture.next('ready');
    expect(ready.violations).to.deep.equal([]);
    const redirect = await fixture.next('redirect');
    expect(redirect.violations).to.deep.equal([]);
    expect(new URL(redirect.action).origin).to.equal(new URL(server).origin);
    expect(redirect.fields.LANGUAGE).to.equal('it_IT');
    // The frame is now on the server's origin: read it through the browser driver until the
    // hosted page has answered (the card page, or the platform's error page).
    let html = '';
    await waitUntil(
      async () => {
        html = await frameHtml(`#${fixture.frame.id}`).catch(() => '');
        // Not on <title> alone: read while the page still loads, the document has its head and an
        // empty body (seen once in CI on Chromium).
        return /name="CARDNO"|unknown order/i.test(html) && !html.includes('csp-probe.js');
      },
      'the frame never showed the hosted page',
      { timeout: 8000, interval: 150 },
    );
    expect(html).to.not.match(/unknown order\/[01]\/s/);
    expect(html).to.match(/name="CARDNO"/);
    expect(html).to.include(redirect.fields.ORDERID);
  });
});

describe('events reach the page from the bundle too', () => {
  it('ogone-checkout-error carries code, message and status', async () => {
    const outside = recordEvents(document);
    try {
      await mount({ attributes: { server, session: 'cs_missing_for_embed', locale: 'zh-CN' } });
      const [error] = outside.of('error');
      expect(error!.detail).to.include({ code: 'not_found', status: 404, message: '找不到此付款' });
    } finally {
      outside.stop();
    }
  });
});
