/**
 * Found by review r203. After the go-live switch (same database, OGONE_ENVIRONMENT=production), a customer who
 * saved a card on the test platform saves the same card (same brand, masked number, expiry) in a
 * live payment. The live alias is taken for a "repeat" of the TEST alias (repository/saved-card.ts
 * insertSavedCard matches on customer/brand/number/expiry, not on livemode): it is born
 * deletion_pending and DELALIAS'd at production, while the only card left is the test one — not
 * offered in a live checkout, refused 409 livemode_mismatch when the merchant charges it.
 * The shopper agreed to save the card and it is silently not saved.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { createTestApp, newHostedAttempt, postServerFeedback, type TestApp } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

describe('a live card saved after the go-live switch is not a repeat of a test card', () => {
  let database: TestDatabase;
  const apps: TestApp[] = [];
  after(async () => {
    for (const app of apps) await app.close();
    await database?.drop();
  });

  it('the live alias is kept and offered; the test card does not swallow it', async () => {
    database = await createTestDatabase('sqlite');
    const customer = { id: 'cust-r203-live' };
    const testServer = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'test' } });
    apps.push(testServer);
    const testPaid = await newHostedAttempt(
      testServer,
      { amount: 1999, currency: 'EUR', customer, saveCard: 'optional' },
      { saveCard: true },
    );
    const testAlias = (await testServer.repository.getTransaction(testPaid))!.aliasRequest!;
    assert.equal((await postServerFeedback(testServer, feedbackFor(testPaid, 5, { ALIAS: testAlias }))).status, 200);
    await testServer.close();
    apps.pop();

    // Go-live: the same database, production. No DirectLink user: nothing is sent anywhere.
    const live = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'production' } });
    apps.push(live);
    const livePaid = await newHostedAttempt(live, { amount: 1999, currency: 'EUR', customer, saveCard: 'optional' }, { saveCard: true });
    const liveAlias = (await live.repository.getTransaction(livePaid))!.aliasRequest!;
    assert.ok(liveAlias && liveAlias !== testAlias);
    assert.equal((await postServerFeedback(live, feedbackFor(livePaid, 5, { ALIAS: liveAlias }))).status, 200);

    const stored = (await live.repository.listAliases(customer.id)).concat();
    const listed = (await (await live.api(`/api/customers/${customer.id}/aliases`)).json()) as {
      data: Array<{ id: string; livemode: boolean; alias?: string }>;
    };
    const liveCards = listed.data.filter((card) => card.livemode === true);
    assert.equal(
      liveCards.length,
      1,
      `the card the shopper saved in a live payment is not saved: the customer's cards are ${JSON.stringify(listed.data)} ` +
        `(repository: ${JSON.stringify(stored.map((a) => ({ alias: a.alias, livemode: a.livemode, deletionStatus: a.deletionStatus })))}) — ` +
        'the live alias was taken for a repeat of the test-platform alias, deleted at production, and the only card left ' +
        'is one production does not know (409 livemode_mismatch on every charge, not offered in the widget)',
    );
  });
});
