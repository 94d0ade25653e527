/**
 * Ogone's server-to-server feedback and the shopper's browser redirect race each other; whatever
 * the order (or with no browser redirect at all) the payment ends paid, once, with one webhook.
 * The sandbox's control API (`/sandbox/faults`, `/sandbox/payments/:payId/feedback`) arranges
 * the order; the transaction's feedback log shows which channel came first.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium, newPage } from './helpers/browser.ts';
import { DEMO_WAIT, startDemoWith, type DemoProcess } from './helpers/demo-process.ts';
import { defined, eventually } from '../support/waiting.ts';
import { CARDS, fillCard, openShop, payOnShop, shopResult } from './helpers/shopper.ts';

interface Transaction {
  state: string;
  feedback: Array<{ channel: string; status: number | null; receivedAt: string; copy: { channel: string; count: number } | null }>;
}

describe('server-to-server feedback before, after and without the browser redirect', () => {
  let demo: DemoProcess;
  let browser: Browser;

  before(async () => {
    [demo, browser] = await startDemoWith(launchChromium);
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  /**
   * Feedback channels, oldest first (the API lists the newest first); the other caller's exact
   * copies of an applied feedback are counted on its row (docs/ogone-protocol.md §5) and come
   * after it.
   */
  const channels = async (reference: string) => {
    const { body } = await demo.api<Transaction>(`/api/transactions/${reference}`);
    const arrivals = [...body.feedback]
      .reverse()
      .flatMap((f) => [f.channel, ...Array<string>(f.copy?.count ?? 0).fill(f.copy?.channel ?? '')]);
    return { state: body.state, channels: arrivals };
  };
  const payIdOf = async (reference: string) => {
    const { body } = await demo.sandbox<{ payments: Array<{ payId: string }> }>(`/sandbox/payments?orderId=${reference}`);
    assert.equal(body.payments.length, 1);
    return body.payments[0]!.payId;
  };
  /** Waits until every webhook event of the payment is delivered, then counts what the shop received. */
  const webhooksReceived = async (reference: string, type: string) => {
    await eventually(
      async () => {
        const events = (await demo.api<{ data: Array<{ delivery: { status: string } }> }>(`/api/events?reference=${reference}`)).body.data;
        return events.length > 0 && events.every((e) => e.delivery.status === 'delivered') ? true : undefined;
      },
      defined,
      'webhook deliveries',
      DEMO_WAIT,
    );
    const { body } = await demo.sandbox<{ events: Array<{ type: string; reference: string | null }> }>('/demo/events');
    return body.events.filter((e) => e.reference === reference && e.type === type).length;
  };

  it('before: Ogone notifies the server first (the default), then the shopper comes back', async () => {
    const page = await newPage(browser);
    await openShop(page, demo.url);
    await payOnShop(page);
    await fillCard(page, CARDS.visa);
    await page.waitForURL(/\/\?reference=/);
    const result = await shopResult(page);
    assert.equal(result.state, 'captured');
    assert.deepEqual(await channels(result.reference), { state: 'captured', channels: ['server', 'browser'] });
    assert.equal(await webhooksReceived(result.reference, 'payment.captured'), 1);
    await page.context().close();
  });

  it('after: the online request fails, the shopper comes back first, the deferred request follows', async () => {
    const faults = await demo.sandbox<{ faults: { fail: number } }>('/sandbox/faults', { fail: 1 });
    assert.equal(faults.body.faults.fail, 1);
    const page = await newPage(browser);
    await openShop(page, demo.url, 'carnet');
    await payOnShop(page, 'carnet');
    await fillCard(page, CARDS.visa);
    await page.waitForURL(/\/\?reference=/);
    const result = await shopResult(page);
    assert.equal(result.state, 'captured', 'the signed browser redirect alone is enough to show the payment as paid');
    assert.deepEqual(await channels(result.reference), { state: 'captured', channels: ['browser'] });

    // Ogone's deferred retry arrives later: accepted (200), nothing changes, no second webhook.
    const resend = await demo.sandbox<{ delivery: { state: string } }>(`/sandbox/payments/${await payIdOf(result.reference)}/feedback`, {});
    assert.equal(resend.body.delivery.state, 'delivered');
    assert.deepEqual(await channels(result.reference), { state: 'captured', channels: ['browser', 'server'] });
    assert.equal(await webhooksReceived(result.reference, 'payment.captured'), 1);
    await page.context().close();
  });

  it('without: the shopper never comes back (closed the tab); the server-to-server feedback alone settles it', async () => {
    const page = await newPage(browser);
    let returnUrl: string | undefined;
    // The Pay click: the sandbox processes it and answers 303 to our return URL; the "browser"
    // is gone before following it.
    await page.route(/\/ncol\/test\/sandbox_pay\.asp/, async (route) => {
      const response = await route.fetch({ maxRedirects: 0 });
      returnUrl = response.headers()['location'];
      await route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<!doctype html><title>closed</title><p>The shopper closed the tab.</p>',
      });
    });
    await openShop(page, demo.url, 'aceite');
    await payOnShop(page, 'aceite');
    await fillCard(page, CARDS.visa);
    await page.getByText('The shopper closed the tab.').waitFor();
    assert.ok(returnUrl, 'the sandbox redirected the browser');
    const reference = new URL(returnUrl).searchParams.get('orderID');
    assert.ok(reference);
    assert.deepEqual(await channels(reference), { state: 'captured', channels: ['server'] });
    assert.equal(await webhooksReceived(reference, 'payment.captured'), 1);

    // The merchant's shop knows it was paid (here: the webhook list on its page).
    await page.unroute(/\/ncol\/test\/sandbox_pay\.asp/);
    await page.goto(`${demo.url}/`);
    await page.locator(`#webhooks li[data-type="payment.captured"][data-reference="${reference}"]`).waitFor();
    await page.context().close();
  });
});
