/**
 * The merchant API's input contract beyond the body's own fields: a body that is not declared as
 * JSON, query parameters the route does not know or gets twice, and `livemode` on every API object.
 * Each bad request must answer a 4xx `{ error: { code, message, field } }` naming what is wrong and
 * change nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../../support/app.ts';

interface ErrorBody {
  error?: { code: string; message: string; field?: string };
}

describe('request contract of the merchant API', () => {
  const t = useTestApp('sqlite');

  const buttonCount = async () => (await t.repository.listButtons({ limit: 100 })).items.length;

  it('a body sent as text/plain or a form is refused 415 naming Content-Type, and no button is written', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const before = await buttonCount();
      const response = await t.api('/api/buttons', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: JSON.stringify({ name: 'Donation', amount: 500, currency: 'EUR' }),
      });
      const body = (await response.json()) as ErrorBody;
      assert.equal(response.status, 415, `${contentType}: ${JSON.stringify(body)}`);
      assert.equal(body.error?.field, 'Content-Type');
      assert.equal(await buttonCount(), before, `${contentType}: a button was written`);
    }
  });

  it('an unknown query parameter is refused 400 naming it (bodies are strict: unknown keys are refused there)', async () => {
    // `status` for `state`: the merchant asked for refunded payments and gets every payment.
    for (const url of ['/api/transactions?status=refunded', '/api/transactions/export.csv?status=refunded', '/api/buttons?limt=5']) {
      const response = await t.api(url);
      const text = await response.text();
      assert.equal(response.status, 400, `${url}: ${response.status} ${text.slice(0, 120)}`);
      const body = JSON.parse(text) as ErrorBody;
      assert.equal(body.error?.field, url.includes('limt') ? 'limt' : 'status');
    }
  });

  it('a single-valued query parameter given twice is refused 400 naming it, not read as its first value', async () => {
    for (const [url, field] of [
      ['/api/transactions?limit=5&limit=500', 'limit'],
      ['/api/transactions?from=2025-01-01&from=2025-06-01', 'from'],
      ['/api/dashboard/summary?days=1&days=400', 'days'],
    ] as const) {
      const response = await t.api(url);
      const text = await response.text();
      assert.equal(response.status, 400, `${url}: ${response.status} ${text.slice(0, 120)}`);
      assert.equal((JSON.parse(text) as ErrorBody).error?.field, field);
    }
  });

  it('DELETE /api/buttons/{id} answers livemode, as every API object does (README: "Every API object … carries livemode")', async () => {
    const created = await t.api('/api/buttons', { method: 'POST', json: { name: 'Donation', amount: 500, currency: 'EUR' } });
    const button = (await created.json()) as { id: string; livemode: boolean };
    assert.equal(button.livemode, false);
    const deleted = await t.api(`/api/buttons/${button.id}`, { method: 'DELETE' });
    assert.equal(deleted.status, 200);
    const body = (await deleted.json()) as Record<string, unknown>;
    assert.equal(body.livemode, false, `DELETE answered ${JSON.stringify(body)}`);
  });
});
