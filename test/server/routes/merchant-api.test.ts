/** The merchant API (`/api/…`) through app.request(), over SQLite and PostgreSQL. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MERCHANT_API_BODY_BYTES } from '../../../server/app.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { useTestApp } from '../../support/app.ts';

const validSession = {
  amount: 1999,
  currency: 'EUR',
  reference: 'ORDER-1001',
  description: 'Two books',
  customer: {
    id: 'cust-42',
    name: 'Bárbara Souza',
    email: 'barbara@example.com',
    address: { line1: 'Rua 1', zip: '1000', town: 'Lisboa', country: 'PT' },
  },
  locale: 'pt-PT',
  saveCard: 'optional',
  successUrl: 'https://shop.example.com/thanks',
  failureUrl: 'https://shop.example.com/cart',
  metadata: { cart: 'c-1' },
};

for (const kind of DATABASE_KINDS) {
  describe(`merchant API on ${kind}`, () => {
    const t = useTestApp(kind);

    it('refuses requests without a key or with a wrong key (401, JSON error)', async () => {
      const none = await t.app.request('/api/transactions');
      assert.equal(none.status, 401);
      assert.match(none.headers.get('www-authenticate') ?? '', /Bearer/);
      assert.equal(((await none.json()) as { error: { code: string } }).error.code, 'unauthorized');
      const wrong = await t.api('/api/transactions', { headers: { authorization: 'Bearer sk_test_aaaaaaaaaaaaaaaaaaaaaaaX' } });
      assert.equal(wrong.status, 401);
      const second = await t.api('/api/transactions', { headers: { authorization: 'Bearer sk_test_bbbbbbbbbbbbbbbbbbbbbbbb' } });
      assert.equal(second.status, 200, 'every configured key works');
    });

    it('creates a checkout session and reads it back', async () => {
      const created = await t.api('/api/checkout-sessions', { method: 'POST', json: validSession });
      assert.equal(created.status, 201);
      const body = (await created.json()) as Record<string, unknown>;
      assert.match(String(body.id), /^cs_/);
      assert.equal(body.status, 'open');
      assert.equal(body.amount, 1999);
      assert.equal(body.expiresAt, '2025-06-02T09:00:00.000Z', 'default expiry: one day after the (test) clock');
      const read = await t.api(`/api/checkout-sessions/${body.id}`);
      assert.equal(read.status, 200);
      const again = (await read.json()) as Record<string, unknown>;
      assert.deepEqual(again.customer, validSession.customer);
      assert.deepEqual(again.metadata, { cart: 'c-1' });
      assert.deepEqual(again.transactions, []);
      assert.equal(read.headers.get('cache-control'), 'no-store');
    });

    it('refuses bad sessions with a 400 naming the field, and stores nothing', async () => {
      const cases: Array<[unknown, string]> = [
        [{ ...validSession, amount: 19.99 }, 'amount'],
        [{ ...validSession, amount: 0 }, 'amount'],
        [{ ...validSession, currency: 'EURO' }, 'currency'],
        [{ ...validSession, customer: { ...validSession.customer, email: 'nope' } }, 'customer.email'],
        [{ ...validSession, successUrl: 'javascript:alert(1)' }, 'successUrl'],
        [{ ...validSession, saveCard: 'sometimes' }, 'saveCard'],
        [{ ...validSession, customer: undefined, saveCard: 'always' }, 'customer.id'],
        [{ ...validSession, extra: 1 }, 'extra'],
      ];
      const before = await t.api('/api/transactions');
      for (const [input, field] of cases) {
        const response = await t.api('/api/checkout-sessions', { method: 'POST', json: input });
        assert.equal(response.status, 400, JSON.stringify(input));
        const { error } = (await response.json()) as { error: { code: string; message: string; field?: string } };
        assert.equal(error.code, 'invalid_request');
        if (field !== '(input)') assert.equal(error.field, field, error.message);
        assert.ok(error.message.length > 5);
      }
      const broken = await t.api('/api/checkout-sessions', {
        method: 'POST',
        body: '{"amount":',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(broken.status, 400);
      assert.equal(((await broken.json()) as { error: { code: string } }).error.code, 'invalid_json');
      assert.equal((await t.api('/api/checkout-sessions/cs_nope')).status, 404);
      assert.equal(before.status, 200);
    });

    it('replays a POST with the same Idempotency-Key instead of creating twice', async () => {
      const headers = { 'idempotency-key': `key-${kind}-1` };
      const first = await t.api('/api/checkout-sessions', { method: 'POST', json: validSession, headers });
      const second = await t.api('/api/checkout-sessions', { method: 'POST', json: validSession, headers });
      assert.equal(first.status, 201);
      assert.equal(second.status, 201);
      assert.equal(second.headers.get('idempotent-replayed'), 'true');
      assert.equal(((await first.json()) as { id: string }).id, ((await second.json()) as { id: string }).id);
      const reused = await t.api('/api/checkout-sessions', { method: 'POST', json: { ...validSession, amount: 5 }, headers });
      assert.equal(reused.status, 422);
      assert.equal(((await reused.json()) as { error: { code: string } }).error.code, 'idempotency_key_reused');
    });

    it('refuses bodies over the limit with 413', async () => {
      const response = await t.api('/api/checkout-sessions', {
        method: 'POST',
        json: { ...validSession, description: 'x'.repeat(MERCHANT_API_BODY_BYTES) },
      });
      assert.equal(response.status, 413);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'payload_too_large');
    });

    it('takes the largest session its own limits allow, written with \\u escapes', async () => {
      // 50 metadata keys of 40 characters, values of 500 CJK characters, every one escaped as
      // \uXXXX (6 bytes each): ~165 KB, which the 64 KiB cap of the public routes refused.
      const metadata: Record<string, string> = {};
      for (let i = 0; i < 50; i++) metadata[`${String(i).padStart(2, '0')}${'k'.repeat(38)}`] = '漢'.repeat(500);
      const body = JSON.stringify({ ...validSession, metadata }).replace(
        /[^ -~]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
      assert.ok(body.length > 150_000, `body ${body.length} bytes`);
      const response = await t.api('/api/checkout-sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      assert.equal(response.status, 201, await response.clone().text());
      const created = (await response.json()) as { metadata: Record<string, string> };
      assert.equal(Object.keys(created.metadata).length, 50);
      assert.equal(Object.values(created.metadata)[0], '漢'.repeat(500));
    });

    it('manages payment buttons: create, list with cursor, get, delete', async () => {
      const ids: string[] = [];
      for (const name of ['Coffee', 'Tea', 'Cake']) {
        const response = await t.api('/api/buttons', { method: 'POST', json: { name, amount: 350, currency: 'EUR', maxQuantity: 5 } });
        assert.equal(response.status, 201);
        ids.push(((await response.json()) as { id: string }).id);
      }
      const bad = await t.api('/api/buttons', {
        method: 'POST',
        json: { name: 'X', amount: 1, currency: 'EUR', minQuantity: 4, maxQuantity: 2 },
      });
      assert.equal(bad.status, 400);
      assert.equal(((await bad.json()) as { error: { field: string } }).error.field, 'maxQuantity');
      const page1 = (await (await t.api('/api/buttons?limit=2')).json()) as { data: Array<{ id: string }>; nextCursor: string };
      assert.deepEqual(
        page1.data.map((b) => b.id),
        [ids[2], ids[1]],
      );
      const page2 = (await (await t.api(`/api/buttons?limit=2&cursor=${page1.nextCursor}`)).json()) as {
        data: Array<{ id: string }>;
        nextCursor: null;
      };
      assert.deepEqual(
        page2.data.map((b) => b.id),
        [ids[0]],
      );
      assert.equal(page2.nextCursor, null);
      assert.equal((await t.api(`/api/buttons/${ids[0]}`)).status, 200);
      assert.equal((await t.api(`/api/buttons/${ids[0]}`, { method: 'DELETE' })).status, 200);
      assert.equal((await t.api(`/api/buttons/${ids[0]}`)).status, 404);
      assert.equal((await t.api(`/api/buttons/${ids[0]}`, { method: 'DELETE' })).status, 404);
      assert.equal((await t.api('/api/buttons?limit=0')).status, 400);
    });

    it('lists transactions with filters and validates the query', async () => {
      const session = (await (
        await t.api('/api/checkout-sessions', { method: 'POST', json: { amount: 500, currency: 'EUR' } })
      ).json()) as { id: string };
      for (let i = 0; i < 3; i++) {
        const attempt = await t.app.request(`/checkout/sessions/${session.id}/attempts`, {
          method: 'POST',
          body: '{}',
          headers: { 'content-type': 'application/json' },
        });
        assert.equal(attempt.status, 201);
        t.clock.advance(1000);
      }
      const all = (await (await t.api(`/api/transactions?session=${session.id}&includeDrafts=true&limit=2`)).json()) as {
        data: Array<{ reference: string; state: string }>;
        nextCursor: string;
      };
      assert.equal(all.data.length, 2);
      assert.ok(all.nextCursor);
      const rest = (await (
        await t.api(`/api/transactions?session=${session.id}&includeDrafts=true&limit=2&cursor=${encodeURIComponent(all.nextCursor)}`)
      ).json()) as { data: unknown[] };
      assert.equal(rest.data.length, 1);
      const drafts = (await (await t.api(`/api/transactions?state=draft&from=2025-06-01`)).json()) as { data: Array<{ state: string }> };
      assert.ok(drafts.data.length >= 3 && drafts.data.every((x) => x.state === 'draft'));
      const none = (await (await t.api('/api/transactions?state=captured&to=2025-06-01T00:00:00Z')).json()) as { data: unknown[] };
      assert.deepEqual(none.data, []);
      for (const [query, field] of [
        ['state=paid', 'state'],
        ['from=yesterday', 'from'],
        ['limit=500', 'limit'],
        ['cursor=zzz', 'cursor'],
      ]) {
        const response = await t.api(`/api/transactions?${query}`);
        assert.equal(response.status, 400, query);
        assert.equal(((await response.json()) as { error: { field: string } }).error.field, field);
      }
      const one = await t.api(`/api/transactions/${all.data[0]!.reference}`);
      const body = (await one.json()) as Record<string, unknown>;
      assert.equal(body.state, 'draft');
      assert.equal(body.amount, 500);
      assert.deepEqual(body.feedback, []);
      assert.equal((await t.api('/api/transactions/NOPE')).status, 404);
    });

    it('lists events and their deliveries; unknown event 404', async () => {
      await t.repository.insertEvents([{ type: 'payment.captured', reference: 'EVT-1', data: { reference: 'EVT-1' } }]);
      const list = (await (await t.api('/api/events?type=payment.captured&reference=EVT-1')).json()) as {
        data: Array<{ id: string; type: string; delivery: { status: string }; deliveries: unknown[] }>;
      };
      assert.equal(list.data.length, 1);
      assert.equal(list.data[0]?.delivery.status, 'pending');
      assert.deepEqual(list.data[0]?.deliveries, []);
      const one = await t.api(`/api/events/${list.data[0]!.id}`);
      assert.equal(((await one.json()) as { type: string }).type, 'payment.captured');
      assert.equal((await t.api('/api/events/evt_nope')).status, 404);
      assert.equal((await t.api('/api/events?type=Bad Type')).status, 400);
    });

    it('an unknown field is named: at the top level and inside an object', async () => {
      type Problem = { error: { code: string; message: string; field?: string } };
      const top = await t.api('/api/checkout-sessions', { method: 'POST', json: { ...validSession, colour: 'red' } });
      assert.equal(top.status, 400);
      const topError = ((await top.json()) as Problem).error;
      assert.equal(topError.field, 'colour', JSON.stringify(topError));
      assert.match(topError.message, /^colour: /);
      const nested = await t.api('/api/checkout-sessions', {
        method: 'POST',
        json: { ...validSession, customer: { id: 'cust-1', shoeSize: 44 } },
      });
      assert.equal(nested.status, 400);
      assert.equal(((await nested.json()) as Problem).error.field, 'customer.shoeSize');
    });

    it('refuses metadata of more than 50 keys, or a key or value too long: 400 naming metadata, nothing stored', async () => {
      type Problem = { error: { code: string; message: string; field?: string } };
      const created = () => t.logs.filter((line) => line.includes('checkout session created')).length;
      const before = created();
      const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`key${i}`, 'v']));
      for (const [metadata, field, message] of [
        [keys(51), 'metadata', /at most 50 keys/],
        [{ ['k'.repeat(41)]: 'v' }, `metadata.${'k'.repeat(41)}`, /keys must be at most 40 characters/],
        [{ cart: 'v'.repeat(501) }, 'metadata.cart', /values must be at most 500 characters/],
      ] as const) {
        const refused = await t.api('/api/checkout-sessions', { method: 'POST', json: { ...validSession, metadata } });
        assert.equal(refused.status, 400);
        const error = ((await refused.json()) as Problem).error;
        assert.equal(error.field, field);
        assert.match(error.message, message);
      }
      assert.equal(created(), before, 'no session stored');
      const fifty = await t.api('/api/checkout-sessions', { method: 'POST', json: { ...validSession, metadata: keys(50) } });
      assert.equal(fifty.status, 201);
    });

    it("refuses amounts Ogone's AMOUNT (the amount × 100) cannot carry: 400 naming amount and the step, nothing stored", async () => {
      type Problem = { error: { code: string; message: string; field?: string } };
      const created = () => t.logs.filter((line) => line.includes('checkout session created')).length;
      const sessionsBefore = created();
      const kwd = await t.api('/api/checkout-sessions', { method: 'POST', json: { ...validSession, amount: 1234, currency: 'KWD' } });
      assert.equal(kwd.status, 400);
      assert.deepEqual(((await kwd.json()) as Problem).error, {
        code: 'invalid_request',
        message: "amount: amount must be a multiple of 10 for KWD (0.010 KWD), Ogone's AMOUNT is the amount × 100",
        field: 'amount',
      });
      const yen = await t.api('/api/checkout-sessions', {
        method: 'POST',
        json: { ...validSession, amount: 10_000_000_000_000, currency: 'JPY' },
      });
      assert.equal(yen.status, 400, '¥10,000,000,000,000 is 16 digits once × 100');
      const yenError = ((await yen.json()) as Problem).error;
      assert.equal(yenError.field, 'amount');
      assert.match(yenError.message, /at most 9999999999999 for JPY/);
      assert.equal(created(), sessionsBefore, 'no session stored');
      const ok = await t.api('/api/checkout-sessions', { method: 'POST', json: { ...validSession, amount: 1230, currency: 'KWD' } });
      assert.equal(ok.status, 201, '1.230 KWD is AMOUNT=123');

      const buttonsBefore = ((await (await t.api('/api/buttons?limit=100')).json()) as { data: unknown[] }).data.length;
      const button = await t.api('/api/buttons', { method: 'POST', json: { name: 'Dates', amount: 1234, currency: 'KWD' } });
      assert.equal(button.status, 400);
      const buttonError = ((await button.json()) as Problem).error;
      assert.equal(buttonError.field, 'amount');
      assert.match(buttonError.message, /multiple of 10 for KWD \(0\.010 KWD\)/);
      assert.equal(
        ((await (await t.api('/api/buttons?limit=100')).json()) as { data: unknown[] }).data.length,
        buttonsBefore,
        'no button stored',
      );
    });

    it("a button whose total would not fit in AMOUNT's 15 digits is refused, and per click if stored before", async () => {
      const refused = await t.api('/api/buttons', {
        method: 'POST',
        json: { name: 'Yen bond', amount: 9_000_000_000_000, currency: 'JPY', maxQuantity: 2 },
      });
      const answer = (await refused.json()) as { error: { field: string } };
      assert.deepEqual([refused.status, answer.error.field], [400, 'maxQuantity'], 'its largest total is refused where it enters');
      // One stored before that check (review r1395): each click is still checked.
      const big = { id: 'btn_stored_before_the_check' };
      await t.repository.createButton({
        id: big.id,
        name: 'Yen bond',
        amount: 9_000_000_000_000,
        currency: 'JPY',
        minQuantity: 1,
        maxQuantity: 2,
        saveCard: 'never',
        successUrl: null,
        failureUrl: null,
        createdAt: t.clock.now().toISOString(),
        deletedAt: null,
      });
      const one = await t.app.request(`/checkout/buttons/${big.id}`, {
        method: 'POST',
        body: JSON.stringify({ quantity: 1 }),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(one.status, 201);
      assert.equal(((await one.json()) as { fields: { AMOUNT: string } }).fields.AMOUNT, '900000000000000');
      const two = await t.app.request(`/checkout/buttons/${big.id}`, {
        method: 'POST',
        body: JSON.stringify({ quantity: 2 }),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(two.status, 400);
      const { error } = (await two.json()) as { error: { field: string; message: string } };
      assert.equal(error.field, 'quantity');
      assert.match(error.message, /15 digits/);
    });
  });
}
