/**
 * The automatic give-back of a duplicate payment fails once for a transient reason (the platform
 * unreachable: ECONNREFUSED, the request never left); the platform's feedback comes again (its
 * retry, the browser's copy) and a sync runs: the duplicate is still given back, once. (The fixed
 * Idempotency-Key used to replay the failure for good: the shopper stayed charged twice.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { sendFeedback } from '../support/feedback.ts';
import { eventually } from '../support/waiting.ts';
import { payOnHostedPage } from '../support/hosted-page.ts';
import { openTabs, startFlowServer, type FlowServer } from './helpers.ts';

type Redirect = Extract<AttemptResult, { kind: 'redirect' }>;

describe('duplicate give-back after a transient DirectLink failure (sqlite)', { timeout: 60_000 }, () => {
  let flow: FlowServer;
  let refuseMaintenance = 0;
  before(async () => {
    flow = await startFlowServer('sqlite', {
      directLink: {
        fetch: (input, init) => {
          if (refuseMaintenance > 0 && String(input).includes('maintenancedirect')) {
            refuseMaintenance--;
            const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
            return Promise.reject(new TypeError('fetch failed', { cause }));
          }
          return fetch(input, init);
        },
      },
    });
  });
  after(() => flow?.close());

  const payments = async () =>
    ((await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: Array<Record<string, any>> }).payments;

  const pay = (redirect: Redirect) => payOnHostedPage(redirect, '4111111111111111');

  it('the feedback again and a sync still give the duplicate back (one RFS)', async () => {
    const created = await flow.api('/api/checkout-sessions', { amount: 1500, currency: 'EUR' });
    const id = created.body.id as string;
    const tabs = await openTabs(flow.url, id, 2);
    const [first, second] = tabs as [Redirect, Redirect];
    await pay(first);
    await eventually(
      () => flow.api(`/api/checkout-sessions/${id}`),
      (v) => v.body.paidReference === first.reference,
      'first paid',
    );
    refuseMaintenance = 1;
    await pay(second);
    await eventually(
      () => flow.api(`/api/transactions/${second.reference}`),
      (v) => v.body.duplicateOf === first.reference && (v.body.operations ?? []).length > 0,
      'duplicate flagged, give-back tried',
      // Long enough for a loaded machine: at a load average of 15 the review took over 5 s.
      { timeoutMs: 20_000 },
    ).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(refuseMaintenance, 0, 'the give-back was tried and failed once');

    // The platform's feedback again (its retry / the browser's copy), and a sync.
    const atPlatform = (await payments()).find((p) => p.orderId === second.reference)!;
    const nine = atPlatform.deliveries.find((d: any) => d.parameters.STATUS === '9');
    assert.ok(nine);
    assert.equal(await sendFeedback(flow.url, nine.parameters, { channel: 'server', method: 'POST' }), 200);
    await new Promise((r) => setTimeout(r, 500));
    await flow.api(`/api/transactions/${second.reference}/sync`, {});
    await new Promise((r) => setTimeout(r, 500));

    const later = (await payments()).find((p) => p.orderId === second.reference)!;
    const refunds = later.history.filter((h: any) => h.operation === 'RFS' || h.operation === 'RFD').length;
    const view = await flow.api(`/api/transactions/${second.reference}`);
    assert.equal(
      refunds,
      1,
      `duplicate ${second.reference} should be refunded once at the platform; state=${view.body.state} ops=${JSON.stringify(view.body.operations)}`,
    );
  });
});
