/**
 * Found by review r760: a setup session that saved a card the customer already had (a repeat,
 * `same_card_as`: docs/ogone-protocol.md §10 "The same card saved again") told the shopper "saved"
 * on a return after the kept card was forgotten. The signed FlexCheckout link opened again (or the
 * return replayed) makes the platform store the session's alias again; deleteStoredAgain answered
 * 'repeat' and the outcome stayed 'saved' — the shop's success URL while the customer had no
 * saved card at all. A session whose own card was forgotten went to the failure URL.
 *
 * Now expected (§10: a return after "the card the session saved was forgotten … the shopper sent
 * to the failure URL, whichever card was typed"; the card a repeat session saved is the kept one,
 * named in `checkout.setup_completed`): when the kept card is deleted or its deletion pending, the
 * return is 'not_saved' and the shopper goes to the failure URL, the repeat deleted again at the
 * platform (server/aliases/setup-return.ts afterVerification).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { paidWithSavedCard } from '../../support/app.ts';
import { startSetupOnApp } from '../../support/flex-return.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';

const SUCCESS = 'https://shop.example.com/cards?saved=1';
const FAILURE = 'https://shop.example.com/cards?failed=1';

describe('a repeat setup session, its kept card forgotten, then its FlexCheckout return again', () => {
  let payIds = 7100000;
  const fake = appWithFakePlatform('sqlite', (path, form): Record<string, string> => {
    if (path.includes('orderdirect'))
      return platformAnswer({
        orderID: form.ORDERID!,
        PAYID: String(++payIds),
        ACCEPTANCE: 'test123',
        STATUS: '5',
        amount: '1',
        PM: 'CreditCard',
        BRAND: 'VISA',
      });
    if (path.includes('maintenancedirect'))
      return platformAnswer({
        orderID: form.ORDERID ?? '',
        PAYID: form.PAYID ?? '',
        PAYIDSUB: '1',
        ACCEPTANCE: 'test123',
        STATUS: '6',
        amount: '1',
      });
    throw new Error(`unexpected call ${path}`);
  });

  async function setupReturn(customerId: string) {
    const setup = await startSetupOnApp(fake.t, customerId, { successUrl: SUCCESS, failureUrl: FAILURE });
    return { reference: setup.reference, url: setup.returnUrl };
  }

  /** The card forgotten as DELETE /api/aliases/:id forgets it, its DELALIAS confirmed (alias.deleted). */
  async function forget(id: string) {
    const t = fake.t;
    const now = t.clock.now().toISOString();
    await t.repository.requestAliasDeletion(id, now);
    const [claim] = await t.repository.claimAliasDeletions({ now, limit: 1, leaseMs: 60_000, id });
    assert.ok(claim);
    assert.equal(
      await t.repository.recordAliasDeletion(id, {
        ok: true,
        at: now,
        claim,
        event: (a) => ({ type: 'alias.deleted', reference: a.reference, data: { id: a.id } }),
      }),
      true,
    );
  }

  it('control: a session whose own card was forgotten sends the shopper to the failure URL', async () => {
    const t = fake.t;
    const setup = await setupReturn('cust-setup-own-forgotten');
    const first = await t.app.request(setup.url('0'));
    assert.equal(first.headers.get('location')?.startsWith(SUCCESS), true, 'the card is saved');
    const card = (await t.repository.listAliases('cust-setup-own-forgotten'))[0]!;
    await forget(card.id);
    const again = await t.app.request(setup.url('2'));
    assert.equal(again.headers.get('location')?.startsWith(FAILURE), true, `went to ${again.headers.get('location')}`);
  });

  it('a repeat session whose kept card was forgotten is not reported saved either', async () => {
    const t = fake.t;
    const kept = await paidWithSavedCard(t, 'cust-setup-repeat-forgotten');
    const setup = await setupReturn('cust-setup-repeat-forgotten');
    const first = await t.app.request(setup.url('0'));
    assert.equal(first.headers.get('location')?.startsWith(SUCCESS), true, 'the card is saved (as a repeat of the kept one)');
    const cards = await t.repository.listAliases('cust-setup-repeat-forgotten');
    assert.deepEqual(
      cards.map((c) => c.id),
      [kept.card.id],
      'precondition: one card listed, the kept one; the verification recorded a repeat',
    );

    await forget(kept.card.id);
    assert.deepEqual(await t.repository.listAliases('cust-setup-repeat-forgotten'), [], 'the customer has no saved card any more');

    // The signed link opened again: FlexCheckout stores the session's alias again (Alias.Status 2).
    const again = await t.app.request(setup.url('2'));
    const location = again.headers.get('location') ?? '';
    assert.equal(again.status, 303);
    assert.ok(location.startsWith(FAILURE), `the shopper was sent to ${location}: told "card saved" while the customer has no saved card`);
  });
});
