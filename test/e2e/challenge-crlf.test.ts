/**
 * Review r980. The 3-D Secure page of a saved-card payment (server/routes/challenge.ts,
 * server/aliases/challenge-page.ts) allows the HTML_ANSWER's inline scripts by their SHA-256
 * hashes only (docs/ogone-protocol.md §12: "`script-src` with the SHA-256 hash of each inline
 * script … never 'unsafe-inline'"). The hash is taken over the script text exactly as the platform
 * sent it. A browser hashes the script element's text after the HTML parser has normalised its
 * newlines (WHATWG HTML, "preprocessing the input stream": every CR LF pair and every lone CR becomes
 * LF). The platform's HTML_ANSWER is a Windows page whose lines end in CR LF — Ingenico's own
 * module's captured answer decodes to `…<SCRIPT LANGUAGE="Javascript" …>\r\nvar popupWin;\r\n…
 * self.document.forms.downloadform3D.submit();\r\n…</SCRIPT>` (netresearch Magento "ops" test
 * fixture, base64 full of `DQo` = CR LF). Its hash never matches: the browser refuses the script, the
 * auto-post to the issuer never happens, the shopper sits on a blank page (JavaScript is on, so the
 * NOSCRIPT button is not shown) and the saved-card payment can never be authenticated.
 *
 * The sandbox's own HTML_ANSWER uses LF only, so the flow tests pass; this test feeds the app an
 * answer shaped like the platform's (CR LF) through a fake platform and opens our page in Chromium.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { Hono } from 'hono';
import { chromium, type Browser } from 'playwright-core';
import { challengeCsp } from '../../server/aliases/challenge-page.ts';
import { parseServerConfig } from '../../server/config/env.ts';
import { createDirectLinkClient } from '../../server/directlink/client.ts';
import { platformAnswer } from '../server/feedback/fake-platform.ts';
import { xml } from '../server/directlink/helpers.ts';
import { TEST_ENV } from '../support/accounts.ts';
import { paidWithSavedCard, useTestApp } from '../support/app.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js';
import { closeServer, listen, type Listening } from '../support/listen.ts';
import { parseCsp } from '../support/csp.ts';

const hashOf = async (text: string) => `'sha256-${(await import('node:crypto')).createHash('sha256').update(text).digest('base64')}'`;

/** An auto-posting 3-D Secure answer in the platform's shape, lines ending in CR LF. */
function platformLikeAnswer(acs: string): string {
  return [
    `<form name="downloadform3D" action="${acs}" method="post">`,
    '<NOSCRIPT>',
    'JavaScript is currently disabled. Please click on the &quot;Continue&quot; button.<br>',
    '<input type="submit" value="Continue" id="submit1" name="submit1" />',
    '</NOSCRIPT>',
    '<input type="hidden" name="PaReq" value="R980" />',
    '<input type="hidden" name="MD" value="R980-MD" />',
    '</form>',
    '<SCRIPT LANGUAGE="Javascript">',
    'var submitted = 0;',
    'self.document.forms.downloadform3D.submit();',
    '</SCRIPT>',
    '',
  ].join('\r\n');
}

describe("a 3-D Secure HTML_ANSWER whose lines end in CR LF (the platform's pages)", () => {
  let acs: Listening;
  let acsPosts = 0;
  let html = '';
  const config = parseServerConfig({ ...TEST_ENV });
  // The platform's 46: its HTML_ANSWER base64, as DirectLink sends it (DirectLink 3-D guide).
  const platform: typeof fetch = async (input, init) => {
    if (!String(input).includes('orderdirect')) throw new Error(`unexpected call ${String(input)}`);
    const form = Object.fromEntries(new URLSearchParams(String(init?.body ?? '')));
    const attributes = platformAnswer({
      orderID: form.ORDERID!,
      PAYID: '8000001',
      STATUS: '46',
      amount: '19.99',
      PM: 'CreditCard',
      BRAND: 'VISA',
    });
    const child = `<HTML_ANSWER>${Buffer.from(html, 'utf8').toString('base64')}</HTML_ANSWER>`;
    return new Response(xml(attributes, child), { status: 200, headers: { 'content-type': 'text/xml' } });
  };
  const t = useTestApp('sqlite', {
    deps: { directLink: createDirectLinkClient({ config: { ...config.provider }, fetch: platform }) },
  });

  it('the CSP hash covers the inline script as the browser reads it (newlines normalised)', async () => {
    const answer = platformLikeAnswer('https://acs.example.com/3ds');
    const script = /<SCRIPT[^>]*>([\s\S]*?)<\/SCRIPT>/i.exec(answer)![1]!;
    const csp = parseCsp(challengeCsp(answer, 'https://ogone.test.v-psp.com'));
    const asParsed = await hashOf(script.replace(/\r\n?/g, '\n'));
    assert.ok(
      csp['script-src']?.includes(asParsed),
      `script-src ${csp['script-src']?.join(' ')} lacks ${asParsed}, the hash of the script as the browser's parser hands it over (CR LF → LF): the auto-post is blocked`,
    );
  });

  describe('in Chromium', { skip: !existsSync(CHROMIUM_PATH) && 'no chromium' }, () => {
    let browser: Browser;
    let ours: Listening;
    before(async () => {
      const app = new Hono();
      app.post('/acs', (c) => {
        acsPosts++;
        return c.html('<!doctype html><title>ACS</title><p>issuer</p>');
      });
      acs = await listen(app.fetch);
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    });
    after(async () => {
      await browser?.close();
      if (ours) await closeServer(ours.server);
      if (acs) await closeServer(acs.server);
    });

    it("our challenge page auto-posts the platform's form to the issuer", async () => {
      html = platformLikeAnswer(`${acs.url}/acs`);
      const customer = { id: 'cust-r980-crlf' };
      const { card } = await paidWithSavedCard(t, customer.id);
      const session = (await (
        await t.api('/api/checkout-sessions', { method: 'POST', json: { amount: 1999, currency: 'EUR', customer } })
      ).json()) as { id: string };
      // The fake platform's 46 answer carries our HTML_ANSWER (base64, as the platform sends it).
      const reference = (await (
        await t.app.request(`/checkout/sessions/${session.id}/attempts`, {
          method: 'POST',
          body: JSON.stringify({ aliasId: card.id }),
          headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 R980' },
        })
      ).json()) as { kind: string; url?: string; reference: string };
      assert.equal(reference.kind, 'challenge', JSON.stringify(reference));
      ours = await listen((request) => t.app.fetch(request));
      const page = await browser.newPage();
      const blocked: string[] = [];
      page.on('console', (message) => blocked.push(message.text()));
      await page.goto(`${ours.url}${new URL(reference.url!).pathname}`);
      const deadline = Date.now() + 5000;
      while (acsPosts === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      await page.close();
      assert.equal(acsPosts, 1, `the issuer never received the auto-post: ${blocked.join(' | ')}`);
    });
  });
});
