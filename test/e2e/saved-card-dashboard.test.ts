/**
 * The returning customer and the merchant: save a card on the hosted page, pay with it on the
 * next visit (DirectLink + ALIAS, no card page), then the merchant dashboard — sign-in with the
 * demo key, transactions with state / amount / brand / card / NCERROR, the chart, webhook
 * deliveries, and a refund from the dashboard.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { SQLITE_FILE_NAME } from '../../server/db/connect.ts';
import { axeViolations } from './helpers/axe.ts';
import { launchChromium, newPage, pageErrors } from './helpers/browser.ts';
import { DEMO_WAIT, startDemoWith, type DemoProcess } from './helpers/demo-process.ts';
import { defined, eventually } from '../support/waiting.ts';
import { CARDS, fillCard, openShop, payOnShop, shopResult, widget } from './helpers/shopper.ts';

describe('saved card and merchant dashboard in Chromium', () => {
  let demo: DemoProcess;
  let browser: Browser;
  const references: Record<string, string> = {};

  before(async () => {
    // Refunds settle as in production: the DirectLink answer says 81, the reconciler's query
    // later says 8 ("HTTP request for status changes" is off, as doctor recommends). Here it
    // queries every second, and any payment not final yet.
    [demo, browser] = await startDemoWith(launchChromium, { RECONCILE_INTERVAL_SECONDS: '1', RECONCILE_AFTER_SECONDS: '0' });
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('saves the card on the first payment and pays with it on the next visit', async () => {
    const page = await newPage(browser);
    await openShop(page, demo.url);
    assert.equal(await widget(page, 'espresso').locator('[part="saved-card"]').count(), 0, 'no saved card yet');
    await payOnShop(page, 'espresso', { saveCard: true });
    assert.equal(await page.locator('#ALIAS_STORE').isChecked(), true, 'the hosted page asks for consent, ticked');
    await fillCard(page, CARDS.visa);
    await page.waitForURL(/\/\?reference=/);
    const first = await shopResult(page);
    assert.equal(first.state, 'captured', first.text);
    references.first = first.reference;
    await page.locator('#webhooks li[data-type="alias.created"]').waitFor();

    const aliases = await demo.api<{ data: Array<{ last4: string; brand: string }> }>('/api/customers/demo-customer/aliases');
    assert.equal(aliases.status, 200);
    assert.deepEqual(
      aliases.body.data.map((a) => [a.brand, a.last4]),
      [['VISA', '1111']],
    );

    // Next visit: the saved card is offered in every product's button; the shopper chooses it
    // (nothing is preselected, issue 16).
    await openShop(page, demo.url, 'carnet');
    const saved = widget(page, 'carnet').locator('[part="saved-card"]').first();
    await saved.waitFor();
    // The carnet's page is in French (lang="fr").
    assert.match((await saved.textContent()) ?? '', /VISA •••• 1111, expire 12\/30/);
    await saved.locator('input').check();
    await widget(page, 'carnet').locator('button[part="button"]').click();
    await page.waitForURL(/\/\?reference=/);
    const second = await shopResult(page);
    assert.equal(second.state, 'captured', second.text);
    assert.notEqual(second.reference, first.reference);
    references.saved = second.reference;
    // Paid through DirectLink with the alias (no card page), for this product's amount.
    const transaction = await demo.api<{
      amount: number;
      brand: string;
      customerId: string;
      feedback: Array<{ channel: string; params: Record<string, string> }>;
    }>(`/api/transactions/${second.reference}`);
    assert.equal(transaction.body.amount, 2450);
    assert.equal(transaction.body.brand, 'VISA');
    assert.equal(transaction.body.customerId, 'demo-customer');
    assert.ok(
      transaction.body.feedback.some((f) => f.params.ALIAS?.startsWith('OC-')),
      'charged with the saved alias',
    );
    assert.deepEqual(pageErrors(page), []);
    await page.context().close();
  });

  it('a declined payment for the dashboard to explain', async () => {
    // One try on the card page: the first refusal is final (sandbox control API).
    assert.equal((await demo.sandbox('/sandbox/settings', { paymentTries: 1 })).status, 200);
    const page = await newPage(browser);
    await openShop(page, demo.url, 'aceite');
    // Pay with a new card rather than the saved one.
    await widget(page, 'aceite').locator('[part="saved-card"]').last().locator('input').check();
    await payOnShop(page, 'aceite');
    await fillCard(page, CARDS.refused);
    await page.waitForURL(/\/\?reference=/);
    const result = await shopResult(page);
    assert.equal(result.state, 'declined');
    references.declined = result.reference;
    await page.context().close();
    await demo.sandbox('/sandbox/settings', { paymentTries: 10 });
  });

  it('dashboard: sign-in, transactions, NCERROR explained, chart, webhook deliveries, refund', async () => {
    const page = await newPage(browser);
    await page.goto(`${demo.url}/dashboard`);
    await page.locator('#api-key').fill('sk_sandbox_not-the-right-key-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('This API key is not valid.').waitFor();

    await page.locator('#api-key').fill(demo.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const row = (reference: string) => page.locator(`#transactions tr[data-reference="${reference}"]`);
    await row(references.first!).waitFor();

    const captured = row(references.first!);
    assert.equal(await captured.getAttribute('data-state'), 'captured');
    const cell = (label: string) => captured.locator(`td[data-label="${label}"]`).textContent();
    assert.equal(await cell('Amount'), '€19.99');
    assert.equal(await cell('Card'), 'VISA •••• 1111');
    const declined = await row(references.declined!).locator('td.ncerror').textContent();
    assert.match(declined ?? '', /30001001.*refused/i);
    assert.equal(await row(references.saved!).getAttribute('data-state'), 'captured');

    // The summary (counted by the database) has every transaction of today, by state.
    const { body } = await demo.api<{ data: Array<{ state: string }> }>(
      '/api/transactions?limit=100&includeDrafts=true&includeExpired=true',
    );
    // Loaded by a request of its own, which may answer after the list's.
    await page.locator('#summary-facts li[data-state]').first().waitFor();
    const counted = await page
      .locator('#summary-facts li[data-state]')
      .evaluateAll((items) => items.map((li) => [li.getAttribute('data-state'), Number(li.textContent?.match(/\d+$/)?.[0])] as const));
    const expected: Record<string, number> = {};
    for (const t of body.data) expected[t.state] = (expected[t.state] ?? 0) + 1;
    assert.deepEqual(Object.fromEntries(counted), expected);
    assert.ok((await page.locator('#chart rect.bar[data-state="captured"]').count()) > 0, 'a bar of captured payments');

    // Webhook deliveries with their attempts.
    await page.locator('#events tr[data-type="alias.created"]').first().waitFor();
    assert.match((await page.locator('#events tr[data-type="payment.captured"]').first().textContent()) ?? '', /delivered/);

    // Still signed in after a reload (sessionStorage), and the key is not in the page.
    await page.reload();
    await row(references.first!).waitFor();
    assert.doesNotMatch(await page.content(), new RegExp(demo.apiKey));

    // Refund 5.00 of the first payment through the confirmation, then the rest.
    await row(references.first!)
      .getByRole('button', { name: `Refund ${references.first}` })
      .click();
    await page.locator('#confirm-amount').fill('5.00');
    await page.locator('#confirm-ok').click();
    await page.locator('#confirm').waitFor({ state: 'hidden' });
    assert.match((await page.locator('#notice').textContent()) ?? '', new RegExp(`€5\\.00.*${references.first}`));
    await eventually(
      async () => {
        await page.locator('#refresh').click();
        return (await row(references.first!).getAttribute('data-state')) === 'partially_refunded' ? true : undefined;
      },
      defined,
      'partial refund',
      DEMO_WAIT,
    );
    assert.deepEqual(await axeViolations(page), [], 'the dashboard (every state badge on screen) is accessible');
    await row(references.first!)
      .getByRole('button', { name: `Refund ${references.first}` })
      .click();
    assert.match((await page.locator('#confirm-hint').textContent()) ?? '', /At most €14\.99/);
    await page.getByRole('button', { name: 'Everything left' }).click();
    await page.locator('#confirm-ok').click();
    await page.locator('#confirm').waitFor({ state: 'hidden' });
    await eventually(
      async () => {
        await page.locator('#refresh').click();
        return (await row(references.first!).getAttribute('data-state')) === 'refunded' ? true : undefined;
      },
      defined,
      'full refund',
      DEMO_WAIT,
    );
    const transaction = await demo.api<{ state: string; refundedAmount: number }>(`/api/transactions/${references.first}`);
    assert.deepEqual([transaction.body.state, transaction.body.refundedAmount], ['refunded', 1999]);
    await eventually(
      async () => {
        const { body } = await demo.sandbox<{ events: Array<{ type: string; reference: string | null }> }>('/demo/events');
        return body.events.some((e) => e.type === 'payment.refunded' && e.reference === references.first) ? true : undefined;
      },
      defined,
      'refund webhook',
      DEMO_WAIT,
    );
    // A payment the reconciler gave up on (past RECONCILE_MAX_AGE_DAYS) is flagged on its row. The
    // flag is set in the demo's own database file, as the reconciler would set it.
    const database = new Database(path.join(demo.dataDir, SQLITE_FILE_NAME));
    try {
      database.pragma('busy_timeout = 5000');
      database.prepare('UPDATE transactions SET needs_attention = 1 WHERE reference = ?').run(references.declined);
    } finally {
      database.close();
    }
    await page.locator('#refresh').click();
    await row(references.declined!).locator('[data-flag="needs-attention"]').waitFor();
    assert.equal(await row(references.first!).locator('[data-flag="needs-attention"]').count(), 0);

    // The only failed request: the wrong key above.
    assert.deepEqual(
      pageErrors(page).filter((e) => !e.startsWith('401 ')),
      [],
    );
    await page.context().close();
  });
});
