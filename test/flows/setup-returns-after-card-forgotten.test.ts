/**
 * A setup session's card saved, then forgotten (`DELETE /api/aliases/:id`): every way back to the
 * shop agrees with the status page ("Card removed") and sends the shopper to the failure URL, not
 * to the success URL for a reference whose card is gone (docs/ogone-protocol.md §15). A return
 * that stores the card again did so already (review r760); found by review r830: the signed
 * FlexCheckout link reopened and cancelled (Alias.Status 3), and the 3-D Secure return loaded
 * again, both still went to the success URL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answerChallenge, challengeForm } from '../support/hosted-page.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { startFlowServer, type FlowServer } from './helpers.ts';
import { cancelOn, FAILURE, land, navigate, setupSession, SUCCESS, typeCard } from './setup-helpers.ts';

describe('the returns of a setup session whose saved card was forgotten since', () => {
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite');
  });
  after(() => flow?.close());

  /** Forgets the customer's one card; the status page then says "removed". */
  async function forget(customerId: string, reference: string): Promise<void> {
    const [card] = (await flow.api(`/api/customers/${customerId}/aliases`)).body.data as Array<{ id: string }>;
    assert.ok(card, 'the card was saved');
    assert.equal((await flow.api(`/api/aliases/${card.id}`, 'DELETE')).status, 200);
    const html = await (await fetch(`${flow.url}/payment/status/${reference}`)).text();
    assert.equal(/data-page="([^"]+)"/.exec(html)?.[1], 'card_removed');
  }

  it('the signed FlexCheckout link reopened and cancelled: the failure URL', async () => {
    const customerId = 'cust-forgotten-cancel';
    const attempt = await navigate(flow, await setupSession(flow, customerId));
    const first = await land(await typeCard(attempt.url, '4111111111111111'));
    assert.equal(first.location, `${SUCCESS}&reference=${attempt.reference}`, first.text);
    await forget(customerId, attempt.reference);

    const again = await land(await cancelOn(attempt.url));
    assert.equal(again.location, `${FAILURE}&reference=${attempt.reference}`);
  });

  it('the 3-D Secure return loaded again: the failure URL', async () => {
    const customerId = 'cust-forgotten-3ds';
    const attempt = await navigate(flow, await setupSession(flow, customerId));
    const challenge = await land(await typeCard(attempt.url, '4000000000000002'));
    assert.ok(challenge.location?.startsWith(`${flow.url}/payment/challenge/`), String(challenge.location));
    const { action, token } = await challengeForm(challenge.location!);
    const feedback = await answerChallenge(action, token, 'approve');
    const landed = await fetch(feedback, { headers: BROWSER_HEADERS, redirect: 'manual' });
    assert.equal(landed.headers.get('location'), `${SUCCESS}&reference=${attempt.reference}`);
    await forget(customerId, attempt.reference);

    const again = await fetch(feedback, { headers: BROWSER_HEADERS, redirect: 'manual' });
    assert.equal(again.headers.get('location'), `${FAILURE}&reference=${attempt.reference}`);
  });
});
