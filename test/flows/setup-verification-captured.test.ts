/**
 * A setup session's card verification is cancelled, never captured (docs/ogone-protocol.md §15),
 * and the merchant API refuses its capture. One captured all the same — in Ogone's back office,
 * its automatic cancel having failed meanwhile — was refused a refund too ("a card verification
 * of a setup session is never refunded"): the shopper's money stayed taken with no way back but
 * the back office. Its refund goes through now; its capture is still refused.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { shaSign } from '../../server/ogone/sha.ts';
import { eventually } from '../support/waiting.ts';
import { sandboxPayments, startFlowServer, type FlowServer } from './helpers.ts';
import { saveBySetup, SUCCESS } from './setup-helpers.ts';

describe('a setup verification captured in the back office', () => {
  let flow: FlowServer;
  let account: { pspid: string; userId: string; password: string; shaIn: string };
  before(async () => {
    flow = await startFlowServer('sqlite', {
      directLink: {
        timeoutMs: 5000,
        rtimeoutSeconds: false,
        fetch: async (input, init) => {
          // The automatic cancel (DES) does not reach the platform.
          if (String(input).includes('maintenancedirect') && /(^|&)OPERATION=DES(&|$)/.test(String(init?.body))) {
            const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
            throw new TypeError('fetch failed', { cause });
          }
          return fetch(input, init);
        },
      },
    });
    account = JSON.parse(await readFile(path.join(flow.database.dataDir, 'sandbox-credentials.json'), 'utf8'));
  });
  after(() => flow?.close());

  it('can be refunded through the merchant API, never captured', async () => {
    const { reference, landing } = await saveBySetup(flow, 'cust-verification-captured');
    assert.equal(landing.location, `${SUCCESS}&reference=${reference}`, landing.text);
    const [authorised] = await sandboxPayments(flow, reference);
    assert.equal(authorised?.status, 5);

    // The merchant's back office captures it (DirectLink maintenance with the account's API user),
    // and the platform's status change reaches the server.
    const params: Record<string, string> = {
      PSPID: account.pspid,
      USERID: account.userId,
      PSWD: account.password,
      PAYID: String(authorised!.payId),
      OPERATION: 'SAS',
    };
    const body = new URLSearchParams({
      ...params,
      SHASIGN: shaSign(params, { passphrase: account.shaIn, algorithm: 'sha512', direction: 'in' }),
    });
    const captured = await fetch(`${flow.url}/ncol/test/maintenancedirect.asp`, { method: 'POST', body });
    assert.equal(captured.status, 200, await captured.clone().text());
    await eventually(
      async () => (await sandboxPayments(flow, reference))[0]?.status,
      (status) => status === 9,
      'captured at the platform',
    );
    const resent = await fetch(`${flow.url}/sandbox/payments/${authorised!.payId}/feedback`, { method: 'POST' });
    assert.equal(resent.status, 200, await resent.clone().text());
    // Its STATUS 9 comes with the order's AMOUNT, which does not say how much the back office
    // captured of the authorisation: a query reads it from the history levels (docs/ogone-protocol.md §9).
    await eventually(
      async () => (await flow.api(`/api/transactions/${reference}`)).body,
      (tx) => tx.status === 9,
      'the feedback recorded',
    );
    const synced = await flow.api(`/api/transactions/${reference}/sync`, {});
    assert.equal(synced.status, 200, JSON.stringify(synced.body));
    await eventually(
      async () => (await flow.api(`/api/transactions/${reference}`)).body,
      (tx) => tx.state === 'captured' && tx.capturedAmount === 100,
      'the capture recorded',
    );

    const capture = await flow.api(`/api/transactions/${reference}/capture`, {});
    assert.equal(capture.status, 409, JSON.stringify(capture.body));
    const refund = await flow.api(`/api/transactions/${reference}/refund`, {}, { 'idempotency-key': 'give-verification-back' });
    assert.ok(refund.status === 200 || refund.status === 202, `the verification's money can be given back: ${JSON.stringify(refund.body)}`);
    await eventually(
      async () => (await sandboxPayments(flow, reference))[0]?.refunded,
      (refunded) => Number(refunded) > 0,
      'refunded at the platform',
    );
  });
});
