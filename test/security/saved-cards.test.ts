/**
 * A saved card (Ogone alias) belongs to one customer: a checkout of another customer, or of no
 * customer, cannot pay with it, see it or learn it exists — and nothing is sent to the platform.
 * Real server, sandbox as Ogone (hosted page to save the card, DirectLink to pay with it).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { SCALE_SANDBOX_ACCOUNT, serverEnv } from '../support/accounts.ts';
import { api, createPayment } from '../support/merchant.ts';
import { freePort } from '../support/listen.ts';
import { startSandbox, type RunningSandbox } from '../support/sandbox.ts';
import { payOnHostedPage } from '../support/hosted-page.ts';

describe("another customer's saved card", { timeout: 60_000 }, () => {
  let database: TestDatabase;
  let sandbox: RunningSandbox;
  let server: RunningServer;

  before(async () => {
    database = await createTestDatabase('sqlite');
    const port = await freePort();
    sandbox = await startSandbox({ ...SCALE_SANDBOX_ACCOUNT, feedbackUrl: `http://127.0.0.1:${port}/payment/ogone/return` });
    server = await startServer({
      env: serverEnv(sandbox.url, { ...database.env, ALLOWED_ORIGINS: 'https://shop.example.com' }),
      port,
      host: '127.0.0.1',
      quiet: true,
    });
  });
  after(async () => {
    await server?.close();
    await sandbox?.close();
    await database?.drop();
  });

  async function attempt(sessionId: string, body: unknown) {
    const response = await fetch(`${server.url}/checkout/sessions/${sessionId}/attempts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  it('is refused like a missing one, sends nothing to the platform, and works for its owner', async () => {
    // Alice saves her card on the hosted page.
    const first = await createPayment(server.url, { amount: 2500, currency: 'EUR', customer: { id: 'alice' }, saveCard: 'always' });
    await payOnHostedPage(first.attempt, '4111111111111111', { save: true });
    const aliceView = (await (
      await fetch(
        `${server.url}/checkout/sessions/${(await createPayment(server.url, { amount: 100, currency: 'EUR', customer: { id: 'alice' }, saveCard: 'optional' })).sessionId}`,
      )
    ).json()) as { savedCards: Array<{ id: string; last4: string }> };
    assert.equal(aliceView.savedCards.length, 1);
    const aliceCard = aliceView.savedCards[0]!.id;
    const platformPayments = () => sandbox.sandbox.payments().length;

    // Bob's checkout: Alice's card is not listed, and paying with it is refused.
    const bob = await api(server.url, '/api/checkout-sessions', {
      json: { amount: 9900, currency: 'EUR', customer: { id: 'bob' }, saveCard: 'optional' },
    });
    assert.equal(bob.status, 201);
    const bobView = (await (await fetch(`${server.url}/checkout/sessions/${bob.body.id}`)).json()) as { savedCards: unknown[] };
    assert.deepEqual(bobView.savedCards, []);
    const before = platformPayments();
    const refused = await attempt(bob.body.id, { aliasId: aliceCard });
    assert.equal(refused.status, 404, JSON.stringify(refused.body));
    assert.equal(refused.body.error.code, 'alias_not_found');
    assert.equal(refused.body.error.field, 'aliasId');
    const missing = await attempt(bob.body.id, { aliasId: 'alias_does_not_exist' });
    assert.deepEqual(missing, refused, 'indistinguishable from a card that does not exist');
    // A checkout without a customer cannot use it either.
    const anonymous = await api(server.url, '/api/checkout-sessions', { json: { amount: 500, currency: 'EUR', saveCard: 'optional' } });
    assert.equal((await attempt(anonymous.body.id, { aliasId: aliceCard })).status, 404);
    assert.equal(platformPayments(), before, 'no DirectLink order was sent');
    const bobTransactions = await api(server.url, `/api/transactions?session=${bob.body.id}`);
    assert.deepEqual(bobTransactions.body.data, [], 'no transaction was created for Bob');
    const listed = await api(server.url, '/api/customers/bob/aliases');
    assert.equal(listed.status, 200);
    assert.equal(JSON.stringify(listed.body).includes(aliceCard), false);

    // Alice herself can pay with it (the refusal is about ownership, not about saved cards).
    const again = await api(server.url, '/api/checkout-sessions', {
      json: { amount: 1200, currency: 'EUR', customer: { id: 'alice' }, saveCard: 'optional' },
    });
    const paid = await attempt(again.body.id, { aliasId: aliceCard });
    assert.equal(paid.status, 201, JSON.stringify(paid.body));
    assert.equal(paid.body.kind, 'completed');
    assert.equal(platformPayments(), before + 1);
  });
});
