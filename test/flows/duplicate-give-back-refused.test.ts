/**
 * A duplicate's automatic give-back that the platform refuses once (an NCERROR answer, here a
 * credential error on the maintenance call) is tried again by the reconciler's sync, as
 * docs/ogone-protocol.md §8 says ("A give-back that failed (it never reached the platform, or was
 * refused) is tried again by the payment's next review — its feedback again, or the reconciler's
 * sync, which the flag asks for (`syncNeeded`)"). No further feedback arrives: only the
 * reconciler. The refusal's own write had cleared the flag, so nothing came back for it and the
 * shopper stayed charged twice. Refused every time, it is tried MAX_GIVE_BACK_TRIES times and then
 * left to a person: the reconciler stops asking the platform about it (Ogone forbids systematic
 * queries, DirectLink guide §5.4).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { eventually } from '../support/waiting.ts';
import { payOnHostedPage } from '../support/hosted-page.ts';
import { MAX_GIVE_BACK_TRIES } from '../../server/maintenance/give-back-key.ts';
import { openTabs, startFlowServer, type FlowServer } from './helpers.ts';

type Redirect = Extract<AttemptResult, { kind: 'redirect' }>;

describe('duplicate give-back refused once by the platform (sqlite)', { timeout: 60_000 }, () => {
  let flow: FlowServer;
  let refuseMaintenance = 0;
  let queries = 0;
  before(async () => {
    flow = await startFlowServer('sqlite', {
      reconciler: { intervalMs: 150, afterMs: 300 },
      directLink: {
        fetch: (input, init) => {
          if (String(input).includes('querydirect')) queries++;
          if (refuseMaintenance > 0 && String(input).includes('maintenancedirect') && typeof init?.body === 'string') {
            refuseMaintenance--;
            // The platform answers with an NCERROR (wrong password): a refusal, nothing done.
            return fetch(input, { ...init, body: init.body.replace(/(^|&)PSWD=[^&]*/, '$1PSWD=WrongPassword1') });
          }
          return fetch(input, init);
        },
      },
    });
  });
  after(() => flow?.close());

  const payments = async () =>
    ((await (await fetch(`${flow.url}/sandbox/payments`)).json()) as { payments: Array<Record<string, any>> }).payments;

  /** A session of `amount` open in two tabs, the first paid: the second tab, still to pay. */
  async function secondTabOfPaidSession(amount: number): Promise<Redirect> {
    const created = await flow.api('/api/checkout-sessions', { amount, currency: 'EUR' });
    const id = created.body.id as string;
    const [first, second] = (await openTabs(flow.url, id, 2)) as [Redirect, Redirect];
    await payOnHostedPage(first, '4111111111111111');
    await eventually(
      () => flow.api(`/api/checkout-sessions/${id}`),
      (v) => v.body.paidReference === first.reference,
      'first paid',
    );
    return second;
  }

  it('the reconciler tries the refused give-back again: the duplicate is refunded once', async () => {
    const second = await secondTabOfPaidSession(1500);
    refuseMaintenance = 1;
    await payOnHostedPage(second, '4111111111111111');
    await eventually(
      () => flow.api(`/api/transactions/${second.reference}`),
      (v) => Boolean(v.body.duplicateOf) && (v.body.operations ?? []).some((op: any) => op.status === 'failed'),
      'duplicate flagged, give-back refused once',
      { timeoutMs: 5000 },
    );
    assert.equal(refuseMaintenance, 0);

    // Only the reconciler from here on (it runs every 150 ms, for payments unchanged for 300 ms).
    let last: Record<string, any> = {};
    const done = await eventually(
      async () => {
        last = (await flow.api(`/api/transactions/${second.reference}`)).body;
        return last;
      },
      (v) => v.state === 'refunded',
      'duplicate refunded by a retry',
      { timeoutMs: 8000 },
    ).then(
      () => true,
      () => false,
    );
    const atPlatform = (await payments()).find((p) => p.orderId === second.reference)!;
    const refunds = atPlatform.history.filter((h: any) => h.operation === 'RFS' || h.operation === 'RFD').length;
    assert.ok(
      done && refunds === 1,
      `the duplicate should be refunded once after the refused try; state=${last.state} syncNeeded=${last.syncNeeded} refunds at platform=${refunds} ops=${JSON.stringify(last.operations)}`,
    );
  });

  it('refused every time: five tries, then the reconciler lets it be', async () => {
    const second = await secondTabOfPaidSession(1600);
    refuseMaintenance = 1_000;
    try {
      await payOnHostedPage(second, '4111111111111111');
      const failedTries = (v: { body: { operations?: Array<{ status: string }> } }) =>
        (v.body.operations ?? []).filter((op) => op.status === 'failed').length;
      const tried = await eventually(
        () => flow.api(`/api/transactions/${second.reference}`),
        (v) => failedTries(v) >= MAX_GIVE_BACK_TRIES,
        'every try refused',
        { timeoutMs: 15_000 },
      );
      assert.equal(tried.body.operations.length, MAX_GIVE_BACK_TRIES, JSON.stringify(tried.body.operations));
      // Settled: the last sync let the flag go. Nothing more is sent or asked.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const [operations, asked] = [(await flow.api(`/api/transactions/${second.reference}`)).body.operations.length, queries];
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      assert.equal((await flow.api(`/api/transactions/${second.reference}`)).body.operations.length, operations);
      assert.equal(queries, asked, 'the reconciler still queries the payment');
      assert.equal(operations, MAX_GIVE_BACK_TRIES);
    } finally {
      refuseMaintenance = 0;
    }
  });
});
