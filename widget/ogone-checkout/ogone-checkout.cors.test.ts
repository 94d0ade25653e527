/**
 * A widget embedded on a page whose origin the server's ALLOWED_ORIGINS leaves out: a real server
 * of the test refuses the test page's origin (CORS), and the widget must tell that apart from a
 * server that is down — the shopper reads that payments are unavailable here (no retry: retrying
 * cannot help), the console names the refused origin and the setting that allows it.
 */
import { expect } from '@open-wc/testing';
import '../index.ts';
import type { OgoneCheckout } from './ogone-checkout.ts';
import { TRANSLATIONS } from './locale.ts';
import { newSession, startServer, stopServer } from '../../test/browser/server-commands.ts';
import { cleanup, guardNavigation, mount, part, text } from '../../test/browser/widget-helpers.ts';

const en = TRANSLATIONS.en!;
const fr = TRANSLATIONS.fr!;
const ownServers: string[] = [];
const SHOP = 'https://shop.example';

/** What the page's console.error received during the test (and still prints). */
let logged: string[] = [];
const consoleError = console.error;

beforeEach(() => {
  guardNavigation();
  logged = [];
  console.error = (...args: unknown[]) => {
    logged.push(args.map(String).join(' '));
    consoleError.apply(console, args);
  };
});
afterEach(async () => {
  console.error = consoleError;
  cleanup();
  for (const name of ownServers.splice(0)) await stopServer(name);
});

async function ownServer(name: string, allowedOrigins?: string[]): Promise<string> {
  ownServers.push(name);
  return startServer(name, { allowedOrigins });
}

function shown(el: OgoneCheckout): [string, string] {
  const region = part(el, 'error')!;
  return [text(region.querySelector('p')), text(region.querySelector('[part~="retry"]'))];
}

describe('a page whose origin is not in ALLOWED_ORIGINS', () => {
  it('the shopper reads "unavailable on this page", the console names the origin and ALLOWED_ORIGINS', async () => {
    const url = await ownServer('elsewhere', [SHOP]);
    const session = await newSession({}, 'elsewhere');
    const { el, recorder } = await mount({ attributes: { server: url, session: session.id, locale: 'en' } });

    const errors = recorder.of('error');
    expect(errors).to.have.length(1);
    expect(errors[0]!.detail).to.deep.equal({
      code: 'origin_not_allowed',
      message: en.errors.origin_not_allowed,
      status: 0,
      serverMessage: undefined,
      field: undefined,
    });
    expect(en.errors.origin_not_allowed).to.equal('Payments are unavailable here.');
    expect(shown(el)).to.deep.equal([en.errors.origin_not_allowed, '']);
    expect(part(el, 'button'), 'no pay button on a page that cannot pay').to.equal(null);

    const explained = logged.filter((line) => line.startsWith('ogone-checkout:'));
    expect(explained, logged.join('\n')).to.have.length(1);
    expect(explained[0]).to.include(location.origin).and.include('ALLOWED_ORIGINS');
    // Nothing the page does not already know: no session id, no key, no server address.
    expect(explained[0]).not.to.include(session.id);
    expect(explained[0]).not.to.include('sk_');
    expect(explained[0]).not.to.include(new URL(url).host);
  });

  it("speaks the shopper's language", async () => {
    const url = await ownServer('elsewhere-fr', [SHOP]);
    const session = await newSession({}, 'elsewhere-fr');
    const { el, recorder } = await mount({ attributes: { server: url, session: session.id }, lang: 'fr' });
    expect(recorder.of('error')[0]!.detail).to.include({ code: 'origin_not_allowed', message: fr.errors.origin_not_allowed });
    expect(shown(el)).to.deep.equal([fr.errors.origin_not_allowed, '']);
  });

  it('a server that is down is still "cannot reach", with a retry and nothing about ALLOWED_ORIGINS', async () => {
    const url = await ownServer('down', [SHOP]);
    const session = await newSession({}, 'down');
    await stopServer('down');
    const { el, recorder } = await mount({ attributes: { server: url, session: session.id, locale: 'en' } });
    expect(recorder.of('error')[0]!.detail).to.include({ code: 'network', status: 0, message: en.errors.network });
    expect(shown(el)).to.deep.equal([en.errors.network, en.retry]);
    expect(logged.filter((line) => line.includes('ALLOWED_ORIGINS'))).to.deep.equal([]);
  });

  it('once the origin is listed, the same widget loads', async () => {
    const url = await ownServer('listed', [SHOP, location.origin]);
    const session = await newSession({}, 'listed');
    const { recorder } = await mount({ attributes: { server: url, session: session.id, locale: 'en' } });
    expect(recorder.of('error')).to.deep.equal([]);
    expect(recorder.of('ready')).to.have.length(1);
    expect(logged.filter((line) => line.includes('ALLOWED_ORIGINS'))).to.deep.equal([]);
  });
});
