/**
 * A DirectLink query answer that is not about the payment asked for, or that does not say
 * the payment's amount, must never be taken as paid (docs/ogone-protocol.md §5 "a mismatch or a
 * missing one is never paid", §8). The platform (or whatever sits between us and it) misbehaves:
 * the querydirect answer is replaced by the test's own XML, and the sync that reads it is watched.
 * Over real HTTP against the sandbox, on SQLite.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '../support/waiting.ts';
import { hostedAttempt, paySession, startFlowServer, type FlowServer } from './helpers.ts';

describe('sync: query answers that do not match the payment', { timeout: 120_000 }, () => {
  let flow: FlowServer;
  /** When set, the next querydirect answer is replaced by this XML (given the request's form). */
  let forge: ((form: URLSearchParams) => string) | undefined;

  before(async () => {
    flow = await startFlowServer('sqlite', {
      reconciler: { intervalMs: 0 },
      directLink: {
        timeoutMs: 5000,
        rtimeoutSeconds: false,
        fetch: async (input, init) => {
          const make = forge;
          if (make && String(input).includes('querydirect')) {
            forge = undefined;
            const xml = make(new URLSearchParams(String(init?.body ?? '')));
            return new Response(`<?xml version="1.0"?>${xml}`, {
              status: 200,
              headers: { 'content-type': 'text/XML; Charset=iso-8859-1' },
            });
          }
          return fetch(input, init);
        },
      },
    });
  });
  after(() => flow?.close());

  const transaction = async (reference: string) => (await flow.api(`/api/transactions/${reference}`)).body;
  const eventTypes = async (reference: string) =>
    ((await flow.api(`/api/events?reference=${reference}`)).body.data as Array<{ type: string }>).map((e) => e.type);

  /** A 1.00 EUR session and its hosted-page attempt, never paid: a draft the platform does not know. */
  async function draft(): Promise<string> {
    const session = await flow.api('/api/checkout-sessions', { amount: 100, currency: 'EUR' });
    assert.equal(session.status, 201, JSON.stringify(session.body));
    return (await hostedAttempt(flow, session.body.id)).reference;
  }

  it('an answer whose AMOUNT differs but carries no CURRENCY is not taken as paid', async () => {
    const reference = await draft();
    // Control: the same wrong amount WITH a currency is a mismatch, never paid.
    const control = await draft();
    forge = () =>
      `<ncresponse orderID="${control}" PAYID="7100001" PAYIDSUB="0" NCSTATUS="0" NCERROR="0" NCERRORPLUS="!" ACCEPTANCE="test123" STATUS="9" amount="0.01" currency="EUR" PM="CreditCard" BRAND="VISA"/>`;
    const controlSync = await flow.api(`/api/transactions/${control}/sync`, {});
    assert.equal(forge, undefined, 'the query was sent');
    assert.notEqual(controlSync.body.state, 'captured', `control: ${JSON.stringify(controlSync.body)}`);

    // The platform says 0.01 (we asked 1.00) and leaves CURRENCY out.
    forge = () =>
      `<ncresponse orderID="${reference}" PAYID="7100002" PAYIDSUB="0" NCSTATUS="0" NCERROR="0" NCERRORPLUS="!" ACCEPTANCE="test123" STATUS="9" amount="0.01" PM="CreditCard" BRAND="VISA"/>`;
    const sync = await flow.api(`/api/transactions/${reference}/sync`, {});
    assert.equal(forge, undefined, 'the query was sent');
    const after = await transaction(reference);
    assert.notEqual(
      after.state,
      'captured',
      `an answer of AMOUNT 0.01 (no CURRENCY) for a 1.00 EUR payment was taken as paid: sync ${sync.status} ${JSON.stringify(sync.body)}`,
    );
    assert.ok(!(await eventTypes(reference)).includes('payment.captured'), 'payment.captured announced for 0.01 of 1.00');
  });

  it('an answer for another ORDERID (asked by ORDERID) is not applied to this payment', async () => {
    const reference = await draft();
    let asked = '';
    forge = (form) => {
      asked = form.get('ORDERID') ?? '';
      return `<ncresponse orderID="SOMEONE-ELSES-ORDER" PAYID="7200001" PAYIDSUB="0" NCSTATUS="0" NCERROR="0" NCERRORPLUS="!" ACCEPTANCE="test123" STATUS="9" amount="1.00" currency="EUR" PM="CreditCard" BRAND="VISA"/>`;
    };
    const sync = await flow.api(`/api/transactions/${reference}/sync`, {});
    assert.equal(asked, reference, 'the query asked for this ORDERID');
    const after = await transaction(reference);
    assert.notEqual(
      after.state,
      'captured',
      `an answer about ORDERID SOMEONE-ELSES-ORDER / PAYID 7200001 captured ${reference}: sync ${sync.status} ${JSON.stringify(sync.body)}`,
    );
    assert.notEqual(after.payid, '7200001', "another order's PAYID recorded as this payment's");
  });

  it('an answer for another PAYID (asked by PAYID) is not applied to this payment', async () => {
    // STATUS 92 (uncertain) on the hosted page: pending, with a PAYID; the next question is by PAYID.
    const reference = await paySession(flow, 'cust-review-payid', '4000000000009292', false);
    const pending = await eventually(
      () => transaction(reference),
      (t) => t.status === 92,
      'uncertain payment recorded',
    );
    assert.equal(pending.state, 'pending');
    const ours = String(pending.payid);
    const other = String(Number(ours) + 1000);
    let asked = '';
    forge = (form) => {
      asked = form.get('PAYID') ?? '';
      return `<ncresponse orderID="SOMEONE-ELSES-ORDER" PAYID="${other}" PAYIDSUB="0" NCSTATUS="0" NCERROR="0" NCERRORPLUS="!" ACCEPTANCE="test123" STATUS="9" amount="1.00" currency="EUR" PM="CreditCard" BRAND="VISA"/>`;
    };
    const sync = await flow.api(`/api/transactions/${reference}/sync`, {});
    assert.equal(asked, ours, 'the query asked for our PAYID');
    const after = await transaction(reference);
    assert.equal(after.payid, ours, `our PAYID ${ours} replaced by another payment's ${after.payid}`);
    assert.equal(
      after.state,
      'pending',
      `an answer about PAYID ${other} (ORDERID SOMEONE-ELSES-ORDER) settled ${reference}: sync ${sync.status} ${JSON.stringify(sync.body)}`,
    );
  });

  it('an answer with two ncresponse elements saying different things is not applied', async () => {
    const reference = await draft();
    forge = () =>
      `<wrapper><ncresponse orderID="${reference}" PAYID="7300001" PAYIDSUB="0" NCSTATUS="3" NCERROR="30001001" NCERRORPLUS="refused" STATUS="2" amount="1.00" currency="EUR"/></wrapper>` +
      `<ncresponse orderID="${reference}" PAYID="7300001" PAYIDSUB="0" NCSTATUS="0" NCERROR="0" NCERRORPLUS="!" ACCEPTANCE="test123" STATUS="9" amount="1.00" currency="EUR" PM="CreditCard" BRAND="VISA"/>`;
    const sync = await flow.api(`/api/transactions/${reference}/sync`, {});
    assert.equal(forge, undefined, 'the query was sent');
    const after = await transaction(reference);
    assert.equal(
      after.state,
      'draft',
      `a body with two contradicting ncresponse elements (STATUS 2 and STATUS 9) was applied: sync ${sync.status} ${JSON.stringify(sync.body)}`,
    );
  });
});
