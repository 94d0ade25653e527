/**
 * Every operation of the merchant API refuses a query parameter it does not take with a 400 naming
 * it (README, "Merchant API": "an unknown query parameter, or one given twice, too"), before doing
 * anything: `POST …/capture?amount=600` once captured the whole authorisation, the amount unread
 * (review r1160; test/flows/capture-query-amount.test.ts drives that one end to end). The
 * operations are the OpenAPI document's, so a route added later is held to it too.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openApiDocument } from '../../../server/api-docs/openapi.ts';
import { useTestApp } from '../../support/app.ts';

const document = openApiDocument('0.0.0-test');
const METHODS = ['get', 'post', 'delete'] as const;

describe('unknown query parameters on the merchant API', () => {
  const t = useTestApp('sqlite');

  it('refuses one on every documented operation with a 400 naming it, and writes nothing', async () => {
    const sessionsBefore = await t.repository.listTransactions({ limit: 100 });
    const answered: string[] = [];
    let operations = 0;
    for (const [template, item] of Object.entries(document.paths)) {
      if (!template.startsWith('/api/') || template === '/api/openapi.json') continue;
      for (const method of METHODS) {
        if ((item as Record<string, unknown>)[method] === undefined) continue;
        operations += 1;
        const path = template.replace(/\{\w+\}/g, 'x-1');
        const response = await t.api(`${path}?amountt=600`, {
          method: method.toUpperCase(),
          ...(method === 'post' ? { json: {} } : {}),
        });
        const body = (await response.json().catch(() => ({}))) as { error?: { field?: string } };
        if (response.status !== 400 || body.error?.field !== 'amountt')
          answered.push(`${method.toUpperCase()} ${template}: ${response.status} ${JSON.stringify(body).slice(0, 120)}`);
      }
    }
    assert.ok(operations >= 20, `the document lists ${operations} operations`);
    assert.deepEqual(answered, []);
    const sessionsAfter = await t.repository.listTransactions({ limit: 100 });
    assert.equal(sessionsAfter.items.length, sessionsBefore.items.length);
  });
});
