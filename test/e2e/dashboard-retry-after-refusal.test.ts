/**
 * A refund the platform refused, confirmed again in the dashboard's dialog, is a new request.
 *
 * README, Merchant API, Idempotency-Key: a capture, refund or cancel "refused by the platform ...
 * answers 422 `refused_by_platform` to the same key (send a new request with a new key)". The
 * dashboard's dialog keeps one key per amount for as long as it is open (client/dialog.ts: "a
 * retry after a failure sends the same Idempotency-Key") — also after a refusal, which it shows as
 * "Refund not done: …", the confirm button still offered. The operator who confirms again (the
 * platform's refusal was passing: here a wrong API password, fixed meanwhile) sends the same key,
 * and the server replayed the refusal: the refund could never be made from that dialog (review
 * r1190). After an answered refusal the dialog now uses a new key.
 *
 * Real server (startServer, sandbox), real DirectLink refusal (the API password sent wrong once),
 * the dashboard in Chromium.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium, newPage } from './helpers/browser.ts';
import { DESKTOP } from './helpers/dashboard.ts';
import { type FlowServer, paySession, startFlowServer, wrongPasswordFetch } from '../flows/helpers.ts';

describe('the dashboard retrying a refund the platform refused (sqlite)', { timeout: 90_000 }, () => {
  let flow: FlowServer;
  let browser: Browser;
  let breakPassword = false;
  let reference = '';

  before(async () => {
    flow = await startFlowServer('sqlite', { directLink: { fetch: wrongPasswordFetch(() => breakPassword) } });
    browser = await launchChromium();
    reference = await paySession(flow, 'cust-r1190-refund', '4111111111111111', false);
    const deadline = Date.now() + 15_000;
    while ((await flow.api(`/api/transactions/${reference}`)).body.state !== 'captured' && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
  });
  after(async () => {
    await browser?.close();
    await flow?.close();
  });

  it('a second confirmation after "not done" asks the platform again, and the refund is made', async () => {
    const page = await newPage(browser);
    await page.setViewportSize(DESKTOP);
    const answers: Array<{ key: string; status: number }> = [];
    page.on('response', (response) => {
      const request = response.request();
      if (request.method() === 'POST' && request.url().endsWith(`/api/transactions/${reference}/refund`))
        answers.push({ key: request.headers()['idempotency-key'] ?? '', status: response.status() });
    });
    await page.goto(`${flow.url}/dashboard/transactions/${reference}`);
    await page.locator('#api-key').fill(flow.apiKey);
    await page.locator('#api-key').press('Enter');
    await page.locator('#transaction-title').waitFor();

    await page.locator('#transaction-actions button[data-action="refund"]').click();
    await page.locator('#confirm[open]').waitFor();
    await page.locator('#confirm-amount').fill('0.50');

    breakPassword = true; // the platform refuses this one
    await page.locator('#confirm-ok').click();
    await page
      .locator('#confirm-error')
      .getByText(/not done/)
      .waitFor();
    assert.equal(answers[0]?.status, 422, JSON.stringify(answers));
    breakPassword = false; // fixed: the platform would take the refund now

    await page.locator('#confirm-ok').click();
    await page
      .locator('#confirm[open]')
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => {});
    const operations = (await flow.api(`/api/transactions/${reference}`)).body.operations as Array<{ amount: number; status: string }>;
    assert.ok(
      answers.length === 2 && answers[1]!.key !== answers[0]!.key && [200, 202].includes(answers[1]!.status),
      `the second confirmation is a new request the platform took: answers ${JSON.stringify(answers)}, dialog says ${JSON.stringify(await page.locator('#confirm-error').textContent())}`,
    );
    assert.ok(
      operations.some((op) => op.amount === 50 && op.status !== 'failed'),
      `a refund of 0.50 made or under way: ${JSON.stringify(operations)}`,
    );
    await page.context().close();
  });
});
