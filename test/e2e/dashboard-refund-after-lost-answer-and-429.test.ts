/**
 * A refund whose answer was lost, then refused 429, is never sent again under a new key (review
 * r1210 of f625467 "Dashboard: keys that work over http, and a new one after a refusal").
 *
 * The confirmation dialog (server/dashboard/client/dialog.ts) promises, after a lost answer:
 * "It may have been carried out. Confirming again sends the same request, which the server never
 * carries out twice." f625467 dropped the key after any answer that is not "unknown" (not 0,
 * not 5xx, not 409 idempotency_in_progress). An answer to the *retry* that says nothing about the
 * first request — here the rate limiter's 429 "Too many requests; try again in a minute."
 * (server/http/rate-limit.ts; nginx's limit_req answers alike) — drops the key of a request that
 * may have been (here: was) carried out. The dialog then said "Refund not done", and the next
 * confirmation sent a NEW key: the server made the refund a second time. Now a key whose request
 * may have been carried out is never let go, nor after a 429 or a 409.
 *
 * Expected (README "Merchant API" Idempotency-Key; the dialog's own words): one refund of 0.50.
 * Real server (startFlowServer, sandbox), dashboard in Chromium; the network loses the first
 * answer (route.fetch then abort) and a 429 answers the second confirmation.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Route } from 'playwright-core';
import { launchChromium, newPage } from './helpers/browser.ts';
import { DESKTOP } from './helpers/dashboard.ts';
import { type FlowServer, paySession, startFlowServer } from '../flows/helpers.ts';

describe('the dashboard: a lost answer, then a 429, then confirming again (sqlite)', { timeout: 90_000 }, () => {
  let flow: FlowServer;
  let browser: Browser;
  let reference = '';

  before(async () => {
    flow = await startFlowServer('sqlite');
    browser = await launchChromium();
    reference = await paySession(flow, 'cust-r1210-refund', '4111111111111111', false);
    const deadline = Date.now() + 15_000;
    while ((await flow.api(`/api/transactions/${reference}`)).body.state !== 'captured' && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
  });
  after(async () => {
    await browser?.close();
    await flow?.close();
  });

  it('refunds 0.50 once', async () => {
    const page = await newPage(browser);
    await page.setViewportSize(DESKTOP);
    const sent: Array<{ key: string; answered: string }> = [];
    let round = 0;
    await page.route(`**/api/transactions/${reference}/refund`, async (route: Route) => {
      const key = route.request().headers()['idempotency-key'] ?? '';
      round++;
      if (round === 1) {
        // Reaches the server, which refunds; the answer is lost on the way back.
        const response = await route.fetch();
        sent.push({ key, answered: `${response.status()} (lost)` });
        await route.abort('connectionreset');
      } else if (round === 2) {
        // The rate limiter's answer (server/http/rate-limit.ts), before the request reaches the route.
        sent.push({ key, answered: '429' });
        await route.fulfill({
          status: 429,
          headers: { 'content-type': 'text/plain; charset=UTF-8', 'retry-after': '60' },
          body: 'Too many requests; try again in a minute.',
        });
      } else {
        const response = await route.fetch();
        sent.push({ key, answered: String(response.status()) });
        await route.fulfill({ response });
      }
    });
    await page.goto(`${flow.url}/dashboard/transactions/${reference}`);
    await page.locator('#api-key').fill(flow.apiKey);
    await page.locator('#api-key').press('Enter');
    await page.locator('#transaction-title').waitFor();

    await page.locator('#transaction-actions button[data-action="refund"]').click();
    await page.locator('#confirm[open]').waitFor();
    await page.locator('#confirm-amount').fill('0.50');

    await page.locator('#confirm-ok').click();
    await page
      .locator('#confirm-error')
      .getByText(/may have been carried out/)
      .waitFor();
    await page.locator('#confirm-ok').click();
    await page
      .locator('#confirm-error')
      .getByText(/429|not done/)
      .waitFor();
    const said = await page.locator('#confirm-error').textContent();
    await page.locator('#confirm-ok').click();
    await page
      .locator('#confirm[open]')
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const operations = (await flow.api(`/api/transactions/${reference}`)).body.operations as Array<{
      type?: string;
      amount: number;
      status: string;
    }>;
    const refunds = operations.filter((op) => op.amount === 50 && op.status !== 'failed');
    assert.equal(
      refunds.length,
      1,
      `one refund of 0.50 was confirmed; made: ${JSON.stringify(operations)}; requests: ${JSON.stringify(sent)}; after the 429 the dialog said ${JSON.stringify(said)}`,
    );
    await page.context().close();
  });
});
