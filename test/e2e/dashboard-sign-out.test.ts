/**
 * "Sign out" of the dashboard leaves no customer's data in the page (review r1190).
 *
 * The dashboard holds nothing until a key is typed (README: "`/dashboard/transactions/:reference`
 * (one page with no data until a key is typed)"; server/dashboard/routes.ts: "everything shown is
 * behind the key"). Signing out forgot the key (client/main.ts signOut) but only hid the
 * regions: the payment just viewed — the shopper's name and e-mail, the card, the feedback's
 * parameters, the webhook payloads — and the whole transaction list stayed in the document, one
 * devtools, "view generated source" or a script away, on the shared back-office PC where the
 * operator signed out precisely so the next person could not read them. The page is now loaded
 * again, empty.
 *
 * The demo process (`npm start`) and Chromium.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium, newPage } from './helpers/browser.ts';
import { DESKTOP, paidPayment, signIn, transactionWhen } from './helpers/dashboard.ts';
import { startDemoWith, type DemoProcess } from './helpers/demo-process.ts';

const EMAIL = 'r1190.private.shopper@example.com';
const NAME = 'Zoë R1190-Private';

describe('signing out of the dashboard', () => {
  let demo: DemoProcess;
  let browser: Browser;
  let reference = '';

  before(async () => {
    [demo, browser] = await startDemoWith(launchChromium);
    reference = await paidPayment(demo, { amount: 1999, customer: { id: 'cust-r1190-private', email: EMAIL, name: NAME } });
    await transactionWhen<{ state: string }>(demo, reference, (t) => t.state === 'captured', 'captured');
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it("leaves no customer's data in the page", async () => {
    const page = await newPage(browser);
    await page.setViewportSize(DESKTOP);
    await signIn(page, demo, `/dashboard/transactions/${reference}`);
    await page.locator('#transaction-title').waitFor();
    assert.ok((await page.content()).includes(EMAIL), 'precondition: the payment page shows the e-mail');

    await page.locator('#sign-out').click();
    await page.locator('#login:not([hidden])').waitFor();
    const html = await page.content();
    const left = [EMAIL, NAME, reference].filter((text) => html.includes(text));
    assert.deepEqual(
      left,
      [],
      `after "Sign out" the document still holds ${JSON.stringify(left)} (title ${JSON.stringify(await page.title())})`,
    );
    await page.context().close();
  });
});
