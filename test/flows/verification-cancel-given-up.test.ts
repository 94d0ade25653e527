/**
 * A setup session's verification whose cancel never succeeds is flagged for a person once the
 * server stops trying: `needsAttention: true` and one `payment.needs_attention`, so the 1.00 EUR
 * held on the shopper's card is seen.
 *
 * README "Setup sessions": the card is checked with an authorisation of 1.00 EUR "cancelled at
 * once". Every DES is refused here (the API user's password changed in the back office). The
 * server tries MAX_GIVE_BACK_TRIES (5) times, then stops (server/maintenance/give-back-key.ts).
 * Review r1150 found only the error log saying so: the payment showed `authorized`,
 * `needsAttention: false`, no event — though README documents that flag and its gauge
 * (`ogone_checkout_payments_needing_attention`, "alert when above 0") for a payment the server
 * stopped looking after.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '../support/waiting.ts';
import { startFlowServer, type FlowServer } from './helpers.ts';
import { events, saveBySetup, SUCCESS } from './setup-helpers.ts';

describe('a setup verification whose cancel is refused every time', { timeout: 90_000 }, () => {
  let flow: FlowServer;
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
            // The API user's password changed: every DES refused with an NCERROR, nothing done.
            return fetch(input, { ...init, body: String(init?.body).replace(/(^|&)PSWD=[^&]*/, '$1PSWD=WrongPassword1') });
          }
          return fetch(input, init);
        },
      },
    });
  });
  after(() => flow?.close());

  it('is flagged for a person once the automatic cancel is given up', async () => {
    const { reference, landing } = await saveBySetup(flow, 'cust-r1150-hold');
    assert.equal(landing.location, `${SUCCESS}&reference=${reference}`);
    // Every try the server will make (5), made by the reconciler's rounds.
    await eventually(
      async () => maintenanceCalls,
      (calls) => calls >= 5,
      'the automatic cancel tried five times',
      { timeoutMs: 30_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const tx = (await flow.api(`/api/transactions/${reference}`)).body;
    assert.equal(tx.state, 'authorized', 'precondition: 1.00 EUR still held on the card');
    const flagged = await events(flow, 'payment.needs_attention', reference);
    assert.ok(
      tx.needsAttention === true && flagged.length === 1,
      `verification held after ${maintenanceCalls} refused cancels: needsAttention ${tx.needsAttention}, ${flagged.length} payment.needs_attention`,
    );
  });
});
