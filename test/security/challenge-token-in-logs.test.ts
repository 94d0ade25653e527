/**
 * The 3-D Secure challenge's URL is a bearer: `/payment/challenge/<token>` opens the shopper's
 * pending challenge page, the issuer's form (server/routes/challenge.ts). The request log wrote
 * every path as it came, so anyone reading the logs could open it (review r1370). The log line now
 * says the route's pattern, never the token. README "Security model": logs hold no secret.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newHostedAttempt, useTestApp } from '../support/app.ts';

const TOKEN = 'chl_Secret-Token-9f83b2';

describe('the request log of a challenge page', () => {
  const t = useTestApp('sqlite');

  it('names the route, never the token', async () => {
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' });
    await t.repository.saveChallenge({ token: TOKEN, reference, html: '<form action="https://acs.example/"></form>' });
    const before = t.logs.length;
    const response = await t.app.request(`/payment/challenge/${TOKEN}`);
    // Its payment is not waiting on it (a draft): the page leads to the status page.
    assert.equal(response.status, 303, await response.text());
    const lines = t.logs.slice(before);
    const requestLine = lines.map((line) => JSON.parse(line) as { msg?: string; path?: string }).find((line) => line.msg === 'request');
    assert.equal(requestLine?.path, '/payment/challenge/:token', lines.join('\n'));
    assert.deepEqual(
      lines.filter((line) => line.includes(TOKEN)),
      [],
    );
  });

  it('other paths are logged as they came', async () => {
    const before = t.logs.length;
    await t.app.request('/healthz');
    const paths = t.logs.slice(before).map((line) => (JSON.parse(line) as { path?: string }).path);
    assert.ok(paths.includes('/healthz'), paths.join(', '));
  });
});
