/**
 * A setup session in two tabs: tab 1's card waits on 3-D Secure (it holds the session's claim),
 * tab 2's FlexCheckout return arrives meanwhile with another card.
 *
 * setup-return.ts waits up to 15 s for "the other copy" — but tab 2 is another attempt, not a copy
 * of its return — then answered `pending`: the status page, "we are checking your card". Nobody
 * ever verified tab 2's card, and when tab 1's 3-D Secure then failed, tab 2's page went on
 * saying "waiting" until the session expired, for a card that would never be saved.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answerChallenge, challengeForm } from '../support/hosted-page.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { startFlowServer, type FlowServer } from './helpers.ts';
import { land, navigate, setupSession, typeCard } from './setup-helpers.ts';

describe('setup session, second tab returns while the first is in 3-D Secure', () => {
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite');
  });
  after(() => flow?.close());

  it("tab 2's unverified card is not left 'pending' once tab 1 has ended", async () => {
    const customerId = 'cust-second-tab-tabs';
    const id = await setupSession(flow, customerId, { expiresIn: 3600 });
    const tab1 = await navigate(flow, id);
    const tab2 = await navigate(flow, id);
    const challenge = await land(await typeCard(tab1.url, '4000000000000002'));
    assert.ok(challenge.location?.startsWith(`${flow.url}/payment/challenge/`), String(challenge.location));
    const { action, token } = await challengeForm(challenge.location!);

    // Tab 2 saves another card on FlexCheckout while tab 1 sits on its challenge.
    const landing2 = await land(await typeCard(tab2.url, '5555555555554444'));

    // Tab 1's 3-D Secure fails: its card is not saved, the session is open again.
    const feedback = await answerChallenge(action, token, 'fail');
    await fetch(feedback, { headers: BROWSER_HEADERS, redirect: 'manual' });
    await new Promise((r) => setTimeout(r, 300));

    const aliases = (await flow.api(`/api/customers/${customerId}/aliases`)).body.data as unknown[];
    const tx2 = (await flow.api(`/api/transactions/${tab2.reference}`)).body;
    const status2 = await (await fetch(`${flow.url}/payment/status/${tab2.reference}`, { headers: BROWSER_HEADERS })).text();
    const shown = /data-page="([^"]+)"/.exec(status2)?.[1];
    assert.equal(aliases.length, 0, 'nothing saved');
    assert.notEqual(
      shown,
      'card_pending',
      `tab 2 landed on ${landing2.location}; its card was never verified (its attempt is ${String(tx2.state)}), ` +
        `tab 1 has ended, yet tab 2's page still says ${String(shown)}`,
    );
  });
});
