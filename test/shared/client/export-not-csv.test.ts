/**
 * The typed client refuses a 2xx that is not the API's answer (a baseUrl naming the shop's own
 * site, whose pages answer 200 to every path; a proxy's page) as `invalid_response`. JSON calls
 * did; `transactions.exportCsv` returned any 2xx text, and the shop's HTML home page resolved as
 * the CSV export of the merchant's payments.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, OgoneCheckoutError } from '../../../shared/client/index.ts';

describe('typed client exportCsv and a 2xx that is not CSV', () => {
  it('an HTML 200 (wrong baseUrl) is an invalid_response error, not the export', async () => {
    const client = createClient({
      baseUrl: 'https://shop.example.com',
      apiKey: 'sk_test_123',
      sleep: async () => {},
      fetch: async () =>
        new Response('<!doctype html><html><body>Shop home</body></html>', { status: 200, headers: { 'content-type': 'text/html' } }),
    });
    const outcome = await client.transactions.exportCsv({ state: 'captured' }).then(
      (value) => ({ resolved: value }),
      (error: unknown) => ({ rejected: error }),
    );
    assert.ok('rejected' in outcome, `exportCsv resolved with ${JSON.stringify((outcome as { resolved: unknown }).resolved)}`);
    assert.ok(outcome.rejected instanceof OgoneCheckoutError);
    assert.equal(outcome.rejected.code, 'invalid_response');
  });

  it('a real CSV answer still resolves with its text', async () => {
    const client = createClient({
      baseUrl: 'https://pay.example.com',
      apiKey: 'sk_test_123',
      sleep: async () => {},
      fetch: async () =>
        new Response('\uFEFFreference,created_at\r\n', { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8' } }),
    });
    assert.match(await client.transactions.exportCsv(), /reference,created_at/);
  });
});
