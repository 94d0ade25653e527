/**
 * `customer.id` is a path segment of the merchant API (`GET /api/customers/{id}/aliases`),
 * and "." and ".." are dot segments to every URL parser (WHATWG URL, fetch, curl, proxies) —
 * percent-encoded too (%2E%2E). The server refuses them as a charge's `reference` for exactly that
 * reason (shared/schemas/requests.ts: "the payment could never be read, captured or refunded").
 * Taken as a customer id, a card saved for customer ".." could never be listed, so the merchant
 * never learnt its alias id to charge or forget it (review r1160). Now the session is refused 400
 * naming `customer.id`; the test would also take the other fix, the card listed under that id.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../../../shared/client/index.ts';
import { paidWithSavedCard, useTestApp } from '../../support/app.ts';
import { API_KEY } from '../../support/accounts.ts';

describe('a customer id the API accepts can be read back', () => {
  const t = useTestApp('sqlite');

  for (const id of ['.', '..']) {
    it(`customer.id ${JSON.stringify(id)}: refused 400 naming customer.id, or its saved card is listed`, async () => {
      const session = await t.api('/api/checkout-sessions', {
        method: 'POST',
        json: { amount: 1999, currency: 'EUR', customer: { id }, saveCard: 'optional' },
      });
      if (session.status === 400) {
        assert.equal(((await session.json()) as { error: { field?: string } }).error.field, 'customer.id');
        return;
      }
      assert.equal(session.status, 201);
      const { card } = await paidWithSavedCard(t, id);
      // The merchant's view, through the typed client (encodeURIComponent, then fetch's URL).
      const client = createClient({
        baseUrl: 'https://pay.example.com',
        apiKey: API_KEY,
        maxRetries: 0,
        fetch: (input, init) => Promise.resolve(t.app.request(String(input), init)),
      });
      let listed: string[] | string;
      try {
        listed = (await client.aliases.list(id)).data.map((alias) => alias.id);
      } catch (error) {
        listed = `${(error as Error).message}`;
      }
      assert.deepEqual(listed, [card.id], `aliases.list(${JSON.stringify(id)})`);
    });
  }
});
