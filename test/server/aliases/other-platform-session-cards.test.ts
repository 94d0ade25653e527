/**
 * Found by review r1627 (2026-12-07), now fixed.
 * The fix: GET /checkout/sessions/:id lists no saved card for a session of the other platform, and forgetSessionCard refuses one with 409 livemode_mismatch (assertSamePlatform), as an attempt on it is refused.
 *
 * What is wrong: a checkout session made for Ogone's test platform, before the go-live switch, still
 * shows and forgets the customer's LIVE saved cards once the server runs on production (same
 * database, README "Going live"). server/routes/public/checkout.ts `GET /checkout/sessions/:id`
 * filters the saved cards by the server's platform but never looks at the session's own platform,
 * and server/aliases/session-card-deletion.ts forgetSessionCard checks the card's platform
 * (platformMismatch on the alias) but not the session's: through a test session's id — test pages,
 * logs and fixtures hold it for up to 30 days — anyone lists the live customer's real cards and
 * has them deleted at production (DELALIAS, `alias.deleted`). Test customers' ids are the
 * merchant's own ids, so a test session made for "cust-42" during integration reaches the real
 * cust-42's cards.
 *
 * Why it matters: README "Going live": every session "keeps the livemode of the platform it was
 * made for … What was made for the test platform is never sent to production … an attempt on a
 * test session … answer[s] 409 livemode_mismatch … and a live checkout does not offer the test
 * cards." README "Security model": the session is the shopper's proof of who they are; a session
 * the server refuses to pay on (test) must not prove anything about live cards either.
 * docs/ogone-protocol.md §15 "Forgetting a card from the widget": "the deletion of §10, scoped to
 * the session's customer".
 *
 * Expected: a test session's public view offers no live saved card, and forgetting a live card
 * through it is refused (409 livemode_mismatch or 404; nothing marked, nothing sent): the card stays saved.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { createTestApp, newHostedAttempt, postServerFeedback, type TestApp } from '../../support/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';

for (const kind of DATABASE_KINDS) {
  describe(`a test-platform session after the go-live switch, and the customer's live cards (${kind})`, () => {
    let database: TestDatabase | undefined;
    const apps: TestApp[] = [];
    after(async () => {
      for (const app of apps) await app.close();
      await database?.drop();
    });

    it('neither lists nor forgets a live card', async () => {
      database = await createTestDatabase(kind);
      const customer = { id: `cust-r1627-${kind}` };
      // Integration testing: a session for the customer on the test platform.
      const testServer = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'test' } });
      apps.push(testServer);
      const created = await testServer.api('/api/checkout-sessions', {
        method: 'POST',
        json: { amount: 1999, currency: 'EUR', customer, saveCard: 'optional', expiresIn: 7 * 24 * 3600 },
      });
      assert.equal(created.status, 201);
      const testSession = ((await created.json()) as { id: string; livemode: boolean }).id;

      // Go-live: the same database, production. The real customer saves a card in a live payment.
      const live = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'production' } });
      apps.push(live);
      const paid = await newHostedAttempt(live, { amount: 1999, currency: 'EUR', customer, saveCard: 'optional' }, { saveCard: true });
      const alias = (await live.repository.getTransaction(paid))!.aliasRequest!;
      assert.equal((await postServerFeedback(live, feedbackFor(paid, 9, { ALIAS: alias }))).status, 200);
      const [card] = await live.repository.listAliases(customer.id);
      assert.ok(card && card.livemode === true, 'precondition: a live card is saved');

      // Control: the test session cannot be paid on the live server.
      const attempt = await live.app.request(`/checkout/sessions/${testSession}/attempts`, {
        method: 'POST',
        body: JSON.stringify({ aliasId: card.id }),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(attempt.status, 409, 'precondition: an attempt on a test session is refused (livemode_mismatch)');

      const view = (await (await live.app.request(`/checkout/sessions/${testSession}`)).json()) as {
        savedCards: Array<{ id: string }>;
      };
      const forgotten = await live.app.request(`/checkout/sessions/${testSession}/saved-cards/${card.id}`, { method: 'DELETE' });
      const after = await live.repository.getAlias(card.id);
      assert.deepEqual(
        {
          offered: view.savedCards.map((saved) => saved.id),
          // Refused as the widget's other refusals are (409 livemode_mismatch, or 404 naming aliasId).
          deleteRefused: forgotten.status === 409 || forgotten.status === 404,
          cardDeletion: after?.deletionStatus ?? null,
        },
        { offered: [], deleteRefused: true, cardDeletion: null },
        "a test-platform session showed and forgot the customer's live saved card",
      );
    });
  });
}
