/**
 * The CSP of our 3-D Secure page (docs/ogone-protocol.md §12) against a realistic 3-D Secure 2
 * HTML_ANSWER: a hidden 3DS method iframe, an auto-submitting form to the issuer's https ACS
 * started from an inline script and from `<body onload>`. Parsed directive by directive.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { challengeCsp, challengeDocument } from '../../../server/aliases/challenge-page.ts';
import { parseCsp } from '../../support/csp.ts';

const SUBMIT = 'document.forms["downloadform3D"].submit();';
const ONLOAD = 'document.downloadform3D.submit()';
const HTML_ANSWER = `<div onload="${ONLOAD}">
<iframe name="threeDSMethodFrame" src="https://acs.issuer-bank.example/3ds-method?tx=91f2" width="0" height="0" style="display:none"></iframe>
<form name="downloadform3D" action="https://acs.issuer-bank.example/challenge/v2?tx=91f2&amp;lang=fr" method="post" target="_self">
<input type="hidden" name="creq" value="eyJ0aHJlZURTU2VydmVyVHJhbnNJRCI6IjkxZjIifQ">
<noscript><input type="submit" value="Continue"></noscript>
</form>
<script type="text/javascript">${SUBMIT}</script>
</div>`;

const sha = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('3-D Secure page CSP', () => {
  const csp = parseCsp(challengeCsp(HTML_ANSWER, 'https://secure.ogone.com'));

  it('lets forms post to the issuer over https, and to us', () => {
    assert.deepEqual(csp['form-action'], ["'self'", 'https:']);
  });

  it('lets the answer frame the issuer over https (3DS method, challenge iframe)', () => {
    assert.deepEqual(csp['frame-src'], ['https:']);
  });

  it('runs the inline script and the inline handler by their hashes only', () => {
    assert.deepEqual(csp['script-src'], [sha(SUBMIT), "'unsafe-hashes'", sha(ONLOAD)]);
    assert.ok(!csp['script-src']?.includes("'unsafe-inline'"));
  });

  it('allows nothing else: no default, no base, never framed', () => {
    assert.deepEqual(csp['default-src'], ["'none'"]);
    assert.deepEqual(csp['base-uri'], ["'none'"]);
    assert.deepEqual(csp['frame-ancestors'], ["'none'"]);
    assert.equal(csp['connect-src'], undefined);
  });

  it('names plain-http origins only when the answer itself uses them (the local sandbox)', () => {
    const local = parseCsp(
      challengeCsp(
        '<form action="http://127.0.0.1:8787/ncol/test/sandbox_3ds.asp"></form><iframe src="http://127.0.0.1:8787/m"></iframe>',
        'http://127.0.0.1:8787',
      ),
    );
    assert.deepEqual(local['form-action'], ["'self'", 'https:', 'http://127.0.0.1:8787']);
    assert.deepEqual(local['frame-src'], ['https:', 'http://127.0.0.1:8787']);
    assert.deepEqual(local['script-src'], ["'none'"]);
  });

  it('an external script is allowed from the origin the answer names, not from anywhere', () => {
    const external = parseCsp(challengeCsp('<script src="https://secure.ogone.com/ncol/3ds.js"></script>', 'https://secure.ogone.com'));
    assert.deepEqual(external['script-src'], ['https://secure.ogone.com']);
  });

  it('keeps the answer as sent inside the document', () => {
    assert.ok(challengeDocument(HTML_ANSWER, 'fr').includes(HTML_ANSWER));
  });
});
