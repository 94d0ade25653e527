/**
 * The same card saved twice is one saved card (issue 17: a loyal customer had 93). A customer pays
 * on the hosted page saving a card, then again with the same card: the platform makes a second
 * alias (we name one per attempt), but the customer keeps one saved card — the first, whose id the
 * merchant knows — and the second alias is deleted at the platform without being announced (no
 * `alias.created`, no `alias.deleted`). Another expiry date or another card is another saved card.
 * A setup session saving the same card names the kept one in `checkout.setup_completed` and in
 * `GET /api/checkout-sessions/:id` (its `savedCard`). Its signed FlexCheckout link reopened after
 * the repeat was deleted stores that alias again at the platform: it is deleted again.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '../support/waiting.ts';
import { paySession, startFlowServer, type FlowServer } from './helpers.ts';
import { events, FAILURE, land, navigate, saveBySetup, setupSession, SUCCESS, typeCard } from './setup-helpers.ts';

describe('the same card saved twice by one customer', () => {
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite', { aliasDeletion: { intervalMs: 50, firstRetryMs: 50 } });
  });
  after(() => flow?.close());

  const saved = async (customer: string) =>
    (await flow.api(`/api/customers/${customer}/aliases`)).body.data as Array<{ id: string; alias: string; last4: string }>;
  const platformAliases = async () =>
    ((await (await fetch(`${flow.url}/sandbox/aliases`)).json()) as { aliases: Array<{ alias: string }> }).aliases.map((a) => a.alias);
  const aliasEvents = async (type: string) => (await events(flow, type)).map((e) => e.data.id as string);

  it('is one saved card: the first kept, the repeat deleted at the platform, nothing announced for it', async () => {
    const customer = 'cust-loyal';
    await paySession(flow, customer, '4111111111111111');
    const [first] = await saved(customer);
    assert.ok(first, 'the first card is saved');
    const second = await paySession(flow, customer, '4111111111111111');
    assert.deepEqual(
      (await saved(customer)).map((a) => a.id),
      [first.id],
      'one saved card',
    );
    assert.deepEqual(
      (await aliasEvents('alias.created')).filter((id) => id === first.id),
      [first.id],
    );
    assert.equal((await aliasEvents('alias.created')).length, 1, 'no alias.created for the repeat');
    // The platform's alias made for the second payment is deleted there; the first stays.
    const repeat = (await flow.api(`/api/transactions/${second}`)).body;
    assert.equal(repeat.state, 'captured');
    await eventually(
      () => platformAliases(),
      (names) => names.includes(first.alias) && names.length === 1,
      'the repeated alias deleted at the platform',
    );
    assert.deepEqual(await aliasEvents('alias.deleted'), [], 'nothing announced for an alias nobody was told of');
    // The kept card still pays.
    const charge = await flow.api(`/api/aliases/${first.id}/charges`, { amount: 500, currency: 'EUR' });
    assert.equal(charge.status, 201, JSON.stringify(charge.body));
  });

  it('another card is another saved card', async () => {
    const customer = 'cust-two-cards';
    await paySession(flow, customer, '4111111111111111');
    await paySession(flow, customer, '5399999999999999');
    assert.deepEqual((await saved(customer)).map((a) => a.last4).sort(), ['1111', '9999']);
  });

  it('a setup session saving the same card names the kept one', async () => {
    const customer = 'cust-setup-again';
    await saveBySetup(flow, customer, '4111111111111111');
    const [kept] = await saved(customer);
    const id = await setupSession(flow, customer);
    const attempt = await navigate(flow, id);
    const landed = await land(await typeCard(attempt.url, '4111111111111111'));
    assert.equal(landed.location, `${SUCCESS}&reference=${attempt.reference}`, landed.text);
    const [completed] = await events(flow, 'checkout.setup_completed', attempt.reference);
    assert.equal(completed?.data.card.aliasId, kept!.id, JSON.stringify(completed?.data));
    // The merchant reading the session sees the same card as its webhook named.
    const session = (await flow.api(`/api/checkout-sessions/${id}`)).body;
    assert.equal(session.status, 'paid');
    assert.equal(session.savedCard?.aliasId, kept!.id, JSON.stringify(session.savedCard));
    assert.deepEqual(
      (await saved(customer)).map((a) => a.id),
      [kept!.id],
    );
  });

  for (const [card, landing] of [
    ['4111111111111111', 'success'],
    ['5399999999999999', 'failure'],
  ] as const) {
    it(`a repeat's link reopened (${landing === 'success' ? 'the same card' : 'another card'}): its alias is deleted at the platform again`, async () => {
      const customer = `cust-reopen-${landing}`;
      await saveBySetup(flow, customer, '4111111111111111');
      const [kept] = await saved(customer);
      const id = await setupSession(flow, customer);
      const attempt = await navigate(flow, id);
      const back = await typeCard(attempt.url, '4111111111111111');
      const repeat = new URL(back).searchParams.get('Alias.AliasId')!;
      assert.equal((await land(back)).location, `${SUCCESS}&reference=${attempt.reference}`);
      await eventually(
        () => platformAliases(),
        (names) => !names.includes(repeat) && names.includes(kept!.alias),
        'the repeat deleted at the platform',
      );
      // History, Back: the same signed link; FlexCheckout stores the alias again.
      const again = await land(await typeCard(attempt.url, card));
      assert.equal(again.location, `${landing === 'success' ? SUCCESS : FAILURE}&reference=${attempt.reference}`, again.text);
      await eventually(
        () => platformAliases(),
        (names) => !names.includes(repeat) && names.includes(kept!.alias),
        'the repeat deleted at the platform again',
      );
      assert.deepEqual(
        (await saved(customer)).map((a) => a.id),
        [kept!.id],
      );
      assert.deepEqual(
        (await events(flow, 'alias.deleted')).filter((e) => e.data.customerId === customer),
        [],
        'nothing announced',
      );
    });
  }
});
