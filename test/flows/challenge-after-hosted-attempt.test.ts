/**
 * A 3-D Secure challenge outliving its claim, then a hosted-page attempt on the same session
 * (challenge-after-claim-taken-over.test.ts has a saved-card one). routes/public/checkout.ts asks
 * the platform about the expired claim (settleExpiredClaim) and hands out the signed form; a
 * hosted-page attempt takes no claim, so the first challenge was still served while the shopper
 * was on the hosted page: both could be paid, the second given back only afterwards. The page now
 * answers 410 once the session has a newer attempt.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../server/clock.ts';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { answerChallenge, isChallenge, payOnHostedPage } from '../support/hosted-page.ts';
import { BROWSER_INFO, type FlowServer, hostedAttempt, postAttempt, saveCard, startFlowServer } from './helpers.ts';

describe('a 3-D Secure challenge outliving its claim, then a hosted-page attempt (sqlite)', { timeout: 60_000 }, () => {
  let flow: FlowServer;
  const clock = manualClock(new Date());
  let secureCard: string;

  before(async () => {
    flow = await startFlowServer('sqlite', {
      clock,
      reconciler: { intervalMs: 0 },
      directLink: { timeoutMs: 5000, rtimeoutSeconds: false },
    });
    secureCard = await saveCard(flow, 'cust-3ds-h', '4000000000000002');
  });
  after(() => flow?.close());

  it('the first challenge page is gone once the hosted-page attempt took the session over', async () => {
    const created = await flow.api('/api/checkout-sessions', {
      amount: 6161,
      currency: 'EUR',
      customer: { id: 'cust-3ds-h', name: 'Zoë Test' },
      saveCard: 'optional',
    });
    assert.equal(created.status, 201);
    const id = created.body.id as string;

    const first = (await (await postAttempt(flow, id, { aliasId: secureCard, browser: BROWSER_INFO })).json()) as AttemptResult;
    assert.equal(first.kind, 'challenge', JSON.stringify(first));
    if (first.kind !== 'challenge') return;

    // Ten minutes later the shopper chooses to type a card on the hosted page instead.
    clock.advance(601_000);
    const second = await hostedAttempt(flow, id, {});

    // While the shopper is on the hosted page, the first tab's challenge is finished.
    const page = await fetch(first.url, { headers: BROWSER_HEADERS });
    const html = await page.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const token = /name="TOKEN" value="([^"]+)"/.exec(html)?.[1];
    if (page.status === 200 && action && token) await answerChallenge(action, token, 'approve');
    // And the hosted page is paid.
    const location = await payOnHostedPage(second, '4111111111111111', { holder: 'Zoë Test' });
    assert.ok(!isChallenge(location));

    const all = ((await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: Array<Record<string, any>> }).payments;
    const charged = all.filter((p) => Number(p.amount) === 6161 && ![0, 1, 2, 46, 93].includes(Number(p.status)));
    assert.equal(charged.length, 1, JSON.stringify(charged.map((p) => [p.orderId, p.status])));
    assert.equal(
      page.status,
      410,
      `the session was taken over by the hosted-page attempt: its challenge must be gone; orders charged: ${JSON.stringify(
        charged.map((p) => [p.orderId, p.status]),
      )}`,
    );
  });
});
