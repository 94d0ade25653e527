/**
 * The dashboard's sign-in form never sends the merchant API key in a URL. Submitted natively —
 * Enter pressed before the deferred module attached its submit listener, a slow or failed
 * /dashboard/dashboard.js, a blocked script — a GET form with a named key field navigated to
 * `/dashboard?apiKey=<merchant key>`: the secret sat in the address bar, the history and every
 * reverse proxy's access log, and the CSP's `form-action 'self'` allows that submission. The key
 * field has no name (the module reads it by id) and the form posts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { launchChromium } from './helpers/browser.ts';
import { createTestDatabase } from '../support/databases.ts';
import { createTestApp } from '../support/app.ts';
import { API_KEY } from '../support/accounts.ts';

/** What a browser's native submission of `form` would put in the URL's query, for `values`. */
function nativeSubmissionQuery(formTag: string, fields: string[], values: Record<string, string>): string | undefined {
  const method = /\smethod\s*=\s*"?(\w+)"?/i.exec(formTag)?.[1]?.toLowerCase() ?? 'get';
  if (method !== 'get') return undefined; // a POST body is not a URL
  const query = new URLSearchParams();
  for (const field of fields) {
    const name = /\sname\s*=\s*"([^"]*)"/i.exec(field)?.[1];
    const id = /\sid\s*=\s*"([^"]*)"/i.exec(field)?.[1];
    if (name && id && id in values) query.append(name, values[id]!);
  }
  return query.toString();
}

describe('dashboard sign-in form', () => {
  it('never puts the typed API key in a URL when the form is submitted without the module', async () => {
    const database = await createTestDatabase('sqlite');
    const t = await createTestApp(database);
    try {
      const response = await t.app.request('/dashboard');
      assert.equal(response.status, 200);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /form-action 'self'/, 'the CSP lets the form submit to our own origin');
      const html = await response.text();
      const form = /<form id="login-form"[^>]*>([\s\S]*?)<\/form>/.exec(html);
      assert.ok(form, 'the sign-in form is on the page');
      const formTag = /<form id="login-form"[^>]*>/.exec(form[0])![0];
      const fields = [...form[1]!.matchAll(/<input\b[^>]*>/g)].map((m) => m[0]);
      const query = nativeSubmissionQuery(formTag, fields, { 'api-key': API_KEY });
      const url = query ? `/dashboard?${query}` : '/dashboard';
      assert.ok(
        !url.includes(API_KEY),
        `a native submission of the sign-in form navigates to ${url.replace(API_KEY, '<merchant API key>')}`,
      );
    } finally {
      await t.close();
      await database.drop();
    }
  });

  it('in Chromium: Enter pressed while the module is still loading does not navigate to /dashboard?apiKey=…', async () => {
    const database = await createTestDatabase('sqlite');
    const t = await createTestApp(database);
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const requested: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      // A slow network: the dashboard's module has not arrived when the merchant presses Enter.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/dashboard/dashboard.js', async (route) => {
        await held;
        await route.continue().catch(() => {});
      });
      // The form is parsed and shown; the deferred module (and DOMContentLoaded) still wait for it.
      await page.goto(`${base}/dashboard`, { waitUntil: 'commit' });
      await page.waitForSelector('#api-key');
      await page.fill('#api-key', API_KEY);
      await page.press('#api-key', 'Enter');
      await page.waitForTimeout(1000);
      release();
      const leaked = requested.filter((url) => url.includes(API_KEY)).map((url) => url.replace(API_KEY, '<merchant API key>'));
      assert.deepEqual(leaked, [], 'no request carries the API key in its URL');
      assert.ok(!page.url().includes(API_KEY), `the address bar shows ${page.url().replace(API_KEY, '<merchant API key>')}`);
    } finally {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await t.close();
      await database.drop();
    }
  });
});
