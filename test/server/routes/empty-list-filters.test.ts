/**
 * An optional filter of the merchant API given empty — `GET /api/events?reference=`,
 * `GET /api/transactions?session=` and the CSV export's `session=` — is a 400 naming it, never
 * read as "no filter": a merchant's backend asking for ONE order's events with the reference
 * empty through a bug was handed other payments' `payment.captured` events, and a shop that
 * ships on a capture would ship an unpaid order. No ORDERID and no session id is empty
 * (shared/order-id.ts). Review r1364 found it on `reference`; `session` had the same pattern.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../../support/app.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

describe('merchant API list filters given empty', () => {
  const t = useTestApp('sqlite');
  before(async () => {
    await t.repository.insertEvents([
      { type: 'payment.captured', reference: 'OTHER-1', data: { reference: 'OTHER-1', amount: 1999 } },
      { type: 'payment.captured', reference: 'OTHER-2', data: { reference: 'OTHER-2', amount: 500 } },
    ]);
    const session = sessionRecord({});
    await t.repository.createSession(session);
    await t.repository.createTransaction(
      transactionRecord(session.id, { reference: 'OTHER-1', state: 'captured', amount: 1999, capturedAmount: 1999 }),
    );
  });

  it('GET /api/events?reference= is refused naming reference, never answered with other payments’ events', async () => {
    const response = await t.api('/api/events?reference=&type=payment.captured');
    const body = (await response.json()) as { data?: Array<{ reference: string }>; error?: { field?: string } };
    const others = (body.data ?? []).map((event) => event.reference);
    assert.deepEqual(others, [], `an empty reference listed the events of ${others.join(', ')}`);
    assert.equal(response.status, 400, JSON.stringify(body));
    assert.equal(body.error?.field, 'reference');
  });

  for (const path of ['/api/transactions?session=', '/api/transactions/export.csv?session=']) {
    it(`${path} is refused naming session, never answered with every session's payments`, async () => {
      const response = await t.api(path);
      const text = await response.text();
      assert.doesNotMatch(text, /OTHER-1/, "another session's payment was listed");
      assert.equal(response.status, 400, text);
      assert.equal((JSON.parse(text) as { error?: { field?: string } }).error?.field, 'session');
    });
  }

  // An empty cursor is refused too, not read as "the first page": a client that lost the previous
  // page's next_cursor would loop over page one without knowing it.
  for (const path of ['/api/transactions?cursor=', '/api/events?cursor=', '/api/buttons?cursor=', '/api/customers/cus_1/aliases?cursor=']) {
    it(`${path} is refused naming cursor, never answered with the first page`, async () => {
      const response = await t.api(path);
      const text = await response.text();
      assert.equal(response.status, 400, text);
      assert.equal((JSON.parse(text) as { error?: { field?: string } }).error?.field, 'cursor');
    });
  }

  it('a reference or session given is still a filter', async () => {
    const events = (await (await t.api('/api/events?reference=OTHER-2')).json()) as { data: Array<{ reference: string }> };
    assert.deepEqual(
      events.data.map((event) => event.reference),
      ['OTHER-2'],
    );
    const payments = (await (await t.api('/api/transactions?session=cs_none')).json()) as { data: unknown[] };
    assert.deepEqual(payments.data, []);
  });
});
