/**
 * A saved-card charge's `reference` is the payment's ORDERID and so its key in every
 * `/api/transactions/{reference}` path. The whole segments `.` and `..` are dot segments to every
 * URL parser (WHATWG URL: fetch, Node's Request, Hono), encoded (`%2E%2E`) or not, and
 * `export.csv` is the export's path: such a payment was made (authorised at the platform), then no
 * route reached it — it could not be captured, refunded, cancelled, synced or read. The reference
 * is refused at entry (400 naming `reference`, nothing sent to the platform).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../../shared/client/index.ts';
import { saveCard, sandboxPayments, startFlowServer, type FlowServer } from './helpers.ts';

describe('a charge reference every transaction route can reach', () => {
  let flow: FlowServer;
  let aliasId: string;
  before(async () => {
    flow = await startFlowServer('sqlite', { env: { OGONE_OPERATION: 'RES' } });
    aliasId = await saveCard(flow, 'cust-reference-path', '4111111111111111');
  });
  after(async () => {
    await flow?.close();
  });

  for (const reference of ['..', '.', 'export.csv']) {
    it(`reference ${JSON.stringify(reference)}: refused at entry, or the payment is reachable at /api/transactions/{reference}`, async () => {
      const charge = await flow.api(`/api/aliases/${aliasId}/charges`, { amount: 1500, currency: 'EUR', reference });
      if (charge.status === 400) {
        assert.equal(charge.body.error?.field, 'reference', JSON.stringify(charge.body));
        assert.deepEqual(await sandboxPayments(flow, reference), [], 'nothing sent to the platform');
        return;
      }
      assert.equal(charge.status, 201, JSON.stringify(charge.body));
      assert.equal(charge.body.reference, reference);
      assert.equal(charge.body.state, 'authorized');
      // The typed client, as a merchant calls it (path segments encodeURIComponent'd).
      const client = createClient({ baseUrl: flow.url, apiKey: flow.apiKey, maxRetries: 0 });
      const capture = await client.transactions.capture(reference, { amount: 1500 }).then(
        (result) => ({ ok: true as const, result }),
        (error: unknown) => ({ ok: false as const, error: String(error) }),
      );
      assert.ok(capture.ok, `capture of the authorised payment ${reference}: ${capture.ok ? '' : capture.error}`);
      const read = await fetch(`${flow.url}/api/transactions/${encodeURIComponent(reference)}`, {
        headers: { authorization: `Bearer ${flow.apiKey}` },
      });
      const body = await read.text();
      assert.equal(read.status, 200, `GET the payment just authorised (${reference}): ${read.status} ${body.slice(0, 200)}`);
      assert.match(
        read.headers.get('content-type') ?? '',
        /json/,
        `GET the payment just authorised (${reference}) answered: ${body.slice(0, 80)}`,
      );
      assert.equal((JSON.parse(body) as { reference: string }).reference, reference);
    });
  }
});
