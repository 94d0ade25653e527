/**
 * Setup sessions in-process (issue 19): `POST /api/checkout-sessions` with `mode: "setup"` —
 * what it refuses (400 naming the field), what it stores and shows — the widget's view and its
 * attempt (the signed FlexCheckout URL), the return refusing what is not ours, and the
 * forget-card endpoint's answers that need no platform (scoping, expiry). Without a DirectLink API
 * user no setup session is made (501 naming mode): its card could not be verified.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult, PublicCheckoutView } from '../../../shared/schemas/api.ts';
import { flexRequestSignature } from '../../../server/ogone/flexcheckout.ts';
import { createDirectLinkClient } from '../../../server/directlink/client.ts';
import { providerConfig, TEST_ENV } from '../../support/accounts.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

for (const kind of DATABASE_KINDS) {
  describe(`setup sessions over the API on ${kind}`, () => {
    let database: TestDatabase;
    let t: TestApp;
    before(async () => {
      database = await createTestDatabase(kind);
      // No call reaches it here: these cases end before the card verification.
      t = await createTestApp(database, { deps: { directLink: createDirectLinkClient({ config: providerConfig('http://127.0.0.1:1') }) } });
    });
    after(async () => {
      await t?.close();
      await database?.drop();
    });

    const create = async (json: unknown) => {
      const response = await t.api('/api/checkout-sessions', { method: 'POST', json });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    };
    const customer = { id: 'cust-setup', email: 'zoe@example.com' };

    it('refuses an amount, a missing customer and an unknown mode, naming the field', async () => {
      const cases: Array<[unknown, string]> = [
        [{ mode: 'setup', amount: 100, currency: 'EUR', customer }, 'amount'],
        [{ mode: 'setup', amount: 0, customer }, 'amount'],
        [{ mode: 'setup' }, 'customer'],
        [{ mode: 'setup', customer: { name: 'no id' } }, 'customer.id'],
        [{ mode: 'subscription', customer }, 'mode'],
        [{ mode: 'setup', customer, currency: 'EURO' }, 'currency'],
      ];
      for (const [body, field] of cases) {
        const answer = await create(body);
        assert.equal(answer.status, 400, JSON.stringify(body));
        assert.equal(answer.body.error.code, 'invalid_request');
        assert.equal(answer.body.error.field, field, `${JSON.stringify(body)}: ${answer.body.error.message}`);
        assert.match(answer.body.error.message, new RegExp(field.replace('.', '\\.')));
      }
      // A setup session always saves the card: saveCard is not among its fields.
      const saveCard = await create({ mode: 'setup', customer, saveCard: 'never' });
      assert.equal(saveCard.status, 400);
      assert.match(saveCard.body.error.message, /saveCard/);
    });

    it('stores amount 0 in the verification currency (EUR by default) and shows the mode, no card yet', async () => {
      const plain = await create({ mode: 'setup', customer });
      assert.equal(plain.status, 201);
      assert.equal(plain.body.mode, 'setup');
      assert.equal(plain.body.amount, 0);
      assert.equal(plain.body.currency, 'EUR');
      assert.equal(plain.body.savedCard, null);
      assert.equal(plain.body.saveCard, 'always');
      const yen = await create({ mode: 'setup', customer, currency: 'JPY' });
      assert.equal(yen.body.currency, 'JPY');
      const shown = await t.api(`/api/checkout-sessions/${plain.body.id}`);
      assert.equal(((await shown.json()) as { mode: string }).mode, 'setup');
      // A payment session is unchanged, with or without mode "payment".
      const payment = await create({ mode: 'payment', amount: 1999, currency: 'EUR' });
      assert.equal(payment.status, 201);
      assert.equal(payment.body.mode, 'payment');
      assert.equal('savedCard' in payment.body, false);
      assert.equal((await create({ amount: 1999, currency: 'EUR' })).body.mode, 'payment');
    });

    it("the widget's view says setup and 0; the attempt is a signed FlexCheckout URL on the platform's host", async () => {
      const session = await create({ mode: 'setup', customer, locale: 'de-DE' });
      const view = (await (await t.app.request(`/checkout/sessions/${session.body.id}`)).json()) as PublicCheckoutView;
      assert.equal(view.mode, 'setup');
      assert.equal(view.amount, 0);
      assert.equal(view.status, 'open');
      const response = await t.app.request(`/checkout/sessions/${session.body.id}/attempts`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(response.status, 201);
      const attempt = (await response.json()) as AttemptResult;
      assert.equal(attempt.kind, 'navigate');
      if (attempt.kind !== 'navigate') return;
      const url = new URL(attempt.url);
      assert.equal(`${url.origin}${url.pathname}`, 'https://ogone.test.v-psp.com/Tokenization/HostedPage');
      const fields = Object.fromEntries(url.searchParams);
      assert.equal(fields['ACCOUNT.PSPID'], TEST_ENV.OGONE_PSPID);
      assert.equal(fields['LAYOUT.LANGUAGE'], 'de_DE');
      assert.equal(fields['PARAMETERS.ACCEPTURL'], `${TEST_ENV.PUBLIC_URL}/payment/flex/return`);
      const { 'SHASIGNATURE.SHASIGN': signature, ...signed } = fields;
      assert.equal(signature, flexRequestSignature(signed, { passphrase: TEST_ENV.OGONE_SHA_IN, algorithm: 'sha512' }));
      // The draft verification: one unit of the currency, an authorisation only, our alias name.
      const transaction = await t.repository.getTransaction(attempt.reference);
      assert.equal(transaction?.amount, 100);
      assert.equal(transaction?.operation, 'RES');
      assert.equal(transaction?.aliasRequest, fields['ALIAS.ALIASID']);
      // A setup session pays with no saved card.
      const withAlias = await t.app.request(`/checkout/sessions/${session.body.id}/attempts`, {
        method: 'POST',
        body: JSON.stringify({ aliasId: 'alias_x' }),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(withAlias.status, 400);
      assert.equal(((await withAlias.json()) as { error: { field: string } }).error.field, 'aliasId');
    });

    it('a return that is not signed, or signed for an attempt not ours, stores nothing', async () => {
      const unsigned = await t.app.request('/payment/flex/return?Alias.AliasId=OC-X&Alias.OrderId=OC-1&Alias.Status=0');
      assert.equal(unsigned.status, 400);
      const session = await create({ mode: 'setup', customer: { id: 'cust-return' } });
      const pairs: Array<[string, string]> = [
        ['Alias.AliasId', 'OC-NOT-OURS'],
        ['Alias.OrderId', 'OC-NOT-OURS'],
        ['Alias.Status', '0'],
      ];
      const signature = flexRequestSignature(Object.fromEntries(pairs), { passphrase: TEST_ENV.OGONE_SHA_OUT, algorithm: 'sha512' });
      const query = new URLSearchParams([...pairs, ['SHASign', signature]]);
      const foreign = await t.app.request(`/payment/flex/return?${query.toString()}`);
      assert.equal(foreign.status, 404);
      assert.equal((await t.repository.listAliases('cust-return')).length, 0);
      assert.equal((await t.repository.getSession(session.body.id))?.status, 'open');
    });

    it('a genuine return after the session expired saves nothing and sends nothing: the failure URL', async () => {
      const session = await create({
        mode: 'setup',
        customer: { id: 'cust-late' },
        expiresIn: 60,
        failureUrl: 'https://shop.example.com/cards?failed=1',
      });
      const response = await t.app.request(`/checkout/sessions/${session.body.id}/attempts`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      const attempt = (await response.json()) as Extract<AttemptResult, { kind: 'navigate' }>;
      const alias = new URL(attempt.url).searchParams.get('ALIAS.ALIASID')!;
      const pairs: Array<[string, string]> = [
        ['Alias.AliasId', alias],
        ['Card.Brand', 'VISA'],
        ['Card.CardNumber', 'XXXXXXXXXXXX1111'],
        ['Alias.OrderId', attempt.reference],
        ['Alias.Status', '0'],
        ['Alias.StorePermanently', 'Y'],
      ];
      const signature = flexRequestSignature(Object.fromEntries(pairs), { passphrase: TEST_ENV.OGONE_SHA_OUT, algorithm: 'sha512' });
      t.clock.advance(61_000);
      const late = await t.app.request(`/payment/flex/return?${new URLSearchParams([...pairs, ['SHASign', signature]]).toString()}`);
      assert.equal(late.status, 303);
      assert.equal(late.headers.get('location'), `https://shop.example.com/cards?failed=1&reference=${attempt.reference}`);
      assert.equal((await t.repository.getTransaction(attempt.reference))?.state, 'draft');
      assert.equal((await t.repository.listAliases('cust-late')).length, 0);
    });

    it('forgetting a card: 404 for an unknown or foreign card, 410 once the session expired', async () => {
      const session = await create({ mode: 'setup', customer: { id: 'cust-forget' }, expiresIn: 60 });
      const forget = (aliasId: string) =>
        t.app.request(`/checkout/sessions/${session.body.id}/saved-cards/${aliasId}`, { method: 'DELETE' });
      const unknown = await forget('alias_unknown');
      assert.equal(unknown.status, 404);
      assert.equal(((await unknown.json()) as { error: { field: string } }).error.field, 'aliasId');
      assert.equal((await t.app.request('/checkout/sessions/cs_unknown/saved-cards/alias_x', { method: 'DELETE' })).status, 404);
      t.clock.advance(61_000);
      assert.equal((await forget('alias_unknown')).status, 410);
    });
  });
}

describe('setup sessions without a DirectLink API user', () => {
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

  it('are refused with 501 naming mode, before any shopper types a card; payment sessions are made', async () => {
    const setup = await t.api('/api/checkout-sessions', { method: 'POST', json: { mode: 'setup', customer: { id: 'cust-no-dl' } } });
    assert.equal(setup.status, 501);
    const body = (await setup.json()) as { error: { code: string; field?: string } };
    assert.equal(body.error.code, 'directlink_unavailable');
    assert.equal(body.error.field, 'mode');
    const payment = await t.api('/api/checkout-sessions', { method: 'POST', json: { amount: 1000, currency: 'EUR' } });
    assert.equal(payment.status, 201);
  });
});
