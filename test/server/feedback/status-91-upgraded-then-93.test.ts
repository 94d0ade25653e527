/**
 * Found by review r230 (F3), upgrade only. Before migration 0024 (db/payment-flags-migration.ts) a
 * pending payment's STATUS 91 naming its ALIAS saved the card: a row in `aliases` whose reference
 * is that payment, listed for the customer and chargeable. Now a 91 only confirms the alias and the
 * card is saved once paid (feedback/decide.ts savedCard). A payment that was at its 91 when the
 * server was upgraded keeps that row; when its 93 (payment refused) arrives, the payment is
 * declined, never paid — yet the card stayed listed for the customer, and chargeable.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { SERVER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';
import { lastFour } from '../../../server/payments/card.ts';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a card saved at a 91 by a release before migration 0024, then a 93 (${kind})`, () => {
    const t = useTestApp(kind);

    const post = (params: Record<string, string>) =>
      t.app.request('/payment/ogone/return', {
        method: 'POST',
        body: new URLSearchParams(params).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
      });

    /** A hosted attempt whose 91 an earlier release applied: pending, last STATUS 91, its card saved. */
    const upgradedAt91 = async (customerId: string) => {
      const reference = await newHostedAttempt(
        t,
        { amount: 1999, currency: 'EUR', customer: { id: customerId }, saveCard: 'optional' },
        { saveCard: true },
      );
      const alias = (await t.repository.getTransaction(reference))!.aliasRequest!;
      assert.ok(alias, 'the attempt asked for an alias');
      await t.repository.mutateTransaction(reference, (current) => ({
        patch: { state: 'pending', lastStatus: 91, payid: '3014726', brand: 'VISA', cardNumber: 'XXXXXXXXXXXX1111', expiry: '1230' },
        alias: {
          record: {
            customerId,
            alias,
            brand: 'VISA',
            cardNumber: 'XXXXXXXXXXXX1111',
            last4: lastFour('XXXXXXXXXXXX1111'),
            expiry: '1230',
            cardHolder: 'Bárbara Souza',
            reference: current.reference,
          },
        },
        result: true,
      }));
      const [card] = await t.repository.listAliases(customerId);
      assert.equal(card?.alias, alias, 'precondition: the old release saved the card at the 91');
      return { reference, alias, card: card! };
    };

    const listed = async (customerId: string) => {
      const response = await t.api(`/api/customers/${customerId}/aliases`);
      assert.equal(response.status, 200);
      return ((await response.json()) as { data: Array<{ alias: string }> }).data.map((card) => card.alias);
    };

    it('the 93 forgets the card: no longer listed, its deletion at the platform requested', async () => {
      const customerId = `cust-r230-f3-${kind}`;
      const { reference, alias, card } = await upgradedAt91(customerId);
      assert.equal((await post(feedbackFor(reference, 93, { ALIAS: alias, NCERROR: '30001001', ACCEPTANCE: '' }))).status, 200);
      assert.equal((await t.repository.getTransaction(reference))?.state, 'declined');
      assert.deepEqual(
        await listed(customerId),
        [],
        `the payment ${reference} was refused, never paid, yet the card ${alias} it saved at its 91 is still the customer's`,
      );
      const forgotten = await t.repository.getAlias(card.id);
      assert.equal(forgotten?.deletionStatus, 'pending', 'deleted at the platform by the alias deleter, as a forgotten card');
      assert.equal(forgotten?.cardHolder, null, "a forgotten card keeps no holder's name");
      const [due] = await t.repository.claimAliasDeletions({ now: t.clock.now().toISOString(), limit: 1, leaseMs: 45_000, id: card.id });
      assert.equal(due?.id, card.id, "due for the alias deleter's DELALIAS (then alias.deleted), as a card the merchant forgets");
    });

    it('keeps it when a paid payment saved the same card since (its repeat points at it)', async () => {
      const customerId = `cust-r230-f3-kept-${kind}`;
      const { reference, alias } = await upgradedAt91(customerId);
      // Paid later with the same card: recorded as a repeat of the card saved at the 91 (saved-card.ts).
      const paid = await newHostedAttempt(
        t,
        { amount: 1999, currency: 'EUR', customer: { id: customerId }, saveCard: 'optional' },
        { saveCard: true },
      );
      const repeat = (await t.repository.getTransaction(paid))!.aliasRequest!;
      assert.equal((await post(feedbackFor(paid, 9, { ALIAS: repeat }))).status, 200);
      assert.deepEqual(await listed(customerId), [alias], 'precondition: the paid payment repeats the card saved at the 91');
      assert.equal((await post(feedbackFor(reference, 93, { ALIAS: alias, NCERROR: '30001001', ACCEPTANCE: '' }))).status, 200);
      assert.equal((await t.repository.getTransaction(reference))?.state, 'declined');
      assert.deepEqual(await listed(customerId), [alias], `the card is the one ${paid} (paid) kept: it stays saved`);
    });

    // Found by review r270: a late 2 of an earlier try also takes the pending payment to
    // `declined`, but the 9 may pay it yet; forgotten at the 2, its card was deleted at the platform.
    it('a late 2 before the 9 forgets nothing: the paid payment keeps the card its shopper saved', async () => {
      const customerId = `cust-r270-late2-${kind}`;
      const { reference, alias, card } = await upgradedAt91(customerId);
      assert.equal((await post(feedbackFor(reference, 2, { PAYID: '3014726', NCERROR: '30001001', ACCEPTANCE: '' }))).status, 200);
      assert.equal((await post(feedbackFor(reference, 9, { PAYID: '3014726', ALIAS: alias }))).status, 200);
      assert.equal((await t.repository.getTransaction(reference))?.state, 'captured', 'precondition: the 9 pays the payment');
      const row = await t.repository.getAlias(card.id);
      assert.deepEqual(
        { listed: await listed(customerId), deletionStatus: row?.deletionStatus ?? null },
        { listed: [alias], deletionStatus: null },
        `the payment ${reference} is paid and its shopper saved the card ${alias}: it must not be forgotten`,
      );
    });
  });
}
