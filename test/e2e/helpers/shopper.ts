/** What a shopper does on the demo shop and the sandbox's hosted payment page. */
import type { Page } from 'playwright-core';

export const CARDS = {
  visa: '4111111111111111',
  refused: '4000000000000200',
  challenge: '4000000000000002',
} as const;

export function widget(page: Page, product: string) {
  return page.locator(`li[data-product="${product}"] ogone-checkout`);
}

/** Opens the shop and waits for the product's button to be ready (the session loaded). */
export async function openShop(page: Page, url: string, product = 'espresso') {
  await page.goto(`${url}/`);
  await widget(page, product).locator('button[part="button"]').waitFor();
  await page.waitForFunction((p) => {
    const root = document.querySelector(`li[data-product="${p}"] ogone-checkout`)?.shadowRoot;
    const button = root?.querySelector('button[part="button"]');
    return button !== null && button !== undefined && button.getAttribute('aria-busy') === 'false';
  }, product);
}

/** Clicks pay and waits for the sandbox's card page. */
export async function payOnShop(page: Page, product = 'espresso', options: { saveCard?: boolean } = {}) {
  if (options.saveCard) await widget(page, product).locator('input[part="checkbox"]').check();
  await Promise.all([page.waitForURL(/\/ncol\/test\//), widget(page, product).locator('button[part="button"]').click()]);
}

/** Fills the hosted page through its autocomplete fields, then Pay (or Cancel). */
export async function fillCard(page: Page, cardNumber: string, options: { action?: 'pay' | 'cancel'; name?: string } = {}) {
  await page.locator('input[autocomplete="cc-number"]').fill(cardNumber);
  await page.locator('input[autocomplete="cc-exp"]').fill('12/30');
  await page.locator('input[autocomplete="cc-csc"]').fill('123');
  if (options.name) await page.locator('input[autocomplete="cc-name"]').fill(options.name);
  await page.locator(`button[name="ACTION"][value="${options.action ?? 'pay'}"]`).click();
}

/** Back on the shop: the result banner. */
export async function shopResult(page: Page): Promise<{ state: string; text: string; reference: string }> {
  const result = page.locator('#result');
  await result.waitFor();
  return {
    state: (await result.getAttribute('data-state')) ?? '',
    reference: (await result.getAttribute('data-reference')) ?? '',
    text: (await result.textContent()) ?? '',
  };
}
