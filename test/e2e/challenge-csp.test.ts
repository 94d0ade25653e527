/**
 * Our 3-D Secure page in a real Chromium (docs/ogone-protocol.md §12): with the CSP header we
 * send, a realistic 3-D Secure 2 HTML_ANSWER loads its 3DS method iframe from the issuer over
 * https and its inline script auto-submits the form to the issuer's https ACS — no CSP
 * violation. The issuer's host is answered by Playwright's request interception (the browser has
 * already applied the CSP when a request reaches it). A script the answer did not carry is
 * still blocked, so the policy is in force.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { challengeCsp, challengeDocument } from '../../server/aliases/challenge-page.ts';
import { listen } from '../support/listen.ts';
import { launchChromium } from './helpers/browser.ts';

const ACS = 'https://acs.issuer-bank.example';
const HTML_ANSWER = `<iframe name="threeDSMethodFrame" src="${ACS}/3ds-method?tx=91f2" width="0" height="0"></iframe>
<form name="downloadform3D" action="${ACS}/challenge/v2?tx=91f2&amp;lang=fr" method="post">
<input type="hidden" name="creq" value="eyJ0aHJlZURTU2VydmVyVHJhbnNJRCI6IjkxZjIifQ">
<noscript><input type="submit" value="Continue"></noscript>
</form>
<script type="text/javascript">setTimeout(function () { document.forms["downloadform3D"].submit(); }, 300);</script>`;

describe('3-D Secure page in Chromium', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;

  before(async () => {
    server = await listen((request) => {
      const url = new URL(request.url);
      const answer = url.pathname === '/tampered' ? `${HTML_ANSWER}<script>document.title = 'injected';</script>` : HTML_ANSWER;
      // The CSP is computed from the platform's answer, the injected script is not part of it.
      return new Response(challengeDocument(answer, 'fr'), {
        headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': challengeCsp(HTML_ANSWER, url.origin) },
      });
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    server?.server.close();
  });

  it("loads the issuer's iframe and posts the form to the https ACS, without a CSP violation", async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const reached: string[] = [];
    await page.route(`${ACS}/**`, async (route) => {
      reached.push(`${route.request().method()} ${new URL(route.request().url()).pathname}`);
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>ACS</title><p>Issuer authentication</p>' });
    });
    await page.goto(`${server.url}/challenge`);
    await page.waitForURL(`${ACS}/challenge/v2?tx=91f2&lang=fr`, { timeout: 10_000 });
    assert.ok(reached.includes('GET /3ds-method'), `iframe: ${JSON.stringify(reached)}`);
    assert.ok(reached.includes('POST /challenge/v2'), `form post: ${JSON.stringify(reached)}`);
    assert.deepEqual(violations, []);
    await page.close();
  });

  it("blocks a script the platform's answer did not carry", async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.route(`${ACS}/**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>ACS</title>' }),
    );
    await page.goto(`${server.url}/tampered`);
    assert.notEqual(await page.title(), 'injected');
    assert.ok(
      violations.some((text) => /script-src/.test(text)),
      JSON.stringify(violations),
    );
    await page.close();
  });
});
