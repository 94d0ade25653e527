/**
 * Found by review r1626 (2026-12-07), now fixed.
 * The fix: fillSavedCard runs the same-card check (under the customer's lock) when it fills a card's expiry in; a match with a live card makes the filled row its repeat (same_card_as, deletion pending), announced by alias.deleted in the same write (its alias.created went out when the query saved it), and repeats of the row point at the kept card.
 *
 * What is wrong: server/repository/saved-card.ts. The customer already has a saved card K (VISA
 * XXXXXXXXXXXX1111, expiry 1230). The shopper pays again on the hosted page with the same card and
 * ticks "save"; every feedback is lost and the merchant's sync (a DirectLink query) settles the
 * payment, naming our alias and the masked CARDNO but no ED ([DL] "Direct Query";
 * docs/ogone-protocol.md §10 "A card saved through a query"). insertSavedCard looks for a repeat
 * with `expiry IS NULL` only, so the card is saved as a second card. The platform's deferred
 * feedback then comes with ED=1230 and fillSavedCard (same file) fills the expiry in — without
 * looking for the card it now repeats. The customer is left with two live saved cards with the
 * same brand, masked number and expiry date, both listed, both offered in the widget, both
 * chargeable, and two aliases kept at the platform.
 *
 * Why it matters: docs/ogone-protocol.md §10 "The same card saved again": "When the customer
 * already has a live saved card with the same brand, masked number and expiry date, that one is
 * kept (its id is what the merchant charges) and the repeat is recorded only to be deleted at the
 * platform … never listed"; and §10 "A card saved through a query": the deferred feedback fills
 * the expiry in "so … the same card saved again is known as a repeat". README "Webhooks": "a card
 * saved again — the same brand, masked number and expiry — keeps its saved card and id".
 *
 * Expected: once the deferred feedback gives the card its expiry and it matches the customer's
 * live card K, one saved card is listed (K); the newer alias is a repeat, deleted at the platform.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { newHostedAttempt, postServerFeedback } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels } from '../maintenance/history-levels.ts';

const PAYID = '3014726';

for (const kind of DATABASE_KINDS) {
  describe(`the same card saved again through a query, then its deferred feedback (${kind})`, () => {
    const platform = historyLevels(PAYID);
    let aliasName = '';
    // The query's head answer names the alias and the masked card number, no ED ([DL] "Direct Query").
    const app = appWithFakePlatform(kind, async (path, form) => {
      const answer = await platform.handle(path, form);
      return path.includes('querydirect') && form.PAYIDSUB === undefined
        ? { ...answer, ALIAS: aliasName, CARDNO: 'XXXXXXXXXXXX1111' }
        : answer;
    });

    it('is one saved card once its expiry date is known', async () => {
      const t = app.t;
      const customerId = `cust-r1626-${kind}`;
      const session = { amount: 1999, currency: 'EUR', customer: { id: customerId }, saveCard: 'optional' };

      // The card K, saved by a first payment whose feedback arrived (VISA …1111, ED 1230).
      const first = await newHostedAttempt(t, session, { saveCard: true });
      const firstAlias = (await t.repository.getTransaction(first))!.aliasRequest!;
      assert.equal((await postServerFeedback(t, feedbackFor(first, 9, { ALIAS: firstAlias, PAYID: '3014700' }))).status, 200);
      const kept = await t.repository.listAliases(customerId);
      assert.equal(kept.length, 1, 'precondition: the first payment saved the card');

      // The same card paid again and saved; its feedback lost, the merchant's sync settles it.
      const second = await newHostedAttempt(t, session, { saveCard: true });
      aliasName = (await t.repository.getTransaction(second))!.aliasRequest!;
      platform.start(second, '9');
      const sync = await t.api(`/api/transactions/${second}/sync`, { method: 'POST' });
      assert.equal(sync.status, 200, await sync.clone().text());
      assert.equal((await t.repository.getTransaction(second))!.state, 'captured', 'precondition: the query found it captured');

      // The platform's deferred feedback of that payment: ED and CN (the same PAYID and card).
      assert.equal((await postServerFeedback(t, feedbackFor(second, 9, { ALIAS: aliasName, PAYID }))).status, 200);
      assert.equal(
        (await t.repository.getTransaction(second))!.expiry,
        '1230',
        'precondition: the deferred feedback filled the payment in',
      );

      const listed = (await (await t.api(`/api/customers/${customerId}/aliases`)).json()) as {
        data: Array<{ id: string; alias: string; brand: string; last4: string; expiry: string | null }>;
      };
      assert.deepEqual(
        listed.data.map((card) => card.id),
        [kept[0]!.id],
        `one card (VISA …1111, 12/30) saved twice is listed as ${listed.data.length} cards: ` +
          JSON.stringify(listed.data.map((card) => [card.id, card.alias, card.brand, card.last4, card.expiry])),
      );

      // The card the query saved was announced (alias.created); once it is the repeat, its id is
      // gone for the merchant: one alias.deleted says so, with the id announced (review r1626).
      const events = (await (await t.api(`/api/events?reference=${second}`)).json()) as {
        data: Array<{ type: string; data: { id?: string; alias?: string; deletedAt?: string } }>;
      };
      const cards = events.data.filter((event) => event.type.startsWith('alias.'));
      const created = cards.filter((event) => event.type === 'alias.created');
      const deleted = cards.filter((event) => event.type === 'alias.deleted');
      assert.equal(created.length, 1, `precondition: the query's card was announced: ${JSON.stringify(cards)}`);
      assert.equal(deleted.length, 1, `the repeat's alias.deleted: ${JSON.stringify(cards)}`);
      assert.equal(deleted[0]!.data.id, created[0]!.data.id);
      assert.equal(deleted[0]!.data.alias, aliasName);
      assert.ok(deleted[0]!.data.deletedAt, 'deletedAt');
      // A second feedback of the same payment fills nothing more, announces nothing more.
      assert.equal((await postServerFeedback(t, feedbackFor(second, 9, { ALIAS: aliasName, PAYID, CN: 'Other Name' }))).status, 200);
      const again = (await (await t.api(`/api/events?reference=${second}`)).json()) as { data: Array<{ type: string }> };
      assert.equal(again.data.filter((event) => event.type === 'alias.deleted').length, 1);
    });
  });
}
