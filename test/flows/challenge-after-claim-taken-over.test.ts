/**
 * A saved-card attempt waiting for 3-D Secure (STATUS 46) whose claim on its session expired
 * (CLAIM_SECONDS, 600 s), then another attempt on the same session: with another saved card, or
 * on the hosted page.
 *
 * The next attempt asks the platform about the first (aliases/pay.ts settleExpiredClaim): a 46
 * lets it take the session — an abandoned challenge must not block the session for good. But the
 * first attempt's challenge page was still served while its payment was `pending`: the shopper
 * finishing it (the tab left open, the browser's history) was charged a second time for one
 * session, the duplicate given back only afterwards. README "One paid payment per session". The
 * page now answers 410 once another attempt holds the session, or (a hosted-page attempt takes no
 * claim) once one was made after its claim expired.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../server/clock.ts';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { answerChallenge, isChallenge, payOnHostedPage } from '../support/hosted-page.ts';
import { BROWSER_INFO, type FlowServer, hostedAttempt, postAttempt, saveCard, startFlowServer } from './helpers.ts';
import { land, navigate, setupSession, typeCard } from './setup-helpers.ts';

describe('a 3-D Secure challenge outliving its session claim (sqlite)', { timeout: 60_000 }, () => {
  let flow: FlowServer;
  const clock = manualClock(new Date());
  let secureCard: string;
  let plainCard: string;

  before(async () => {
    flow = await startFlowServer('sqlite', {
      clock,
      reconciler: { intervalMs: 0 },
      directLink: { timeoutMs: 5000, rtimeoutSeconds: false },
    });
    secureCard = await saveCard(flow, 'cust-3ds', '4000000000000002');
    plainCard = await saveCard(flow, 'cust-3ds', '4111111111111111');
  });
  after(() => flow?.close());

  /** A session whose saved-card attempt waits on its challenge, left open for 10 minutes. */
  async function abandonedChallenge(amount: number): Promise<{ id: string; challengeUrl: string; reference: string; issuerPage: string }> {
    const created = await flow.api('/api/checkout-sessions', {
      amount,
      currency: 'EUR',
      customer: { id: 'cust-3ds', name: 'Zoë Test' },
      saveCard: 'optional',
    });
    assert.equal(created.status, 201);
    const id = created.body.id as string;
    const first = (await (await postAttempt(flow, id, { aliasId: secureCard, browser: BROWSER_INFO })).json()) as AttemptResult;
    assert.equal(first.kind, 'challenge', JSON.stringify(first));
    const challenge = first as Extract<AttemptResult, { kind: 'challenge' }>;
    // Our page, shown at once, hands the browser over to the issuer's (its auto-posted form).
    const html = await (await fetch(challenge.url, { headers: BROWSER_HEADERS })).text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const token = /name="TOKEN" value="([^"]+)"/.exec(html)?.[1];
    assert.ok(action && token, html);
    clock.advance(601_000);
    return { id, challengeUrl: challenge.url, reference: challenge.reference, issuerPage: `${action}#${token}` };
  }

  /** The first tab's challenge, approved if its page is still served: the page's status. */
  async function finishChallenge(url: string): Promise<number> {
    const page = await fetch(url, { headers: BROWSER_HEADERS });
    const html = await page.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const token = /name="TOKEN" value="([^"]+)"/.exec(html)?.[1];
    if (page.status === 200 && action && token) await answerChallenge(action, token, 'approve');
    return page.status;
  }

  /** The session's orders the card was charged for: paid (5, 9), or paid and given back since (8, 7, 6…). */
  async function charges(amount: number): Promise<string[]> {
    const all = ((await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: Array<Record<string, any>> }).payments;
    return all
      .filter((p) => Number(p.amount) === amount && ![0, 1, 2, 46, 93].includes(Number(p.status)))
      .map((p) => `${p.orderId} ${p.status}`);
  }

  it('another saved card: one charge for the session, the abandoned challenge gone', async () => {
    const { id, challengeUrl } = await abandonedChallenge(5151);
    const second = await postAttempt(flow, id, { aliasId: plainCard, browser: BROWSER_INFO });
    const secondBody = await second.text();
    const page = await finishChallenge(challengeUrl);
    assert.equal(second.status, 201, secondBody);
    assert.equal(page, 410, 'the session was taken over: its challenge is gone');
    assert.equal((await charges(5151)).length, 1, JSON.stringify(await charges(5151)));
  });

  it('the hosted page: the challenge is gone while the shopper pays there, one charge', async () => {
    const { id, challengeUrl } = await abandonedChallenge(6161);
    const second = await hostedAttempt(flow, id, {});
    const page = await finishChallenge(challengeUrl);
    const location = await payOnHostedPage(second, '4111111111111111', { holder: 'Zoë Test' });
    assert.ok(!isChallenge(location));
    assert.equal(page, 410, 'a hosted-page attempt made after the claim expired took the session over');
    assert.equal((await charges(6161)).length, 1, JSON.stringify(await charges(6161)));
  });

  // The 410 guards our page only: a tab left open on the issuer's page is beyond our reach, and the
  // platform cannot be asked to drop an order waiting for authentication (46). Finished there, its
  // payment is the session's second: flagged a duplicate of the one that took the session over and
  // given back, as a second hosted-page tab's is (README "One paid payment per session").
  it("the issuer's page left open and finished after the takeover: that payment is given back", async () => {
    const { id, reference, issuerPage } = await abandonedChallenge(7373);
    const second = await postAttempt(flow, id, { aliasId: plainCard, browser: BROWSER_INFO });
    const secondBody = (await second.json()) as AttemptResult;
    assert.equal(second.status, 201, JSON.stringify(secondBody));
    const [action, token] = issuerPage.split('#') as [string, string];
    await answerChallenge(action, token, 'approve');

    const deadline = Date.now() + 20_000;
    let view = (await flow.api(`/api/transactions/${reference}`)).body;
    const givenBack = (v: Record<string, any>) =>
      (v.operations ?? []).some((op: Record<string, any>) => ['refund', 'cancel'].includes(op.kind) && op.amount === 7373);
    while (!(view.duplicateOf && givenBack(view)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      view = (await flow.api(`/api/transactions/${reference}`)).body;
    }
    assert.equal(view.duplicateOf, secondBody.reference, JSON.stringify(view));
    assert.ok(givenBack(view), `the second payment was not given back: ${JSON.stringify(view.operations)}`);
    const session = (await flow.api(`/api/checkout-sessions/${id}`)).body;
    assert.equal(session.paidReference, secondBody.reference, 'the session stays paid by the attempt that took it over');
  });

  it('a setup session: a form handed out in a second tab before the first tab claimed the session takes nothing over', async () => {
    // A setup session claims its session only when the shopper comes back from FlexCheckout, not
    // when its form is handed out: tab 1's form at 0, tab 2's at 11 minutes, tab 1's card at 12.
    const id = await setupSession(flow, 'cust-3ds-setup', { expiresIn: 7200 });
    const tab1 = await navigate(flow, id);
    clock.advance(11 * 60_000);
    const tab2 = await navigate(flow, id);
    assert.notEqual(tab2.reference, tab1.reference);
    const challenge = await land(await typeCard(tab1.url, '4000000000000002'));
    assert.ok(challenge.location?.startsWith(`${flow.url}/payment/challenge/`), JSON.stringify(challenge));
    const page = await fetch(challenge.location!, { headers: BROWSER_HEADERS });
    assert.equal(page.status, 200, `tab 1 holds the claim; its challenge was refused: ${(await page.text()).slice(0, 200)}`);
  });
});
