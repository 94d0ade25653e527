/**
 * The main path in Firefox ESR too (Debian's, driven by puppeteer-core over WebDriver BiDi;
 * Playwright cannot drive a stock Firefox): the French button, the card page, back to the shop paid.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { puppeteerCore } from '@web/test-runner-chrome';
import { startDemoProcess, type DemoProcess } from './helpers/demo-process.ts';
import { CARDS } from './helpers/shopper.ts';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

describe('demo shop payment in Firefox ESR', { skip: existsSync(FIREFOX) ? false : `${FIREFOX} is not installed` }, () => {
  let demo: DemoProcess;
  let browser: puppeteerCore.Browser;

  before(async () => {
    [demo, browser] = await Promise.all([
      startDemoProcess(),
      puppeteerCore.launch({
        browser: 'firefox',
        executablePath: FIREFOX,
        headless: true,
        extraPrefsFirefox: { 'intl.accept_languages': 'fr-FR, fr' },
      }),
    ]);
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('pays for the French product: "Payer 24,50 €", card page, back to the shop, paid', async () => {
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${demo.url}/`);
    const button = 'li[data-product="carnet"] ogone-checkout >>> button[part="button"]';
    await page.waitForFunction(() => {
      const root = document.querySelector('li[data-product="carnet"] ogone-checkout')?.shadowRoot;
      return root?.querySelector('button[part="button"]')?.getAttribute('aria-busy') === 'false';
    });
    const label = await page.$eval(button, (el) => el.textContent?.replace(/\s+/g, ' ').trim());
    assert.equal(label, 'Payer 24,50 €');

    await Promise.all([page.waitForNavigation(), page.click(button)]);
    assert.match(page.url(), /\/ncol\/test\//);
    await page.type('input[autocomplete="cc-number"]', CARDS.visa);
    await page.type('input[autocomplete="cc-exp"]', '12/30');
    await page.type('input[autocomplete="cc-csc"]', '123');
    await Promise.all([page.waitForNavigation(), page.click('button[name="ACTION"][value="pay"]')]);
    assert.match(page.url(), /\/\?reference=/);
    const state = await page.$eval('#result', (el) => (el as HTMLElement).dataset.state);
    assert.equal(state, 'captured');
    await page.waitForSelector('#webhooks li[data-type="payment.captured"]');
    assert.deepEqual(failed, []);
  });
});
