/**
 * A setup session's signed FlexCheckout link opened again after the card was saved and verified
 * (browser history, Back): FlexCheckout updates the same alias with the card the shopper types
 * (Alias.Status 2) and returns, validly signed, for the same attempt. That card was never
 * verified, while our record, the session and `checkout.setup_completed` describe the first one:
 * the shopper is sent to the failure URL and the alias is forgotten, so no merchant charges a card
 * it was not told of. The same card typed again is still saved.
 *
 * The same while the first card's verification waits for 3-D Secure: the return with the new card
 * marks the verification, so the first card's approved challenge saves no alias and does not
 * complete the session; the authorisation is cancelled, and the shopper may save a card at once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { answerChallenge, challengeForm } from '../support/hosted-page.ts';
import { eventually } from '../support/waiting.ts';
import { sandboxPayments, startFlowServer, type FlowServer } from './helpers.ts';
import { events, FAILURE, land, navigate, setupSession, SUCCESS, typeCard } from './setup-helpers.ts';

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

  it('another card typed while the first waits for 3-D Secure: nothing is saved, the verification is cancelled', async () => {
    const customer = 'cust-swap-3ds';
    const id = await setupSession(flow, customer);
    const attempt = await navigate(flow, id);
    const first = await land(await typeCard(attempt.url, '4000000000000002'));
    assert.ok(first.location?.startsWith(`${flow.url}/payment/challenge/`), String(first.location));

    // Back in history: the same signed link, another card typed (the platform updates the alias).
    const second = await land(await typeCard(attempt.url, '4111111111111111'));
    assert.equal(second.location, `${FAILURE}&reference=${attempt.reference}`, second.text);

    // The shopper then completes the first card's 3-D Secure: approved, for the first card.
    const { action, token } = await challengeForm(first.location!);
    const feedback = await answerChallenge(action, token, 'approve');
    const landed = await fetch(feedback, { headers: BROWSER_HEADERS, redirect: 'manual' });
    assert.equal(landed.headers.get('location'), `${FAILURE}&reference=${attempt.reference}`);

    assert.deepEqual(await aliasesOf(customer), [], 'no card is offered as saved');
    assert.deepEqual(await events(flow, 'checkout.setup_completed', attempt.reference), []);
    assert.deepEqual(await events(flow, 'alias.created', attempt.reference), []);
    assert.equal((await flow.api(`/api/checkout-sessions/${id}`)).body.status, 'open');
    await eventually(
      async () => (await sandboxPayments(flow, attempt.reference))[0]?.status,
      (status) => status === 6,
      'the verification cancelled at the platform',
    );

    // The session was let go: the shopper saves a card again, and that one is saved.
    const retry = await navigate(flow, id);
    const saved = await land(await typeCard(retry.url, '4111111111111111'));
    assert.equal(saved.location, `${SUCCESS}&reference=${retry.reference}`, saved.text);
    assert.deepEqual(
      (await aliasesOf(customer)).map((a) => a.last4),
      ['1111'],
    );
  });
});
