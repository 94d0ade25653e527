/**
 * A saved-card attempt answered "uncertain" (STATUS 92, NCSTATUS 2, NCERROR
 * 20001001). DirectLink guide §3.3: "The customer should not retry the authorisation process, as
 * the authorisation/payment might already have been accepted"; the merchant "can … wait until we
 * have updated the status in our system". The attempt stays `pending` and its claim holds — for
 * CLAIM_SECONDS only: after 600 s the next attempt asks the platform (settleExpiredClaim), which
 * still says 92: the new attempt is refused (409) until the reconciler settles the first — taken
 * over, the card was charged a second time.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../../server/clock.ts';
import { xml } from '../server/directlink/helpers.ts';
import { BROWSER_INFO, type FlowServer, postAttempt, saveCard, startFlowServer } from './helpers.ts';

describe('a saved-card attempt answered 92 (uncertain), retried after its claim expired', { timeout: 120_000 }, () => {
  let flow: FlowServer;
  const clock = manualClock(new Date());
  /** Armed: the next orderdirect is answered 92 by "the platform", which keeps saying 92 when asked. */
  let uncertainNext = false;
  let uncertainOrder: string | undefined;
  const UNCERTAIN_PAYID = '987654321';
  const uncertainAnswer = (orderID: string, amount: string) =>
    new Response(
      xml({
        orderID,
        PAYID: UNCERTAIN_PAYID,
        NCSTATUS: '2',
        NCERROR: '20001001',
        NCERRORPLUS: 'We received an unknown status for the transaction',
        ACCEPTANCE: '',
        STATUS: '92',
        amount,
        currency: 'EUR',
        PM: 'CreditCard',
        BRAND: 'VISA',
      }),
      { status: 200, headers: { 'content-type': 'text/xml' } },
    );
  const platform: typeof fetch = async (input, init) => {
    const path = new URL(String(input)).pathname;
    const form = Object.fromEntries(new URLSearchParams(String(init?.body ?? '')));
    if (uncertainNext && path.includes('orderdirect')) {
      uncertainNext = false;
      uncertainOrder = form.ORDERID;
      return uncertainAnswer(form.ORDERID!, (Number(form.AMOUNT) / 100).toString());
    }
    if (path.includes('querydirect') && (form.PAYID === UNCERTAIN_PAYID || (uncertainOrder && form.ORDERID === uncertainOrder))) {
      return uncertainAnswer(uncertainOrder!, '31.41');
    }
    return fetch(input, init);
  };

  let card: string;
  before(async () => {
    flow = await startFlowServer('sqlite', {
      clock,
      reconciler: { intervalMs: 0 },
      directLink: { timeoutMs: 5000, rtimeoutSeconds: false, fetch: platform },
    });
    card = await saveCard(flow, 'cust-uncertain', '4111111111111111');
  });
  after(() => flow?.close());

  it('no second charge while the first is still uncertain at the platform', async () => {
    const created = await flow.api('/api/checkout-sessions', {
      amount: 3141,
      currency: 'EUR',
      customer: { id: 'cust-uncertain', name: 'Zoë Test' },
      saveCard: 'optional',
    });
    assert.equal(created.status, 201);
    const id = created.body.id as string;

    uncertainNext = true;
    const first = await postAttempt(flow, id, { aliasId: card, browser: BROWSER_INFO });
    const firstBody = await first.text();
    assert.ok(uncertainOrder, 'precondition: the first order was answered 92');
    const firstTx = await flow.api(`/api/transactions/${uncertainOrder}`);
    assert.equal(firstTx.body.state, 'pending', `precondition: uncertain is pending (${first.status} ${firstBody})`);

    const early = await postAttempt(flow, id, { aliasId: card, browser: BROWSER_INFO });
    assert.equal(early.status, 409, 'precondition: the claim holds right after the uncertain answer');

    clock.advance(601_000);
    const retry = await postAttempt(flow, id, { aliasId: card, browser: BROWSER_INFO });
    const retryBody = await retry.text();
    const all = ((await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: Array<Record<string, any>> }).payments;
    const charged = all.filter((p) => Number(p.amount) === 3141 && [5, 9].includes(Number(p.status)));
    assert.equal(
      retry.status,
      409,
      `the first payment is still uncertain (92, "the customer should not retry"), yet the retry was sent: ${retry.status} ${retryBody}; charges at the platform besides the uncertain one: ${charged.length}`,
    );
    assert.equal(charged.length, 0, 'nothing charged besides the uncertain payment');
  });
});
