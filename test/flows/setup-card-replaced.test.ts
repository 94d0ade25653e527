/**
 * A setup session's signed FlexCheckout link opened again after the card was saved and verified
 * (browser history, Back): FlexCheckout updates the same alias with the card the shopper types
 * (Alias.Status 2) and returns, validly signed, for the same attempt. That card was never
 * verified, while our record, the session and `checkout.setup_completed` describe the first one:
 * the shopper is sent to the failure URL and the alias is forgotten, so no merchant charges a card
 * it was not told of. The same card typed again is still saved.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startFlowServer, type FlowServer } from './helpers.ts';
import { FAILURE, land, navigate, setupSession, SUCCESS, typeCard } from './setup-helpers.ts';

describe('a setup attempt whose alias is updated after the card was saved', () => {
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite');
  });
  after(() => flow?.close());

  const aliasesOf = async (customer: string) =>
    (await flow.api(`/api/customers/${customer}/aliases`)).body.data as Array<{ id: string; last4: string }>;

  it('the same card typed again is still saved', async () => {
    const id = await setupSession(flow, 'cust-same-card');
    const attempt = await navigate(flow, id);
    const first = await land(await typeCard(attempt.url, '4111111111111111'));
    assert.equal(first.location, `${SUCCESS}&reference=${attempt.reference}`, first.text);
    const again = await land(await typeCard(attempt.url, '4111111111111111'));
    assert.equal(again.location, `${SUCCESS}&reference=${attempt.reference}`, again.text);
    assert.equal((await aliasesOf('cust-same-card')).length, 1);
  });

  it('another card is not reported saved, and the alias holding it is forgotten', async () => {
    const id = await setupSession(flow, 'cust-card-replaced');
    const attempt = await navigate(flow, id);
    const first = await land(await typeCard(attempt.url, '4111111111111111'));
    assert.equal(first.location, `${SUCCESS}&reference=${attempt.reference}`, first.text);
    const [saved] = await aliasesOf('cust-card-replaced');
    assert.equal(saved?.last4, '1111');

    // The same signed link, opened again: a card the platform would refuse.
    const second = await land(await typeCard(attempt.url, '4000000000000200'));
    assert.equal(second.location, `${FAILURE}&reference=${attempt.reference}`, second.text);
    assert.deepEqual(await aliasesOf('cust-card-replaced'), [], 'no saved card is offered any more');
    const charge = await flow.api(`/api/aliases/${saved!.id}/charges`, { amount: 1200, currency: 'EUR' });
    assert.ok(
      charge.status === 404 || charge.status === 409,
      `a charge of the replaced card: ${charge.status} ${JSON.stringify(charge.body)}`,
    );
  });
});
