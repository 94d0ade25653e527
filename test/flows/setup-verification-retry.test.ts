/**
 * A setup session's verification (1.00 EUR authorised) whose automatic cancel (DES) fails once:
 * the platform unreachable, the request never left. The reconciler's sync reviews the
 * verification again (it owes its cancel, so the feedback set syncNeeded) and the cancel goes out
 * under a key of its own (maintenance/give-back-key.ts). The fixed key `setup-verification` used
 * to replay the failure for good: 1.00 held on the shopper's card.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '../support/waiting.ts';
import { sandboxPayments, startFlowServer, type FlowServer } from './helpers.ts';
import { saveBySetup, SUCCESS } from './setup-helpers.ts';

describe('setup verification: a cancel that failed once is retried', () => {
  let flow: FlowServer;
  let failMaintenance = 1;
  let maintenanceCalls = 0;
  before(async () => {
    flow = await startFlowServer('sqlite', {
      reconciler: { intervalMs: 150, afterMs: 300 },
      directLink: {
        timeoutMs: 5000,
        rtimeoutSeconds: false,
        fetch: async (input, init) => {
          if (String(input).includes('maintenancedirect')) {
            maintenanceCalls++;
            if (failMaintenance > 0) {
              failMaintenance--;
              const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
              throw new TypeError('fetch failed', { cause });
            }
          }
          return fetch(input, init);
        },
      },
    });
  });
  after(() => flow?.close());

  it('the 1.00 authorisation is given back even though the first DES never reached the platform', async () => {
    const { reference, landing } = await saveBySetup(flow, 'cust-cancel-retry');
    assert.equal(landing.location, `${SUCCESS}&reference=${reference}`);
    // The background cancel fails; the reconciler's rounds (every 150 ms) take it up again.
    const tx = await eventually(
      () => flow.api(`/api/transactions/${reference}`),
      (t) => t.body.state === 'cancelled',
      'the verification cancelled',
      { timeoutMs: 8000 },
    ).catch(() => flow.api(`/api/transactions/${reference}`));
    const atPlatform = (await sandboxPayments(flow, reference))[0];
    assert.ok(
      tx.body.state === 'cancelled' || tx.body.status === 61,
      `verification still ${tx.body.state} (status ${tx.body.status}) here, platform status ${atPlatform?.status}; maintenance calls: ${maintenanceCalls}`,
    );
    assert.equal(maintenanceCalls, 2, 'the failed try, then one cancel');
  });
});

describe('setup verification: a cancel the platform refused once is retried', () => {
  let flow: FlowServer;
  let refuseMaintenance = 1;
  let maintenanceCalls = 0;
  before(async () => {
    flow = await startFlowServer('sqlite', {
      reconciler: { intervalMs: 150, afterMs: 300 },
      directLink: {
        fetch: (input, init) => {
          if (String(input).includes('maintenancedirect') && typeof init?.body === 'string') {
            maintenanceCalls++;
            if (refuseMaintenance > 0) {
              refuseMaintenance--;
              // An NCERROR answer (a wrong password): refused, nothing done. Its write cleared
              // syncNeeded (nothing was open any more), and no sync came back for the cancel.
              return fetch(input, { ...init, body: init.body.replace(/(^|&)PSWD=[^&]*/, '$1PSWD=WrongPassword1') });
            }
          }
          return fetch(input, init);
        },
      },
    });
  });
  after(() => flow?.close());

  it('the 1.00 authorisation is given back by the reconciler alone', async () => {
    const { reference, landing } = await saveBySetup(flow, 'cust-cancel-refused');
    assert.equal(landing.location, `${SUCCESS}&reference=${reference}`);
    const tx = await eventually(
      () => flow.api(`/api/transactions/${reference}`),
      (t) => t.body.state === 'cancelled',
      'the verification cancelled',
      { timeoutMs: 8000 },
    ).catch(() => flow.api(`/api/transactions/${reference}`));
    assert.equal(tx.body.state, 'cancelled', `verification still ${tx.body.state}; maintenance calls: ${maintenanceCalls}`);
    assert.equal(maintenanceCalls, 2, 'the refused try, then one cancel');
  });
});
