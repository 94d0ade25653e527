/** The widget's endpoints (`/checkout/…`): views, signed attempts, 409/410, CORS, rate limit. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult, PublicCheckoutView } from '../../../shared/schemas/api.ts';
import { hostedPageRequestSchema } from '../../../shared/schemas/hosted-page.ts';
import { shaVerify } from '../../../server/ogone/sha.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';

const json = (body: unknown, origin?: string): RequestInit => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
});

describe('public checkout endpoints', () => {
  let database: TestDatabase;
  let t: TestApp;
  before(async () => {
    database = await createTestDatabase('sqlite');
    t = await createTestApp(database);
  });
  after(async () => {
    await t?.close();
    await database?.drop();
  });

  async function newSession(extra: Record<string, unknown> = {}): Promise<string> {
    const response = await t.api('/api/checkout-sessions', {
      method: 'POST',
      json: {
        amount: 1999,
        currency: 'EUR',
        description: 'Books',
        customer: { id: 'cust-7', name: 'Zoë Ærø', email: 'z@example.com', address: { country: 'BE', town: 'Gent' } },
        saveCard: 'optional',
        locale: 'nl-BE',
        ...extra,
      },
    });
    assert.equal(response.status, 201);
    return ((await response.json()) as { id: string }).id;
  }

  it('shows what the button needs, and nothing secret', async () => {
    const id = await newSession();
    const response = await t.app.request(`/checkout/sessions/${id}`);
    assert.equal(response.status, 200);
    const view = (await response.json()) as PublicCheckoutView;
    assert.deepEqual(view, {
      id,
      kind: 'session',
      amount: 1999,
      currency: 'EUR',
      merchantName: 'Test Shop',
      description: 'Books',
      saveCard: 'optional',
      savedCards: [],
      status: 'open',
      locale: 'nl-BE',
    });
    const text = JSON.stringify(view);
    for (const secret of [TEST_ENV.OGONE_SHA_IN, TEST_ENV.OGONE_SHA_OUT, TEST_ENV.OGONE_PASSWORD]) assert.ok(!text.includes(secret));
    assert.equal((await t.app.request('/checkout/sessions/cs_missing')).status, 404);
  });

  it('signs every hosted-page parameter with SHA-IN; the amount comes from the session', async () => {
    const id = await newSession();
    const response = await t.app.request(`/checkout/sessions/${id}/attempts`, json({ saveCard: false, locale: 'fr-BE' }));
    assert.equal(response.status, 201);
    const result = (await response.json()) as Extract<AttemptResult, { kind: 'redirect' }>;
    assert.equal(result.kind, 'redirect');
    assert.equal(result.method, 'POST');
    assert.equal(result.action, 'https://ogone.test.v-psp.com/ncol/test/orderstandard_utf8.asp');
    const { fields } = result;
    assert.ok(hostedPageRequestSchema.safeParse(fields).success, 'within every documented length');
    assert.equal(fields.ORDERID, result.reference);
    assert.ok(result.reference.length <= 40);
    assert.equal(fields.PSPID, 'TESTPSPID');
    assert.equal(fields.AMOUNT, '1999');
    assert.equal(fields.CURRENCY, 'EUR');
    assert.equal(fields.LANGUAGE, 'fr_FR', "the shopper's locale wins over the session's");
    assert.equal(fields.CN, 'Zoë Ærø');
    assert.equal(fields.OWNERCTY, 'BE');
    assert.equal(fields.OPERATION, 'SAL');
    for (const name of ['ACCEPTURL', 'DECLINEURL', 'EXCEPTIONURL', 'CANCELURL'])
      assert.equal(fields[name], 'https://pay.example.com/payment/ogone/return');
    assert.equal(fields.ALIAS, undefined);
    assert.deepEqual(shaVerify(fields, { passphrase: TEST_ENV.OGONE_SHA_IN, algorithm: 'sha512', direction: 'in' }), { valid: true });
    assert.equal(
      shaVerify({ ...fields, AMOUNT: '1' }, { passphrase: TEST_ENV.OGONE_SHA_IN, algorithm: 'sha512', direction: 'in' }).valid,
      false,
    );
    const stored = await t.repository.getTransaction(result.reference);
    assert.equal(stored?.state, 'draft');
    assert.equal(stored?.amount, 1999);
  });

  it('asks Ogone for an alias when the shopper saves the card', async () => {
    const id = await newSession();
    const result = (await (await t.app.request(`/checkout/sessions/${id}/attempts`, json({ saveCard: true }))).json()) as Extract<
      AttemptResult,
      { kind: 'redirect' }
    >;
    assert.match(result.fields.ALIAS ?? '', /^OC-[0-9A-Z]{20}$/);
    assert.equal(result.fields.ALIASPERSISTEDAFTERUSE, 'Y');
    assert.equal(result.fields.ALIASOPERATION, 'BYMERCHANT');
    assert.match(result.fields.ALIASUSAGE ?? '', /Test Shop/);
    assert.equal(result.fields.LANGUAGE, 'nl_BE');
    assert.equal((await t.repository.getTransaction(result.reference))?.aliasRequest, result.fields.ALIAS);
    const always = await newSession({ saveCard: 'always' });
    const forced = (await (await t.app.request(`/checkout/sessions/${always}/attempts`, json({}))).json()) as Extract<
      AttemptResult,
      { kind: 'redirect' }
    >;
    assert.ok(forced.fields.ALIAS, "policy 'always' saves without the shopper's tick");
  });

  it('refuses to save a card when the session never offers it, and bad bodies', async () => {
    const id = await newSession({ saveCard: 'never' });
    const refused = await t.app.request(`/checkout/sessions/${id}/attempts`, json({ saveCard: true }));
    assert.equal(refused.status, 400);
    assert.equal(((await refused.json()) as { error: { field: string } }).error.field, 'saveCard');
    const bad = await t.app.request(`/checkout/sessions/${id}/attempts`, json({ amount: 1 }));
    assert.equal(bad.status, 400, 'the browser cannot send an amount');
    const broken = await t.app.request(`/checkout/sessions/${id}/attempts`, {
      method: 'POST',
      body: 'nope',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(broken.status, 400);
    const alias = await t.app.request(`/checkout/sessions/${id}/attempts`, json({ aliasId: 'alias_x' }));
    assert.equal(alias.status, 501);
    assert.equal((await t.app.request('/checkout/sessions/cs_nope/attempts', json({}))).status, 404);
  });

  it('answers 409 for a paid session and 410 for an expired one', async () => {
    const paid = await newSession();
    const attempt = (await (await t.app.request(`/checkout/sessions/${paid}/attempts`, json({}))).json()) as { reference: string };
    await t.repository.mutateTransaction(attempt.reference, () => ({ patch: { state: 'captured' }, markSessionPaid: true, result: null }));
    const conflict = await t.app.request(`/checkout/sessions/${paid}/attempts`, json({}));
    assert.equal(conflict.status, 409);
    assert.equal(((await conflict.json()) as { error: { code: string } }).error.code, 'session_paid');
    assert.equal(((await (await t.app.request(`/checkout/sessions/${paid}`)).json()) as PublicCheckoutView).status, 'paid');

    const expiring = await newSession({ expiresIn: 60 });
    t.clock.advance(61_000);
    const gone = await t.app.request(`/checkout/sessions/${expiring}/attempts`, json({}));
    assert.equal(gone.status, 410);
    assert.equal(((await gone.json()) as { error: { code: string } }).error.code, 'session_expired');
    assert.equal(((await (await t.app.request(`/checkout/sessions/${expiring}`)).json()) as PublicCheckoutView).status, 'expired');
  });

  it('sends AMOUNT as the amount × 100 for every currency: ¥1,500 is 150000, €19.99 1999, 1.230 KWD 123', async () => {
    // Literal wire values from the e-Commerce Advanced guide's rule (AMOUNT "MULTIPLIED BY 100"), docs/ogone-protocol.md §2.
    for (const [amount, currency, wire] of [
      [1500, 'JPY', '150000'],
      [1999, 'EUR', '1999'],
      [1230, 'KWD', '123'],
    ] as const) {
      const id = await newSession({ amount, currency, saveCard: 'never' });
      const response = await t.app.request(`/checkout/sessions/${id}/attempts`, json({}));
      assert.equal(response.status, 201, currency);
      const { fields, reference } = (await response.json()) as Extract<AttemptResult, { kind: 'redirect' }>;
      assert.equal(fields.AMOUNT, wire, currency);
      assert.equal(fields.CURRENCY, currency);
      assert.deepEqual(shaVerify(fields, { passphrase: TEST_ENV.OGONE_SHA_IN, algorithm: 'sha512', direction: 'in' }), { valid: true });
      assert.equal((await t.repository.getTransaction(reference))?.amount, amount, 'stored in minor units');
    }
    const yen = (await (
      await t.api('/api/buttons', { method: 'POST', json: { name: 'Tea', amount: 500, currency: 'JPY', maxQuantity: 3 } })
    ).json()) as { id: string };
    const result = (await (await t.app.request(`/checkout/buttons/${yen.id}`, json({ quantity: 3 }))).json()) as Extract<
      AttemptResult,
      { kind: 'redirect' }
    >;
    assert.equal(result.fields.AMOUNT, '150000', '3 × ¥500');
  });

  it('buttons: view, quantity bounds, a session per click', async () => {
    const button = (await (
      await t.api('/api/buttons', {
        method: 'POST',
        json: { name: 'Ticket', amount: 1250, currency: 'EUR', minQuantity: 1, maxQuantity: 4 },
      })
    ).json()) as { id: string };
    const view = (await (await t.app.request(`/checkout/buttons/${button.id}`)).json()) as PublicCheckoutView;
    assert.equal(view.kind, 'button');
    assert.equal(view.maxQuantity, 4);
    const result = (await (await t.app.request(`/checkout/buttons/${button.id}`, json({ quantity: 3, locale: 'de' }))).json()) as Extract<
      AttemptResult,
      { kind: 'redirect' }
    >;
    assert.equal(result.fields.AMOUNT, '3750');
    assert.equal(result.fields.LANGUAGE, 'de_DE');
    assert.equal(result.fields.COM, 'Ticket × 3');
    // A name as long as COM: the name is cut, the quantity stays (it said nothing of it before).
    const long = (await (
      await t.api('/api/buttons', { method: 'POST', json: { name: 'N'.repeat(100), amount: 100, currency: 'EUR', maxQuantity: 12 } })
    ).json()) as { id: string };
    const twelve = (await (await t.app.request(`/checkout/buttons/${long.id}`, json({ quantity: 12 }))).json()) as Extract<
      AttemptResult,
      { kind: 'redirect' }
    >;
    assert.equal(twelve.fields.COM, `${'N'.repeat(95)} × 12`);
    assert.equal(twelve.fields.COM!.length, 100);
    const tooMany = await t.app.request(`/checkout/buttons/${button.id}`, json({ quantity: 5 }));
    assert.equal(tooMany.status, 400);
    assert.equal(((await tooMany.json()) as { error: { field: string } }).error.field, 'quantity');
    assert.equal((await t.app.request('/checkout/buttons/btn_nope')).status, 404);
  });

  it('grants CORS to allowed origins only', async () => {
    const id = await newSession();
    const allowed = await t.app.request(`/checkout/sessions/${id}`, { headers: { origin: 'https://shop.example.com' } });
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://shop.example.com');
    const denied = await t.app.request(`/checkout/sessions/${id}`, { headers: { origin: 'https://evil.example' } });
    assert.equal(denied.headers.get('access-control-allow-origin'), null);
    const preflight = await t.app.request(`/checkout/sessions/${id}/attempts`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);
    const api = await t.api('/api/transactions', { headers: { origin: 'https://shop.example.com' } });
    assert.equal(api.headers.get('access-control-allow-origin'), null, 'the merchant API is not for browsers');
  });
});

describe('public endpoints rate limit', () => {
  it('answers 429 past the limit', async () => {
    const database = await createTestDatabase('sqlite');
    const t = await createTestApp(database, { deps: { rateLimit: { windowMs: 60_000, limit: 3 } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await t.app.request('/checkout/sessions/cs_x')).status);
      assert.deepEqual(statuses, [404, 404, 404, 429, 429]);
      const limited = await t.app.request('/checkout/sessions/cs_x');
      assert.equal(((await limited.json()) as { error: { code: string } }).error.code, 'rate_limited');
      assert.equal((await t.api('/api/transactions')).status, 200, 'the merchant API is not affected');
    } finally {
      await t.close();
      await database.drop();
    }
  });

  it('takes its limit from RATE_LIMIT_PER_MINUTE', async () => {
    const database = await createTestDatabase('sqlite');
    const t = await createTestApp(database, { env: { RATE_LIMIT_PER_MINUTE: '2' }, deps: { rateLimit: undefined } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await t.app.request('/checkout/sessions/cs_x')).status);
      assert.deepEqual(statuses, [404, 404, 429, 429]);
      assert.equal((await t.app.request('/checkout/sessions/cs_x')).headers.get('ratelimit-policy'), '2;w=60');
    } finally {
      await t.close();
      await database.drop();
    }
  });
});
