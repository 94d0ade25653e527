/**
 * Found by review r211. A hosted-page payment whose shopper ticked "save my card" is
 * answered 91 (capture processed offline) with ALIAS in its feedback, then settles to 9 through the
 * reconciler's query — the documented path (docs/ogone-protocol.md §9: status changes are not sent
 * by default, captures settle through queries), and a DirectLink answer carries ALIAS "only when
 * the back office says so" (feedback/decide.ts). Before 53e2f56 the 91 authorised the payment and
 * decide.ts saved the card from that feedback's ALIAS. Now the 91 is `pending` — no card saved —
 * and the 9 that makes the payment paid carries no ALIAS, which decide.ts reads as "the shopper
 * chose not to save it": the card is never recorded, no alias.created, the alias orphaned at the
 * platform, and the merchant can never charge the card the shopper agreed to store.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appWithFakePlatform, platformAnswer } from './fake-platform.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';

describe('a saved card on a hosted payment answered 91, then 9 by query', () => {
  const fake = appWithFakePlatform('sqlite', (path, form) => {
    if (!path.includes('querydirect')) throw new Error(`unexpected call ${path}`);
    // The platform's answer: captured. No ALIAS (the back office adds it only when told to).
    return platformAnswer({
      orderID: form.ORDERID ?? '',
      PAYID: '3014726',
      ACCEPTANCE: 'test123',
      STATUS: '9',
      amount: '19.99',
      PM: 'CreditCard',
      BRAND: 'VISA',
    });
  });

  it('keeps the card the shopper agreed to save', async () => {
    const t = fake.t;
    const customer = { id: 'cust-r211-91' };
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR', customer, saveCard: 'optional' }, { saveCard: true });
    const aliasName = (await t.repository.getTransaction(reference))!.aliasRequest!;
    assert.ok(aliasName, 'the attempt asked for an alias');

    // The platform's feedback: 91 ("payment processing"), the alias created and named in it.
    assert.equal((await fake.feedback(feedbackFor(reference, 91, { ALIAS: aliasName }))).status, 200);
    // Later, the reconciler's query (here the sync route) reads 9: captured.
    const sync = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.equal(sync.status, 200, await sync.clone().text());
    const paid = await t.repository.getTransaction(reference);
    assert.equal(paid?.state, 'captured', 'the payment is paid');

    const cards = await t.repository.listAliases(customer.id);
    assert.deepEqual(
      cards.map((c) => c.alias),
      [aliasName],
      `the shopper ticked "save my card", the payment is ${paid?.state}, the platform named alias ${aliasName} in the 91 feedback — ` +
        'yet no saved card was recorded: the 91 no longer saves it and the 9 (a query answer) carries no ALIAS',
    );
  });
});
