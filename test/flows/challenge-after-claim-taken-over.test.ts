/**
 * A saved-card attempt waiting for 3-D Secure (STATUS 46) whose claim on its session expired
 * (CLAIM_SECONDS, 600 s), then a second attempt on the same session with another saved card.
 *
 * The second attempt asks the platform about the first (aliases/pay.ts settleExpiredClaim): a 46
 * lets it take the session and send its order — an abandoned challenge must not block the
 * session for good. But the first attempt's challenge page was still served while its payment
 * was `pending`: the shopper finishing it (the tab left open, the browser's history) was charged
 * a second time for one session, the duplicate given back only afterwards. README "One paid
 * payment per session". The page now answers 410 once another attempt holds the session.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../server/clock.ts';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { answerChallenge } from '../support/hosted-page.ts';
import { BROWSER_INFO, type FlowServer, postAttempt, saveCard, startFlowServer } from './helpers.ts';

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

  it('one charge for the session: the abandoned challenge is not completed beside a second order', async () => {
    const created = await flow.api('/api/checkout-sessions', {
      amount: 5151,
      currency: 'EUR',
      customer: { id: 'cust-3ds', name: 'Zoë Test' },
      saveCard: 'optional',
    });
    assert.equal(created.status, 201);
    const id = created.body.id as string;

    const first = (await (await postAttempt(flow, id, { aliasId: secureCard, browser: BROWSER_INFO })).json()) as AttemptResult;
    assert.equal(first.kind, 'challenge', JSON.stringify(first));
    if (first.kind !== 'challenge') return;

    // The shopper leaves the challenge tab open; 10 minutes later tries the other saved card.
    clock.advance(601_000);
    const second = await postAttempt(flow, id, { aliasId: plainCard, browser: BROWSER_INFO });
    const secondBody = await second.text();

    // Then finishes the first tab's challenge.
    const page = await fetch(first.url, { headers: BROWSER_HEADERS });
    const html = await page.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const token = /name="TOKEN" value="([^"]+)"/.exec(html)?.[1];
    if (page.status === 200 && action && token) await answerChallenge(action, token, 'approve');
    assert.equal(second.status, 201, secondBody);
    assert.equal(page.status, 410, 'the session was taken over: its challenge is gone');

    const all = ((await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: Array<Record<string, any>> }).payments;
    // Every order of the session the card was charged for: paid (5, 9) — or paid and given back
    // since (the duplicate's automatic RFS / DES: 8, 7, 6…).
    const charges = all.filter((p) => Number(p.amount) === 5151 && ![0, 1, 2, 46, 93].includes(Number(p.status)));
    assert.equal(
      charges.length,
      1,
      `charges at the platform for one session: ${JSON.stringify(charges.map((p) => [p.orderId, p.status]))}; ` +
        `second attempt ${second.status} ${secondBody}; first challenge page ${page.status}`,
    );
  });
});
