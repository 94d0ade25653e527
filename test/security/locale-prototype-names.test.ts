/**
 * Language tags are looked up in objects by their own properties only (`SHOPPER_TEXTS`,
 * server/shopper-pages/languages.ts; `BY_LANGUAGE`, shared/languages.ts): read plainly, the tag
 * "constructor" found Object.prototype.constructor — a function, taken for a translation or an
 * Ogone LANGUAGE — and the shopper's pages and the widget's attempt endpoint answered 500 instead
 * of falling back to English: `?lang=constructor` or `Accept-Language: constructor` on the status page
 * and on the feedback's refusal page, `locale: "constructor"` on `POST /checkout/sessions/:id/attempts`
 * and a session the merchant created with that locale (accepted 201, then never payable).
 * Real server over HTTP.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { serverEnv } from '../support/accounts.ts';
import { api } from '../support/merchant.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { freePort } from '../support/listen.ts';

describe('the language tag "constructor"', { timeout: 60_000 }, () => {
  let database: TestDatabase;
  let server: RunningServer;

  before(async () => {
    database = await createTestDatabase('sqlite');
    const port = await freePort();
    server = await startServer({
      // The platform is never contacted: building the hosted page's form is all these requests do.
      env: serverEnv('http://127.0.0.1:9', { ...database.env }),
      port,
      host: '127.0.0.1',
      quiet: true,
    });
  });
  after(async () => {
    await server?.close();
    await database?.drop();
  });

  async function session(json: Record<string, unknown> = {}): Promise<string> {
    const created = await api(server.url, '/api/checkout-sessions', { json: { amount: 1000, currency: 'EUR', ...json } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body.id as string;
  }

  async function attempt(sessionId: string, body: unknown) {
    const response = await fetch(`${server.url}/checkout/sessions/${sessionId}/attempts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  }

  it('the status page falls back to English for ?lang=constructor', async () => {
    const response = await fetch(`${server.url}/payment/status/OC-unknown?lang=constructor`);
    const text = await response.text();
    assert.equal(response.status, 404, text);
    assert.match(text, /<html lang="en">/);
  });

  it('the status page falls back to English for Accept-Language: constructor', async () => {
    const response = await fetch(`${server.url}/payment/status/OC-unknown`, { headers: { 'accept-language': 'constructor' } });
    const text = await response.text();
    assert.equal(response.status, 404, text);
  });

  it("the feedback's refusal page to a browser falls back to English for Accept-Language: constructor", async () => {
    const response = await fetch(`${server.url}/payment/ogone/return?orderID=OC-x&STATUS=9&SHASIGN=00`, {
      headers: { ...BROWSER_HEADERS, 'accept-language': 'constructor' },
      redirect: 'manual',
    });
    const text = await response.text();
    assert.ok(response.status >= 400 && response.status < 500, `${response.status} ${text}`);
  });

  it('an attempt with locale "constructor" is a 4xx naming locale, or pays in English — never a 500', async () => {
    const answer = await attempt(await session(), { locale: 'constructor' });
    assert.ok(answer.status < 500, `${answer.status} ${answer.text}`);
    if (answer.status === 201) assert.equal(JSON.parse(answer.text).fields.LANGUAGE, 'en_US');
    else assert.match(answer.text, /"field":"locale"/);
  });

  it('a session the merchant created with locale "constructor" can be paid (or is refused at creation)', async () => {
    const created = await api(server.url, '/api/checkout-sessions', { json: { amount: 1000, currency: 'EUR', locale: 'constructor' } });
    if (created.status !== 201) {
      assert.equal(created.status, 400);
      assert.equal(created.body.error.field, 'locale');
      return;
    }
    const answer = await attempt(created.body.id, {});
    assert.equal(answer.status, 201, `accepted at creation, then every attempt answers ${answer.status} ${answer.text}`);
  });
});
