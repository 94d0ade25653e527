/**
 * A saved-card payment holding its session (3-D Secure challenge in progress, the claim of
 * server/payments/session-claims.ts) also holds off a hosted-page attempt on the same session:
 * the shopper's second tab got a signed form, paid, and the session was charged twice (given back
 * afterwards with DUPLICATE_PAYMENTS=refund, kept with `keep`). And once that claim expired, a
 * hosted-page attempt asks the platform about the saved-card payment first: approved while its
 * feedback was late, it had been paid, and the hosted page was handed out beside it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../server/clock.ts';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { approveWithFeedbackLate, BROWSER_INFO, type FlowServer, postAttempt, saveCard, startFlowServer } from './helpers.ts';

describe('saved-card claim against a hosted-page attempt', { timeout: 120_000 }, () => {
  let flow: FlowServer;
  let secureCard: string;
  const clock = manualClock(new Date());
  before(async () => {
    flow = await startFlowServer('sqlite', { clock, reconciler: { intervalMs: 0 } });
    secureCard = await saveCard(flow, 'cust-mixed', '4000000000000002');
  });
  after(() => flow?.close());

  const attempt = (sessionId: string, body: Record<string, unknown>) => postAttempt(flow, sessionId, body);

  it('a hosted-page attempt while a saved-card payment holds the session is 409 attempt_in_progress', async () => {
    const created = await flow.api('/api/checkout-sessions', {
      amount: 2500,
      currency: 'EUR',
      customer: { id: 'cust-mixed', name: 'Zoë Test' },
      saveCard: 'optional',
    });
    assert.equal(created.status, 201);
    const id = created.body.id as string;

    const saved = await attempt(id, { aliasId: secureCard, browser: BROWSER_INFO });
    assert.equal(saved.status, 201);
    const challenge = (await saved.json()) as AttemptResult;
    assert.equal(challenge.kind, 'challenge', 'the saved-card payment waits for 3-D Secure and holds the session');

    // Same session, other tab, "Use another card": the server must not hand out a second payable form.
    const hosted = await attempt(id, {});
    const body = (await hosted.json()) as { error?: { code: string }; kind?: string };
    assert.equal(hosted.status, 409, `hosted-page attempt answered ${hosted.status} ${JSON.stringify(body).slice(0, 200)}`);
    assert.equal(body.error?.code, 'attempt_in_progress');
  });

  it('once the claim expired, a hosted-page attempt asks the platform first: the session was paid', async () => {
    const created = await flow.api('/api/checkout-sessions', {
      amount: 2600,
      currency: 'EUR',
      customer: { id: 'cust-mixed', name: 'Zoë Test' },
      saveCard: 'optional',
    });
    const id = created.body.id as string;
    const saved = await attempt(id, { aliasId: secureCard, browser: BROWSER_INFO });
    const challenge = (await saved.json()) as AttemptResult;
    assert.equal(challenge.kind, 'challenge');
    if (challenge.kind !== 'challenge') return;
    await approveWithFeedbackLate(flow, challenge.url);

    clock.advance(601_000);
    const hosted = await attempt(id, {});
    const body = (await hosted.json()) as { error?: { code: string }; kind?: string };
    assert.equal(hosted.status, 409, `no second payable form: ${hosted.status} ${JSON.stringify(body).slice(0, 200)}`);
    assert.equal(body.error?.code, 'session_paid');
  });
});
