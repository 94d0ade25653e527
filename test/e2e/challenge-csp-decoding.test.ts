/**
 * Review r990 of d43913e. The 3-D Secure page (server/routes/challenge.ts) allows the answer's
 * inline scripts and inline event handlers by SHA-256 hash only (server/aliases/challenge-page.ts,
 * docs/ogone-protocol.md §12). A browser hashes what its HTML parser hands over:
 * - an attribute value after *every* character reference is decoded (WHATWG HTML §13.2.5.72
 *   "Character reference state": named, decimal with leading zeros, hexadecimal), once, left to right;
 * - an unquoted attribute value (§13.2.5.40) is an attribute all the same;
 * - script data with every U+0000 replaced by U+FFFD (§13.2.5.4 "Script data state":
 *   unexpected-null-character).
 * challenge-page.ts decodes only `&amp;` `&quot;` `&#39;` — and `&amp;` first, so `&amp;quot;`
 * is decoded twice — skips unquoted handlers, and hashes script text with its NUL. Each such
 * answer's handler/script is blocked by our own CSP: the auto-post to the issuer never happens and
 * the shopper is left on a page that does nothing (the NOSCRIPT button is not shown, JS is on).
 * PHP's htmlspecialchars(ENT_QUOTES) writes `'` as `&#039;`, Python's html.escape as `&#x27;`.
 *
 * Each case serves exactly what the route serves (challengeDocument under challengeCsp) and opens
 * it in Chromium; the "control" case (`&#39;`, which the code decodes) shows the harness works.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { Hono } from 'hono';
import { chromium, type Browser } from 'playwright-core';
import { challengeCsp, challengeDocument } from '../../server/aliases/challenge-page.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js';
import { closeServer, listen, type Listening } from '../support/listen.ts';

/** An answer whose only way to post its form to the issuer is `trigger` (a handler or a script). */
const form = (name: string) =>
  `<form name="f" action="/acs/${name}" method="post">\r\n<input type="hidden" name="PaReq" value="R990" />\r\n</form>\r\n`;

const CASES: Record<string, string> = {
  // Control: decoded by challenge-page.ts, so the hash matches.
  control: `<body onload="document.forms[&#39;f&#39;].submit()">\r\n${form('control')}`,
  // PHP htmlspecialchars(ENT_QUOTES): the browser reads document.forms['f'].submit()
  'decimal-leading-zero': `<body onload="document.forms[&#039;f&#039;].submit()">\r\n${form('decimal-leading-zero')}`,
  // Python html.escape: the same, in hexadecimal
  hexadecimal: `<body onload="document.forms[&#x27;f&#x27;].submit()">\r\n${form('hexadecimal')}`,
  // A named reference other than &amp; / &quot;: the browser reads `if (0 < 1) …`
  'named-lt': `<body onload="if (0 &lt; 1) document.forms.f.submit()">\r\n${form('named-lt')}`,
  // A newline written as a reference: the browser reads an LF in the handler
  'newline-reference': `<body onload="var a = 1;&#10;document.forms.f.submit()">\r\n${form('newline-reference')}`,
  // &amp;quot; is the text `&quot;` for the browser; decode() turns it into `"`
  'double-decoded': `<body onload="var s = '&amp;quot;'; document.forms.f.submit()">\r\n${form('double-decoded')}`,
  // An unquoted attribute value is an event handler too; HANDLER only matches quoted ones
  'unquoted-handler': `<body onload=document.forms.f.submit()>\r\n${form('unquoted-handler')}`,
  // The tokenizer hands a script's NUL over as U+FFFD: the hash over the raw NUL never matches
  'script-nul': `${form('script-nul')}<script>/*\u0000*/document.forms.f.submit();</script>\r\n`,
};

describe(
  'the challenge page CSP allows what the browser parses out of the answer',
  {
    skip: !existsSync(CHROMIUM_PATH) && 'no chromium',
  },
  () => {
    let browser: Browser;
    let server: Listening;
    const posts = new Map<string, number>();
    before(async () => {
      const app = new Hono();
      app.get('/page/:name', (c) => {
        const answer = CASES[c.req.param('name')]!;
        c.header('Content-Security-Policy', challengeCsp(answer, 'https://ogone.test.v-psp.com'));
        return c.html(challengeDocument(answer, 'en'));
      });
      app.post('/acs/:name', (c) => {
        posts.set(c.req.param('name'), (posts.get(c.req.param('name')) ?? 0) + 1);
        return c.html('<!doctype html><title>ACS</title><p>issuer</p>');
      });
      server = await listen(app.fetch);
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    });
    after(async () => {
      await browser?.close();
      if (server) await closeServer(server.server);
    });

    for (const name of Object.keys(CASES)) {
      it(`${name}: the answer's auto-post reaches the issuer`, async () => {
        const page = await browser.newPage();
        const console: string[] = [];
        page.on('console', (message) => console.push(message.text()));
        await page.goto(`${server.url}/page/${name}`);
        const deadline = Date.now() + 3000;
        while (!posts.get(name) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
        await page.close();
        assert.equal(posts.get(name) ?? 0, 1, `the form was never posted — our CSP blocked the answer's own code: ${console.join(' | ')}`);
      });
    }
  },
);
