/**
 * Every error state of <ogone-checkout>, provoked on a real server: unknown, paid (at load and
 * as a 409), expired (at load and as a 410, with the server's clock moved), network down (a stopped
 * server), rate limited (429). Each is shown in place, in the alert region, with a retry where
 * retrying can help, and reported as `ogone-checkout-error { code, message, status }`.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '../index.ts';
import type { OgoneCheckout } from './ogone-checkout.ts';
import { TRANSLATIONS } from './locale.ts';
import {
  advanceClock,
  breakDatabase,
  getSession,
  getTransaction,
  newSession,
  paySession,
  serverUrl,
  startServer,
  stopServer,
} from '../../test/browser/server-commands.ts';
import { cleanup, guardNavigation, mount, part, payButton, settled, text } from '../../test/browser/widget-helpers.ts';

let server: string;
const ownServers: string[] = [];
const en = TRANSLATIONS.en!;
const fr = TRANSLATIONS.fr!;

before(async () => {
  server = await serverUrl();
});

beforeEach(guardNavigation);
afterEach(async () => {
  cleanup();
  for (const name of ownServers.splice(0)) await stopServer(name);
});

async function ownServer(name: string, options: { rateLimit?: number } = {}): Promise<string> {
  ownServers.push(name);
  return startServer(name, options);
}

/** The error region: an assertive live region that exists before any error. */
function errorRegion(el: OgoneCheckout): HTMLElement {
  const region = part(el, 'error')!;
  expect(region.getAttribute('role')).to.equal('alert');
  expect(region.getAttribute('aria-live')).to.equal('assertive');
  return region;
}

/** The message shown and the retry button's label ('' without one). */
function shown(el: OgoneCheckout): [string, string] {
  const region = errorRegion(el);
  return [text(region.querySelector('p')), text(region.querySelector('[part~="retry"]'))];
}

function expectError(detail: { code: string; message: string; status: number }, code: string, status: number, message: string) {
  expect(detail).to.include({ code, status, message });
}

describe('errors when loading', () => {
  it('an unknown session: "not found", no pay button, no retry', async () => {
    const { el, recorder } = await mount({ attributes: { server, session: 'cs_does_not_exist', locale: 'en' } });
    expect(recorder.of('ready')).to.have.length(0);
    const [error] = recorder.of('error');
    expectError(error!.detail, 'not_found', 404, en.errors.not_found);
    expect(error).to.include({ bubbles: true, composed: true });
    expect(error!.detail.serverMessage).to.be.a('string').and.not.empty;
    expect(text(errorRegion(el))).to.equal(en.errors.not_found);
    expect(part(el, 'button')).to.equal(null);
    expect(part(el, 'retry')).to.equal(null);
  });

  it('no session or button attribute: says so without a request', async () => {
    const { el, recorder } = await mount({ attributes: { server, locale: 'fr' } });
    expectError(recorder.of('error')[0]!.detail, 'missing_id', 0, fr.errors.not_found);
    expect(text(errorRegion(el))).to.equal(fr.errors.not_found);
  });

  it('an already paid session shows "already paid" and no button', async () => {
    const session = await newSession();
    await paySession(session.id);
    await waitUntil(async () => (await getSession(session.id)).status === 'paid', 'never paid', { timeout: 8000, interval: 100 });
    const { el, recorder } = await mount({ attributes: { server, session: session.id, locale: 'fr' } });
    expectError(recorder.of('error')[0]!.detail, 'session_paid', 200, fr.errors.session_paid);
    expect(text(errorRegion(el))).to.equal(fr.errors.session_paid);
    expect(part(el, 'button')).to.equal(null);
  });

  // 4000 0000 0000 9292: the sandbox answers STATUS 92, "payment uncertain": pending until settled.
  it('a payment under way at load says so at once, with a retry that reads the session again', async () => {
    const session = await newSession();
    const { reference } = await paySession(session.id, { cardNumber: '4000000000009292' });
    await waitUntil(async () => (await getTransaction(reference)).state === 'pending', 'never pending', { timeout: 8000, interval: 100 });
    const { el, recorder } = await mount({ attributes: { server, session: session.id, locale: 'en' } });
    expectError(recorder.of('error')[0]!.detail, 'attempt_in_progress', 200, en.errors.attempt_in_progress);
    expect(shown(el)).to.deep.equal([en.errors.attempt_in_progress, en.retry]);
    (part(el, 'retry') as HTMLButtonElement).click();
    await settled(recorder, 2);
    expect(recorder.of('error')[1]!.detail.code).to.equal('attempt_in_progress');
  });

  it('an unreachable server: "cannot reach", and a retry that tries again', async () => {
    const gone = await ownServer('gone');
    const session = await newSession({}, 'gone');
    await stopServer('gone');
    const { el, recorder } = await mount({ attributes: { server: gone, session: session.id, locale: 'en' } });
    expectError(recorder.of('error')[0]!.detail, 'network', 0, en.errors.network);
    expect(shown(el)).to.deep.equal([en.errors.network, en.retry]);
    (part(el, 'retry') as HTMLButtonElement).click();
    await settled(recorder, 2);
    expect(recorder.of('error')).to.have.length(2);
    expect(recorder.of('error')[1]!.detail.code).to.equal('network');
  });
});

describe('errors when paying', () => {
  it('paid meanwhile (409): the form closes and says so', async () => {
    const session = await newSession();
    const { el, recorder } = await mount({ attributes: { server, session: session.id, locale: 'es' } });
    await paySession(session.id);
    await waitUntil(async () => (await getSession(session.id)).status === 'paid', 'never paid', { timeout: 8000, interval: 100 });
    payButton(el).click();
    await waitUntil(() => recorder.of('error').length === 1, 'no error');
    await el.updateComplete;
    expectError(recorder.of('error')[0]!.detail, 'session_paid', 409, TRANSLATIONS.es!.errors.session_paid);
    expect(text(errorRegion(el))).to.equal(TRANSLATIONS.es!.errors.session_paid);
    expect(part(el, 'button')).to.equal(null);
    expect(recorder.of('redirect')).to.have.length(0);
  });

  it('expired meanwhile (410), and expired at load', async () => {
    const url = await ownServer('clock');
    const session = await newSession({ expiresIn: 60 }, 'clock');
    const { el, recorder } = await mount({ attributes: { server: url, session: session.id, locale: 'de' } });
    expect(recorder.of('ready')).to.have.length(1);
    await advanceClock('clock', 61_000);
    payButton(el).click();
    await waitUntil(() => recorder.of('error').length === 1, 'no error');
    await el.updateComplete;
    const de = TRANSLATIONS.de!;
    expectError(recorder.of('error')[0]!.detail, 'session_expired', 410, de.errors.session_expired);
    expect(text(errorRegion(el))).to.equal(de.errors.session_expired);
    expect(part(el, 'button')).to.equal(null);
    expect((await getSession(session.id, 'clock')).transactions).to.have.length(0);

    const later = await mount({ attributes: { server: url, session: session.id, locale: 'de' } });
    expectError(later.recorder.of('error')[0]!.detail, 'session_expired', 200, de.errors.session_expired);
  });

  it('network down after loading: the error shows with a retry, the button stays', async () => {
    const url = await ownServer('flaky');
    const session = await newSession({}, 'flaky');
    const { el, recorder } = await mount({ attributes: { server: url, session: session.id, locale: 'en' } });
    await stopServer('flaky');
    payButton(el).click();
    await waitUntil(() => recorder.of('error').length === 1, 'no error');
    await el.updateComplete;
    expectError(recorder.of('error')[0]!.detail, 'network', 0, en.errors.network);
    expect(shown(el)).to.deep.equal([en.errors.network, en.retry]);
    expect(payButton(el).getAttribute('aria-busy')).to.equal('false');
    (part(el, 'retry') as HTMLButtonElement).click();
    await waitUntil(() => recorder.of('error').length === 2, 'retry did not try again');
    expect(recorder.of('submit'), 'the retry is a new submit').to.have.length(2);
  });

  it('rate limited (429): says to wait, offers a retry', async () => {
    // The limit counts every /checkout/ request: the view, then one attempt, then the refused one.
    const url = await ownServer('limited', { rateLimit: 2 });
    const session = await newSession({}, 'limited');
    const { el, recorder } = await mount({ attributes: { server: url, session: session.id, locale: 'nl' } });
    payButton(el).click();
    await waitUntil(() => recorder.of('redirect').length === 1, 'first attempt failed');
    payButton(el).click();
    await waitUntil(() => recorder.of('error').length === 1, 'no error');
    await el.updateComplete;
    const nl = TRANSLATIONS.nl!;
    expectError(recorder.of('error')[0]!.detail, 'rate_limited', 429, nl.errors.rate_limited);
    expect(shown(el)).to.deep.equal([nl.errors.rate_limited, nl.retry]);
    expect(part(el, 'retry')).to.not.equal(null);
  });

  it('a server failure (5xx): a generic message with a retry; the button stays', async () => {
    const url = await ownServer('broken');
    const session = await newSession({}, 'broken');
    const { el, recorder } = await mount({ attributes: { server: url, session: session.id, locale: 'it' } });
    await breakDatabase('broken', 'transactions');
    payButton(el).click();
    await waitUntil(() => recorder.of('error').length === 1, 'no error');
    await el.updateComplete;
    const it_ = TRANSLATIONS.it!;
    const { detail } = recorder.of('error')[0]!;
    expect(detail.status).to.be.within(500, 599);
    expect(detail.message).to.equal(it_.errors.server);
    expect(detail.code).to.be.a('string').and.not.empty;
    expect(shown(el)).to.deep.equal([it_.errors.server, it_.retry]);
    expect(payButton(el).getAttribute('aria-busy')).to.equal('false');
    expect(recorder.of('redirect')).to.have.length(0);
  });

  it('a successful load after a failed one clears the error', async () => {
    const session = await newSession();
    const { el, recorder } = await mount({ attributes: { server, session: session.id, locale: 'en' } });
    const url = server;
    // Nothing listens on the discard port (and browsers refuse it): a network error.
    el.server = 'http://127.0.0.1:9';
    await el.updateComplete;
    await settled(recorder, 2);
    expect(recorder.of('error')[0]!.detail.code).to.equal('network');
    el.server = url;
    await waitUntil(() => recorder.of('ready').length === 2, 'not ready again');
    await el.updateComplete;
    expect(text(errorRegion(el))).to.equal('');
    expect(payButton(el)).to.not.equal(null);
  });
});
