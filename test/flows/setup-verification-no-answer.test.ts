/**
 * The card verification's DirectLink answer lost (a timeout) on the FlexCheckout return.
 *
 * The return is a top-level browser navigation (routes/flex-return.ts): the shopper lands on
 * whatever it answers. setup-return.ts has an outcome for exactly this — `pending`, the status page
 * follows it — and a reload of the same return went there; but the first return let the DirectLink
 * failure escape, and the shopper's browser showed a 504 JSON problem document meant for a
 * merchant, while the verification may well have been authorised.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answerLosingFetch, startFlowServer, type FlowServer } from './helpers.ts';
import { land, navigate, setupSession, typeCard } from './setup-helpers.ts';

describe('setup verification whose answer is lost', () => {
  let flow: FlowServer;
  const losing = answerLosingFetch();
  before(async () => {
    flow = await startFlowServer('sqlite', { directLink: { timeoutMs: 5000, rtimeoutSeconds: false, fetch: losing.fetch } });
  });
  after(() => flow?.close());

  it('the shopper is sent to the status page (pending), not shown a server error', async () => {
    const id = await setupSession(flow, 'cust-no-answer-lost');
    const attempt = await navigate(flow, id);
    const back = await typeCard(attempt.url, '4111111111111111');
    losing.loseNextAnswer('orderdirect');
    const landing = await land(back);
    assert.equal(
      landing.status,
      303,
      `the shopper's browser got ${landing.status} ${landing.text.slice(0, 300)} instead of a redirect to the status page`,
    );
    assert.equal(landing.location, `${flow.url}/payment/status/${encodeURIComponent(attempt.reference)}`);
  });
});
