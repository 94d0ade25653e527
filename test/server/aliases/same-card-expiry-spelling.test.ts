/**
 * Found by review r1625 (2026-12-07), now fixed.
 * The fix: insertSavedCard (and fillSavedCard) compare the expiry dates by their digits (the stored expiry with '/' removed against the new one's), so ED 12/30 and 1230 are one card and the second save is its repeat.
 *
 * What is wrong: server/repository/saved-card.ts insertSavedCard decides whether a newly saved card
 * repeats one the customer already has by comparing the stored expiry text exactly
 * (`.where('expiry', '=', record.expiry)`). The product itself reads the platform's expiry date in
 * two spellings, MMYY and MM/YY (server/payments/views.ts formatExpiry: "Ogone sends ED as MMYY
 * (or MM/YY)"; server/aliases/card-expiry.ts; server/aliases/setup-return.ts cardChanged compares
 * "two spellings of one date (MMYY, MM/YY)" by their digits), and stores ED / Card.ExpiryDate as
 * received. The same card (VISA, XXXXXXXXXXXX1111, expiring December 2030) saved once with ED
 * `12/30` and once with ED `1230` becomes two listed, chargeable saved cards.
 *
 * Why it matters: docs/ogone-protocol.md §10 "The same card saved again" (issue 17: "the same card
 * saved twice should be one alias"): when the customer already has a live saved card with the same
 * brand, masked number and expiry date, that one is kept and the repeat is only deleted at the
 * platform — never listed, no `alias.created`. Here the shopper's widget lists "VISA •••• 1111,
 * expires 12/30" twice, the merchant gets a second `alias.created`, and the platform keeps a second
 * alias for one card.
 *
 * Expected: the expiry dates compared as dates (their digits), so the second save is a repeat of
 * the first: one saved card listed, one `alias.created`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { newHostedAttempt, postServerFeedback, useTestApp } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';

for (const kind of DATABASE_KINDS) {
  describe(`the same card saved twice, its expiry spelt MM/YY then MMYY (${kind})`, () => {
    const t = useTestApp(kind);

    async function saveCard(customerId: string, ed: string): Promise<void> {
      const reference = await newHostedAttempt(
        t,
        { amount: 1999, currency: 'EUR', customer: { id: customerId }, saveCard: 'optional' },
        { saveCard: true },
      );
      const alias = (await t.repository.getTransaction(reference))!.aliasRequest!;
      const answered = await postServerFeedback(t, feedbackFor(reference, 9, { ALIAS: alias, ED: ed }));
      assert.equal(answered.status, 200);
    }

    it('control: the same spelling twice is one saved card', async () => {
      const customer = `cust-r1625-same-${kind}`;
      await saveCard(customer, '1230');
      await saveCard(customer, '1230');
      assert.equal((await t.repository.listAliases(customer)).length, 1);
    });

    it('12/30 then 1230 is one saved card, not two', async () => {
      const customer = `cust-r1625-spelling-${kind}`;
      await saveCard(customer, '12/30');
      await saveCard(customer, '1230');
      const listed = (await (await t.api(`/api/customers/${customer}/aliases`)).json()) as {
        data: Array<{ id: string; brand: string; last4: string; expiry: string }>;
      };
      assert.equal(
        listed.data.length,
        1,
        `one card (VISA …1111, December 2030) saved twice is listed ${listed.data.length} times: ${JSON.stringify(listed.data)}`,
      );
    });
  });
}
