/**
 * A FlexCheckout return that says the alias is NOT stored permanently (Alias.StorePermanently=N).
 *
 * [FLEX] §2.2 "Alias Manager": with the account's opt-in setting the FlexCheckout page shows a
 * checkbox "allowing the customer to decide whether or not to save his financial details"; the
 * return then carries Alias.StorePermanently — a signed output field (§15 "SHA-OUT") — and N
 * means the platform deletes the alias after two hours (§15, §10 "Temporary aliases").
 * aliases/setup-return.ts never read it: the card was verified, recorded as a saved card with
 * `alias.created` / `checkout.setup_completed`, and the shopper sent to the success URL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startFlowServer, type FlowServer } from './helpers.ts';
import { events, land, navigate, setupSession, typeCard, SUCCESS, resigned } from './setup-helpers.ts';

describe('FlexCheckout return with Alias.StorePermanently=N', () => {
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite');
  });
  after(() => flow?.close());

  it('the sandbox return is accepted as-is (control)', async () => {
    const id = await setupSession(flow, 'cust-store-control');
    const attempt = await navigate(flow, id);
    const back = await typeCard(attempt.url, '4111111111111111');
    const landing = await land(await resigned(flow, back, {}));
    assert.equal(landing.location, `${SUCCESS}&reference=${attempt.reference}`);
  });

  it('a card the shopper chose not to store permanently is not reported saved, nor recorded', async () => {
    const customerId = 'cust-store-temporary';
    const id = await setupSession(flow, customerId);
    const attempt = await navigate(flow, id);
    const back = await typeCard(attempt.url, '4111111111111111');
    assert.equal(new URL(back).searchParams.get('Alias.StorePermanently'), 'Y');
    // The shopper unticked the Alias Manager's opt-in box: the platform keeps the alias 2 hours.
    const landing = await land(await resigned(flow, back, { 'Alias.StorePermanently': 'N' }));
    const aliases = (await flow.api(`/api/customers/${customerId}/aliases`)).body.data as unknown[];
    const completed = await events(flow, 'checkout.setup_completed', attempt.reference);
    assert.deepEqual(
      {
        success: landing.location === `${SUCCESS}&reference=${attempt.reference}`,
        aliases: aliases.length,
        setupCompleted: completed.length,
      },
      { success: false, aliases: 0, setupCompleted: 0 },
      `a temporary alias (Alias.StorePermanently=N) was reported saved: landing ${landing.location}, ` +
        `${aliases.length} saved card(s), ${completed.length} checkout.setup_completed`,
    );
  });
});
