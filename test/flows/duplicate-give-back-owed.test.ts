/**
 * A duplicate whose give-back is still owed (its cancel refused once by the platform, to be tried
 * again), after the merchant cancelled the session's kept payment (RES): nothing of the order is
 * paid, and this payment is going to be cancelled. Its shopper was sent to the shop's success URL
 * under the duplicate's own reference (review r1120); a duplicate's shopper now reaches the
 * success URL only under the kept payment's reference while that one holds the money, and our
 * status page otherwise.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { payOnHostedPage } from '../support/hosted-page.ts';
import { eventually } from '../support/waiting.ts';
import { openTabs, startFlowServer, type FlowServer } from './helpers.ts';

type Redirect = Extract<AttemptResult, { kind: 'redirect' }>;
const SUCCESS = 'https://shop.example.com/thanks';
const FAILURE = 'https://shop.example.com/cart';

describe('a duplicate still owed its give-back, its kept payment cancelled since', { timeout: 90_000 }, () => {
  let flow: FlowServer;
  let allowMaintenance = true;
  before(async () => {
    flow = await startFlowServer('sqlite', {
      env: { OGONE_OPERATION: 'RES' },
      reconciler: { intervalMs: 0 },
      directLink: {
        fetch: (input, init) => {
          if (!allowMaintenance && String(input).includes('maintenancedirect') && typeof init?.body === 'string')
            // The platform refuses the give-back (an NCERROR): nothing done, tried again later.
            return fetch(input, { ...init, body: init.body.replace(/(^|&)PSWD=[^&]*/, '$1PSWD=WrongPassword1') });
          return fetch(input, init);
        },
      },
    });
  });
  after(() => flow?.close());

  const land = async (url: string) => {
    const response = await fetch(url, { headers: BROWSER_HEADERS, redirect: 'manual' });
    await response.arrayBuffer();
    return response.headers.get('location');
  };

  it('is not sent to the success URL under the reference being given back', async () => {
    const created = await flow.api('/api/checkout-sessions', { amount: 3232, currency: 'EUR', successUrl: SUCCESS, failureUrl: FAILURE });
    assert.equal(created.status, 201);
    const [first, second] = (await openTabs(flow.url, created.body.id as string, 2)) as [Redirect, Redirect];
    assert.equal(await land(await payOnHostedPage(first, '4111111111111111')), `${SUCCESS}?reference=${first.reference}`);

    allowMaintenance = false;
    const back = await payOnHostedPage(second, '4111111111111111');
    const flagged = await eventually(
      async () => (await flow.api(`/api/transactions/${second.reference}`)).body,
      (v) => v.duplicateOf === first.reference && (v.operations ?? []).some((op: any) => op.status === 'failed'),
      'duplicate flagged, its give-back refused',
    );
    assert.equal(flagged.state, 'authorized');

    // The merchant cancels the kept authorisation (this call reaches the platform).
    allowMaintenance = true;
    const cancel = await flow.api(`/api/transactions/${first.reference}/cancel`, {}, { 'idempotency-key': 'r1120-cancel-kept' });
    assert.ok(cancel.status < 300, JSON.stringify(cancel.body));
    await eventually(
      async () => (await flow.api(`/api/transactions/${first.reference}/sync`, {})).body,
      (v) => v.state === 'cancelled',
      'kept cancelled',
    );

    // The duplicate's give-back is still refused for now; its browser comes back.
    allowMaintenance = false;
    const destination = await land(back);
    const now = (await flow.api(`/api/transactions/${second.reference}`)).body;
    // Once the platform takes it, the owed give-back cancels the very payment the shop was told of.
    allowMaintenance = true;
    const later = await eventually(
      async () => (await flow.api(`/api/transactions/${second.reference}/sync`, {})).body,
      (v) => v.state === 'cancelled',
      'the duplicate given back at its next review',
    ).catch(() => undefined);
    assert.notEqual(
      destination,
      `${SUCCESS}?reference=${second.reference}`,
      `the duplicate (state ${now.state}, duplicateOf ${now.duplicateOf}, then ${later?.state ?? 'not given back'}) sent its shopper to the success URL under its own reference`,
    );
  });
});
