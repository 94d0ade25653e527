/**
 * The API password (PSWD) echoed back by the platform never reaches an HTTP answer, an error or a
 * log. Before, DirectLink text was scrubbed without the secrets, or in a form the secret no longer
 * matched:
 * 1. A well-formed ncresponse whose NCERRORPLUS echoes the password verbatim: refusalMessage() and
 *    assertAccepted() called `scrub(ncErrorPlus, [])`, so only `PSWD=` fields and PAN shapes went;
 *    the password itself went into the 502 answer of POST /api/transactions/:ref/sync. The client
 *    now cleans every answer's text of its secrets as it reads it.
 * 2. An HTTP 500 HTML error page echoing the form HTML-escaped: `&` in the password becomes
 *    `&amp;`, so neither the verbatim nor the URL-encoded form matched, and the `PSWD=` field
 *    pattern stops at the first `&`: the rest of the password was in the error message.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerConfig } from '../../server/config/env.ts';
import { createDirectLinkClient, assertAccepted } from '../../server/directlink/client.ts';
import { DirectLinkError } from '../../server/directlink/errors.ts';
import { TEST_ENV, DIRECTLINK_SECRETS, providerConfig } from '../support/accounts.ts';
import { newHostedAttempt, useTestApp } from '../support/app.ts';
import { startFakePlatform, xml as ncXml, REJECTED_ATTRIBUTES, type FakePlatform } from '../server/directlink/helpers.ts';

function xmlAnswer(attributes: Record<string, string>): string {
  const attrs = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
    .join('');
  return `<?xml version="1.0"?>\n<ncresponse${attrs}>\n</ncresponse>`;
}

describe('PSWD echoed by the platform', () => {
  let platform: FakePlatform | undefined;

  const config = parseServerConfig({ ...TEST_ENV });
  // The platform refuses the query (wrong API password) and its free text repeats what it got.
  const fakeFetch: typeof fetch = async (_input, init) => {
    const form = new URLSearchParams(String(init?.body ?? ''));
    return new Response(
      xmlAnswer({
        orderID: form.get('ORDERID') ?? '',
        PAYID: '0',
        NCSTATUS: '5',
        NCERROR: '50001119',
        NCERRORPLUS: `Authentication failed for USERID ${form.get('USERID')} with password ${form.get('PSWD')}`,
        STATUS: '88',
      }),
      { status: 200, headers: { 'content-type': 'text/xml' } },
    );
  };
  const t = useTestApp('sqlite', {
    deps: { directLink: createDirectLinkClient({ config: { ...config.provider }, fetch: fakeFetch }) },
  });
  after(async () => {
    await platform?.close();
  });

  it('a refused sync answers without the API password (NCERRORPLUS is scrubbed with no secrets)', async () => {
    const reference = await newHostedAttempt(t, { amount: 1000, currency: 'EUR' }, { saveCard: false });
    const response = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    const body = await response.text();
    assert.ok(response.status >= 400, `the sync is refused (${response.status})`);
    const logs = t.logs.join('\n');
    assert.equal(body.includes(TEST_ENV.OGONE_PASSWORD), false, `the HTTP response shows OGONE_PASSWORD: ${body}`);
    assert.equal(logs.includes(TEST_ENV.OGONE_PASSWORD), false, 'a log line shows OGONE_PASSWORD');
  });

  it('assertAccepted() keeps a password echoed in NCERRORPLUS', async () => {
    platform = await startFakePlatform((post) => ({
      body: ncXml({ ...REJECTED_ATTRIBUTES, NCERROR: '50001119', NCERRORPLUS: `bad password ${post.form['PSWD']}` }),
    }));
    const client = createDirectLinkClient({ config: providerConfig(platform.baseUrl), rtimeoutSeconds: false, timeoutMs: 5_000 });
    const result = await client.query({ payId: '3014726' });
    let message = '';
    try {
      assertAccepted(result, 'query');
    } catch (error) {
      assert.ok(error instanceof DirectLinkError);
      message = error.message;
    }
    assert.ok(message, 'refused');
    assert.equal(message.includes(DIRECTLINK_SECRETS.password), false, `assertAccepted's message shows the password: ${message}`);
  });

  it('an HTTP 500 HTML page echoing the form HTML-escaped does not reveal the password', async () => {
    await platform?.close();
    // What an ASP/IIS error page does: the decoded form, HTML-escaped.
    platform = await startFakePlatform((post) => ({
      status: 500,
      headers: { 'content-type': 'text/html' },
      body: `<html><body><h1>Server error</h1><p>Request: ${Object.entries(post.form)
        .map(([k, v]) => `${k}=${v}`)
        .join('&')
        .replace(/&/g, '&amp;')}</p></body></html>`,
    }));
    const client = createDirectLinkClient({ config: providerConfig(platform.baseUrl), rtimeoutSeconds: false, timeoutMs: 5_000 });
    const error = await client.query({ payId: '3014726' }).then(
      () => assert.fail('the call should fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof DirectLinkError);
    // 'Api-Pa$$w0rd&Secret=42': the part after the '&' is what survives scrubbing.
    const tail = DIRECTLINK_SECRETS.password.slice(DIRECTLINK_SECRETS.password.indexOf('&') + 1);
    assert.equal(error.message.includes(tail), false, `the error message shows the end of the password ("${tail}"): ${error.message}`);
  });
});
