/**
 * A merchant's session description (COM) or a customer's street (OWNERADDRESS) holding a line
 * break, posted as the widget posts the signed fields: through a real HTML form in Chromium
 * (widget/ogone-checkout/ogone-checkout.ts #post: hidden inputs, form.submit()). Browsers turn
 * every LF or lone CR of a form value into CRLF, and the platform recomposes SHA-IN from the values
 * it receives ([ADV] §11.1: "If the result is not identical, the order will be declined"): a value
 * signed with a bare LF made the shopper's payment impossible. Line breaks are now sent as a space
 * (server/payments/hosted-page.ts ogoneText), so what arrives is what was signed.
 *
 * Also checks, as a control, that '&', '=', '"', '<' and non-Latin-1 text survive the same trip.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { Hono } from 'hono';
import { useTestApp } from '../support/app.ts';
import { TEST_ENV } from '../support/accounts.ts';
import { listen, closeServer, type Listening } from '../support/listen.ts';
import { launchChromium } from './helpers/browser.ts';
import { shaSign } from '../../server/ogone/sha.ts';
import type { AttemptResult } from '../../shared/schemas/api.ts';

type Redirect = Extract<AttemptResult, { kind: 'redirect' }>;

describe('signed form posted by a real browser', () => {
  let capture: Listening;
  let browser: Browser;
  const received: string[] = [];

  after(async () => {
    await browser?.close();
    if (capture) await closeServer(capture.server);
  });
  const t = useTestApp('sqlite');
  before(async () => {
    const app = new Hono();
    app.get('/', (c) => c.html('<!doctype html><meta charset="utf-8"><title>shop</title><body></body>'));
    app.post('/ncol/test/orderstandard_utf8.asp', async (c) => {
      received.push(await c.req.text());
      return c.html('<!doctype html><title>ok</title>');
    });
    capture = await listen(app.fetch);
    browser = await launchChromium();
  });

  async function attemptFor(session: Record<string, unknown>): Promise<Redirect> {
    const created = await t.api('/api/checkout-sessions', { method: 'POST', json: session });
    assert.equal(created.status, 201, await created.clone().text());
    const { id } = (await created.json()) as { id: string };
    const response = await t.app.request(`/checkout/sessions/${id}/attempts`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(response.status, 201, await response.clone().text());
    return (await response.json()) as Redirect;
  }

  /** Posts `fields` exactly as the widget's #post does, returns the body the browser sent. */
  async function postLikeTheWidget(fields: Record<string, string>): Promise<URLSearchParams> {
    const page = await browser.newPage();
    await page.goto(`${capture.url}/`);
    const before = received.length;
    await Promise.all([
      page.waitForURL(/orderstandard_utf8\.asp$/),
      page.evaluate(
        ({ action, fields }) => {
          const form = Object.assign(document.createElement('form'), { method: 'post', action, acceptCharset: 'UTF-8', hidden: true });
          for (const [name, value] of Object.entries(fields))
            form.append(Object.assign(document.createElement('input'), { type: 'hidden', name, value }));
          document.body.append(form);
          form.submit();
        },
        { action: `${capture.url}/ncol/test/orderstandard_utf8.asp`, fields },
      ),
    ]);
    await page.close();
    assert.equal(received.length, before + 1);
    return new URLSearchParams(received.at(-1)!);
  }

  const recompute = (posted: URLSearchParams) =>
    shaSign(Object.fromEntries(posted), { passphrase: TEST_ENV.OGONE_SHA_IN, algorithm: 'sha512', direction: 'in' });

  it('control: & = " < and non-Latin-1 values arrive exactly as signed', async () => {
    const attempt = await attemptFor({
      amount: 1999,
      currency: 'EUR',
      description: 'Tom & Jerry = "best" <b> — Łódź 東京 😀',
      customer: { id: 'c-ctl', name: "Zoë O'Brien & Søn", address: { line1: 'a=b&c=d', town: 'São Paulo' } },
    });
    const posted = await postLikeTheWidget(attempt.fields);
    for (const [name, value] of Object.entries(attempt.fields)) assert.equal(posted.get(name), value, name);
    assert.equal(recompute(posted), attempt.fields.SHASIGN);
  });

  it('a line break in COM: the browser posts the value that was signed', async () => {
    const attempt = await attemptFor({ amount: 1999, currency: 'EUR', description: 'Order 42\nGift wrap', customer: { id: 'c-nl' } });
    assert.equal(attempt.fields.COM, 'Order 42 Gift wrap', 'the line break sent as a space');
    const posted = await postLikeTheWidget(attempt.fields);
    assert.equal(posted.get('COM'), attempt.fields.COM);
  });

  it('a line break in COM: the SHASIGN matches what the platform receives', async () => {
    const attempt = await attemptFor({ amount: 1999, currency: 'EUR', description: 'Order 43\nGift wrap', customer: { id: 'c-nl2' } });
    const posted = await postLikeTheWidget(attempt.fields);
    // What Ogone recomposes from the received parameters (ADV §11.1) must equal the SHASIGN sent.
    assert.equal(recompute(posted), posted.get('SHASIGN'));
  });

  it('a line break in the customer address (OWNERADDRESS): the SHASIGN matches what is received', async () => {
    const attempt = await attemptFor({
      amount: 1999,
      currency: 'EUR',
      customer: { id: 'c-addr', address: { line1: '12 rue de la Paix\nBât. B', town: 'Paris', country: 'FR' } },
    });
    const posted = await postLikeTheWidget(attempt.fields);
    assert.equal(recompute(posted), posted.get('SHASIGN'));
  });
});
