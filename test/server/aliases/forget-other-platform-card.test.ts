/**
 * The widget's "Forget this card" for a card saved on the other platform.
 *
 * Review r1221 found: `DELETE /checkout/sessions/:sessionId/saved-cards/:aliasId` (aliases/session-card-deletion.ts
 * forgetSessionCard) checks that the card is the session's customer's, then calls forgetAlias
 * (aliases/deletion.ts), which refuses a card saved on the other platform (before the go-live
 * switch) with 409 `livemode_mismatch` naming `field: "id"` and a message starting "id: …" — the
 * merchant route's path parameter. The widget's route has no `id`: the saved card is `aliasId`.
 * (The same server's saved-card payment, aliases/pay.ts, names `aliasId` for the same refusal.)
 *
 * What the shopper / shop suffers: after the go-live switch a widget page loaded before it (or a
 * shop that kept the card id) asks to forget a test-platform card; the error names a field that
 * does not exist, so the widget / shop cannot tie it to the card it sent. README "Merchant API":
 * errors are a 4xx "that names the field"; README public endpoints: the saved-card DELETE answers
 * "404 naming `aliasId`" for a card it will not forget. The card is also not one this server
 * offers (GET /checkout/sessions/:id hides it), which the route otherwise answers 404 naming
 * `aliasId`.
 *
 * It is now answered as a card the session does not offer: 404 `alias_not_found` naming `aliasId`,
 * nothing sent to the platform.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { createTestApp, newHostedAttempt, postServerFeedback, type TestApp } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

describe('the widget forgetting a card saved on the other platform', () => {
  let database: TestDatabase;
  const apps: TestApp[] = [];
  after(async () => {
    for (const app of apps) await app.close();
    await database?.drop();
  });

  it('answers an error naming aliasId, the route’s own parameter', async () => {
    database = await createTestDatabase('sqlite');
    const customer = { id: 'cust-r1221' };
    const testServer = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'test' } });
    apps.push(testServer);
    const paid = await newHostedAttempt(testServer, { amount: 1999, currency: 'EUR', customer, saveCard: 'optional' }, { saveCard: true });
    const aliasName = (await testServer.repository.getTransaction(paid))!.aliasRequest!;
    assert.equal((await postServerFeedback(testServer, feedbackFor(paid, 9, { ALIAS: aliasName }))).status, 200);
    const [card] = await testServer.repository.listAliases(customer.id);
    assert.ok(card, 'setup: the test-platform card is saved');
    await testServer.close();
    apps.pop();

    // Go-live: the same database, production.
    const live = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'production' } });
    apps.push(live);
    const session = (await (
      await live.api('/api/checkout-sessions', { method: 'POST', json: { amount: 1000, currency: 'EUR', customer } })
    ).json()) as { id: string };
    const response = await live.app.request(`/checkout/sessions/${session.id}/saved-cards/${card.id}`, { method: 'DELETE' });
    const body = (await response.json()) as { error?: { code: string; field?: string; message: string } };
    assert.equal(response.status, 404, JSON.stringify(body));
    assert.equal(body.error?.code, 'alias_not_found');
    assert.equal(body.error?.field, 'aliasId', `the error names a field this route does not have: ${JSON.stringify(body)}`);
    assert.match(body.error?.message ?? '', /^aliasId: /);
  });
});
