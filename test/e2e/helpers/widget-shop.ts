/**
 * The set-up most of the widget's end-to-end tests share: a shop's origin serving whatever page
 * the test writes into `site.page` (at every path), the signer with its sandbox on SQLite allowing
 * that origin (ALLOWED_ORIGINS), and Debian's Chromium. Called inside a `describe`, it registers
 * the `before` that starts them and the `after` that stops them; their handles are on the object
 * once `before` has run.
 */
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { startFlowServer, type FlowServer } from '../../flows/helpers.ts';
import { closeServer, listen, type Listening } from '../../support/listen.ts';
import { launchChromium } from './browser.ts';

export interface WidgetShopSite {
  /** The shop's origin: it serves `page` as text/html at every path. */
  shop: Listening;
  flow: FlowServer;
  browser: Browser;
  /** The HTML the shop serves next. */
  page: string;
}

/** `server`: startFlowServer's options (a clock, DirectLink's tuning…); ALLOWED_ORIGINS is added to its env. */
export function widgetShop(server: Parameters<typeof startFlowServer>[1] = {}): WidgetShopSite {
  const site = { page: '' } as WidgetShopSite;
  before(async () => {
    site.shop = await listen(() => new Response(site.page, { headers: { 'content-type': 'text/html; charset=utf-8' } }));
    site.flow = await startFlowServer('sqlite', { ...server, env: { ...server.env, ALLOWED_ORIGINS: site.shop.url } });
    site.browser = await launchChromium();
  });
  after(async () => {
    await site.browser?.close();
    await site.flow?.close();
    if (site.shop) await closeServer(site.shop.server);
  });
  return site;
}

/**
 * A checkout session made through the merchant API — 19.99 EUR (none for a setup session) to the
 * shop's thanks and cart pages, `fields` over that — and its id.
 */
export async function shopSession(site: WidgetShopSite, fields: Record<string, unknown> = {}): Promise<string> {
  const money = fields.mode === 'setup' ? {} : { amount: 1999, currency: 'EUR' };
  const created = await site.flow.api('/api/checkout-sessions', {
    ...money,
    successUrl: 'https://shop.example.com/thanks',
    failureUrl: 'https://shop.example.com/cart',
    ...fields,
  });
  if (created.status !== 201) throw new Error(`checkout session not made: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.id as string;
}

/** The shop's English page: `before` (a listening script…), the widget's bundle, then `<ogone-checkout session=…>`. */
export function sessionPage(site: WidgetShopSite, sessionId: string, before = ''): string {
  return `<!doctype html><html lang="en"><body>
${before}<script type="module" src="${site.flow.url}/ogone-checkout.js"></script>
<ogone-checkout session="${sessionId}"></ogone-checkout>
</body></html>`;
}
