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

/** The flow server, its first DES failing as `fail` says; counts the maintenance calls. */
async function startFailingOnce(fail: (input: string | URL | Request, init: RequestInit | undefined) => Promise<Response>) {
  const state = { flow: undefined as FlowServer | undefined, failures: 1, maintenanceCalls: 0 };
  state.flow = await startFlowServer('sqlite', {
    reconciler: { intervalMs: 150, afterMs: 300 },
    directLink: {
      timeoutMs: 5000,
      rtimeoutSeconds: false,
      fetch: async (input, init) => {
        if (String(input).includes('maintenancedirect')) {
          state.maintenanceCalls++;
          if (state.failures > 0) {
            state.failures--;
            return fail(input, init);
          }
        }
        return fetch(input, init);
      },
    },
  });
  return state as typeof state & { flow: FlowServer };
}

/** The verification, cancelled by the reconciler's rounds (every 150 ms) once its first DES failed. */
async function cancelledAfterOneFailure(flow: FlowServer, customerId: string) {
  const { reference, landing } = await saveBySetup(flow, customerId);
  assert.equal(landing.location, `${SUCCESS}&reference=${reference}`);
  return eventually(
    () => flow.api(`/api/transactions/${reference}`),
    (t) => t.body.state === 'cancelled',
    'the verification cancelled',
    { timeoutMs: 8000 },
  ).catch(() => flow.api(`/api/transactions/${reference}`));
}

describe('setup verification: a cancel that failed once is retried', () => {
  let server: Awaited<ReturnType<typeof startFailingOnce>>;
  before(async () => {
    server = await startFailingOnce(() => {
      const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
      throw new TypeError('fetch failed', { cause });
    });
  });
  after(() => server?.flow.close());

  it('the 1.00 authorisation is given back even though the first DES never reached the platform', async () => {
    const tx = await cancelledAfterOneFailure(server.flow, 'cust-cancel-retry');
    const atPlatform = (await sandboxPayments(server.flow, tx.body.reference))[0];
    assert.ok(
      tx.body.state === 'cancelled' || tx.body.status === 61,
      `verification still ${tx.body.state} (status ${tx.body.status}) here, platform status ${atPlatform?.status}; maintenance calls: ${server.maintenanceCalls}`,
    );
    assert.equal(server.maintenanceCalls, 2, 'the failed try, then one cancel');
  });
});

describe('setup verification: a cancel the platform refused once is retried', () => {
  let server: Awaited<ReturnType<typeof startFailingOnce>>;
  before(async () => {
    // An NCERROR answer (a wrong password): refused, nothing done. Its write cleared syncNeeded
    // (nothing was open any more), and no sync came back for the cancel.
    server = await startFailingOnce((input, init) =>
      fetch(input, { ...init, body: String(init?.body).replace(/(^|&)PSWD=[^&]*/, '$1PSWD=WrongPassword1') }),
    );
  });
  after(() => server?.flow.close());

  it('the 1.00 authorisation is given back by the reconciler alone', async () => {
    const tx = await cancelledAfterOneFailure(server.flow, 'cust-cancel-refused');
    assert.equal(tx.body.state, 'cancelled', `verification still ${tx.body.state}; maintenance calls: ${server.maintenanceCalls}`);
    assert.equal(server.maintenanceCalls, 2, 'the refused try, then one cancel');
  });
});
