/**
 * A saved-card attempt whose DirectLink answer is lost (timeout; the platform charged): the
 * session's claim holds CLAIM_SECONDS (600 s), while the reconciler asks about drafts only later,
 * on its own round. The shopper's retry just after the claim expired, before any reconciler
 * round, used to charge the card a second time; now the platform is asked first
 * (aliases/pay.ts settleExpiredClaim): the session is found paid and the retry refused.
 * The same for an attempt waiting for 3-D Secure (pending) whose challenge was approved while its
 * feedback is late: only drafts used to be asked about, and the retry charged another card.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../server/clock.ts';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import {
  answerLosingFetch,
  approveWithFeedbackLate,
  BROWSER_INFO,
  type FlowServer,
  postAttempt,
  saveCard,
  startFlowServer,
} from './helpers.ts';

describe('a saved-card attempt retried after its unanswered claim expired', { timeout: 120_000 }, () => {
  let flow: FlowServer;
  /** The next orderdirect call never reaches the platform: a timeout for work never done. */
  let dropNextOrder = false;
  const lossy = answerLosingFetch(async (input, init) => {
    if (dropNextOrder && String(input).includes('orderdirect')) {
      dropNextOrder = false;
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    }
    return fetch(input, init);
  });
  const clock = manualClock(new Date());
  let card: string;

  before(async () => {
    flow = await startFlowServer('sqlite', {
      clock,
      // The reconciler's tick (RECONCILE_INTERVAL_SECONDS, 300 s by default) has not come yet.
      reconciler: { intervalMs: 0 },
      directLink: { timeoutMs: 1500, rtimeoutSeconds: false, fetch: lossy.fetch },
    });
    card = await saveCard(flow, 'cust-claim', '4111111111111111');
  });
  after(() => flow?.close());

  const attempt = (sessionId: string) => postAttempt(flow, sessionId, { aliasId: card, browser: BROWSER_INFO });

  it('one charge for the session after a lost answer and a retry 601 s later', async () => {
    const created = await flow.api('/api/checkout-sessions', {
      amount: 3141,
      currency: 'EUR',
      customer: { id: 'cust-claim', name: 'Zoë Test' },
      saveCard: 'optional',
    });
    assert.equal(created.status, 201);
    const id = created.body.id as string;

    lossy.loseNextAnswer('orderdirect');
    const first = await attempt(id);
    assert.ok(first.status >= 500, `first attempt: ${first.status} ${await first.text()}`);

    const early = await attempt(id);
    assert.equal(early.status, 409, 'the claim holds right after the timeout');

    clock.advance(601_000);
    const retry = await attempt(id);
    const retryBody = await retry.text();

    assert.equal(retry.status, 409, retryBody);
    assert.equal((JSON.parse(retryBody) as { error: { code: string } }).error.code, 'session_paid');
    const all = ((await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: Array<Record<string, any>> }).payments;
    const charges = all.filter((p) => Number(p.amount) === 3141 && [5, 9].includes(Number(p.status)));
    assert.equal(
      charges.length,
      1,
      `charges at the platform for one session: ${JSON.stringify(charges.map((p) => [p.orderId, p.status]))}; retry ${retry.status} ${retryBody}`,
    );
  });

  it('a retry after the claim expired goes ahead when the platform never got the order', async () => {
    const created = await flow.api('/api/checkout-sessions', {
      amount: 2718,
      currency: 'EUR',
      customer: { id: 'cust-claim', name: 'Zoë Test' },
      saveCard: 'optional',
    });
    const id = created.body.id as string;
    dropNextOrder = true;
    const first = await attempt(id);
    assert.ok(first.status >= 500, `first attempt: ${first.status} ${await first.text()}`);
    assert.equal((await attempt(id)).status, 409, 'the claim holds right after the timeout');
    clock.advance(601_000);
    const retry = await attempt(id);
    const body = await retry.text();
    assert.equal(retry.status, 201, body);
    assert.equal((JSON.parse(body) as { state: string }).state, 'captured');
    const all = ((await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: Array<Record<string, any>> }).payments;
    assert.equal(all.filter((p) => Number(p.amount) === 2718).length, 1, 'one charge: the retry');
  });

  // Last: it leaves the platform's server-to-server feedback failing.
  it('one charge for the session when a 3-D Secure attempt was approved and its feedback is late', async () => {
    const secureCard = await saveCard(flow, 'cust-claim', '4000000000000002');
    const created = await flow.api('/api/checkout-sessions', {
      amount: 4242,
      currency: 'EUR',
      customer: { id: 'cust-claim', name: 'Zoë Test' },
      saveCard: 'optional',
    });
    const id = created.body.id as string;
    const first = await postAttempt(flow, id, { aliasId: secureCard, browser: BROWSER_INFO });
    const challenge = (await first.json()) as AttemptResult;
    assert.equal(challenge.kind, 'challenge', JSON.stringify(challenge));
    if (challenge.kind !== 'challenge') return;
    await approveWithFeedbackLate(flow, challenge.url);
    assert.equal((await flow.api(`/api/transactions/${challenge.reference}`)).body.state, 'pending', 'not heard of yet');

    clock.advance(601_000);
    const retry = await attempt(id);
    const body = await retry.text();
    assert.equal(retry.status, 409, body);
    const all = ((await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: Array<Record<string, any>> }).payments;
    const charges = all.filter((p) => Number(p.amount) === 4242 && [5, 9].includes(Number(p.status)));
    assert.equal(charges.length, 1, `one charge: ${JSON.stringify(charges.map((p) => [p.orderId, p.status]))}`);
    assert.notEqual((await flow.api(`/api/transactions/${challenge.reference}`)).body.state, 'pending', 'the platform was asked');
  });
});
