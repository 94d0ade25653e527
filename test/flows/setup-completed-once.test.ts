/**
 * A setup session completed once. Tab 1's verification waits on 3-D Secure (the shopper leaves
 * the challenge open); its claim (CLAIM_SECONDS, 10 min) runs out, so tab 2 — the same session —
 * claims it, verifies another card and completes the session. Tab 1's challenge is then
 * answered: its authorisation used to record a second card, with a second `alias.created` and
 * `checkout.setup_completed`. Now only the verification that completed the session records its
 * card (feedback/decide.ts; the repository's check for concurrent ones), and tab 1's is cancelled;
 * tab 1's shopper lands on the failure URL (feedback/destination.ts), not on "card saved".
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answerChallenge, challengeForm } from '../support/hosted-page.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { startFlowServer, type FlowServer } from './helpers.ts';
import { events, FAILURE, land, navigate, setupSession, SUCCESS, typeCard } from './setup-helpers.ts';

describe('a setup session whose 3-D Secure tab outlives its claim', () => {
  let flow: FlowServer;
  let offset = 0;
  before(async () => {
    flow = await startFlowServer('sqlite', { clock: { now: () => new Date(Date.now() + offset) } });
  });
  after(() => flow?.close());

  it('completes once', async () => {
    const id = await setupSession(flow, 'cust-twice', { expiresIn: 3600 });
    const tab1 = await navigate(flow, id);
    const challenge = await land(await typeCard(tab1.url, '4000000000000002'));
    assert.ok(challenge.location?.startsWith(`${flow.url}/payment/challenge/`), String(challenge.location));
    const { action, token } = await challengeForm(challenge.location!);

    offset = 11 * 60_000; // the shopper left tab 1 on the challenge for 11 minutes
    const tab2 = await navigate(flow, id);
    const saved2 = await land(await typeCard(tab2.url, '4111111111111111'));
    assert.equal(saved2.location, `${SUCCESS}&reference=${tab2.reference}`, saved2.text);

    // Tab 1's challenge is answered now. Its card is not saved: the failure URL, as the
    // FlexCheckout return says for the same case, never the success URL with tab 1's reference.
    const feedback = await answerChallenge(action, token, 'approve');
    const landed = await fetch(feedback, { headers: BROWSER_HEADERS, redirect: 'manual' });
    assert.equal(landed.headers.get('location'), `${FAILURE}&reference=${tab1.reference}`);
    await new Promise((r) => setTimeout(r, 500));

    const completed = (await events(flow, 'checkout.setup_completed')).filter((e) => e.data.sessionId === id);
    const aliases = (await flow.api('/api/customers/cust-twice/aliases')).body.data as Array<Record<string, any>>;
    assert.deepEqual(
      { completed: completed.length, cards: aliases.map((a) => a.last4) },
      { completed: 1, cards: ['1111'] },
      'one completion of the session, one card saved by it',
    );
  });
});
