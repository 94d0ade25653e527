/**
 * A setup session's card verification (1.00 EUR authorised with the alias the shopper just agreed
 * to store, COF CIT/FIRST) is "an authorisation only … cancelled, never captured"
 * (payments/setup-session.ts, docs/ogone-protocol.md §15). Its automatic cancel can be late: the
 * first DES never reached the platform and the next try waits for the reconciler's sync
 * (maintenance/setup-verification.ts). Meanwhile the verification is an `authorized` payment to
 * the merchant API (announced by `payment.authorized`), and `POST /api/transactions/:ref/capture`
 * captured it: money taken from a card whose owner only saved it, and the cancel that followed was
 * refused for good ("a payment with captures cannot be cancelled"). It is refused 409.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxPayments, startFlowServer, type FlowServer } from './helpers.ts';
import { saveBySetup, SUCCESS } from './setup-helpers.ts';

describe('a setup verification whose cancel is late', () => {
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite', {
      env: { OGONE_OPERATION: 'SAL' },
      directLink: {
        timeoutMs: 5000,
        rtimeoutSeconds: false,
        fetch: async (input, init) => {
          // The automatic cancel (DES) does not reach the platform: the next try is the sync's.
          if (String(input).includes('maintenancedirect') && /(^|&)OPERATION=DES(&|$)/.test(String(init?.body))) {
            const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
            throw new TypeError('fetch failed', { cause });
          }
          return fetch(input, init);
        },
      },
    });
  });
  after(() => flow?.close());

  it('cannot be captured through the merchant API', async () => {
    const { reference, landing } = await saveBySetup(flow, 'cust-verification-capture');
    assert.equal(landing.location, `${SUCCESS}&reference=${reference}`, landing.text);
    const before = await flow.api(`/api/transactions/${reference}`);
    assert.equal(before.body.state, 'authorized', 'the verification waits for its cancel');

    const capture = await flow.api(`/api/transactions/${reference}/capture`, {});
    const tx = await flow.api(`/api/transactions/${reference}`);
    const atPlatform = (await sandboxPayments(flow, reference))[0];
    assert.deepEqual(
      { captureStatus: capture.status, capturedAmount: tx.body.capturedAmount, platformStatus: atPlatform?.status },
      { captureStatus: 409, capturedAmount: 0, platformStatus: 5 },
      `a card verification must never be captured: ${JSON.stringify(capture.body)}`,
    );
  });
});
